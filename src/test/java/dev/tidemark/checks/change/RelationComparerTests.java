package dev.tidemark.checks.change;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tidemark.checks.change.Difference.Presence;
import dev.tidemark.checks.change.RelationChange.ColumnDef;
import dev.tidemark.checks.change.RelationChange.Name;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.ConstraintInfo.ConstraintType;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.PartitioningInfo;
import dev.tidemark.inspection.model.SchemaInfo;
import dev.tidemark.inspection.model.ServerInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TableInfo.TableKind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelationComparerTests {

	// ------------------------------------------------------------------------------------------------ builders

	/** A hand-built format-2 snapshot: only the relation lists matter here. */
	private static final class Snap {

		final List<TableInfo> tables = new ArrayList<>();

		final List<ConstraintInfo> constraints = new ArrayList<>();

		final List<IndexInfo> indexes = new ArrayList<>();

		final List<PartitioningInfo> partitioning = new ArrayList<>();

		int serverVersion = 150004;

		Snap server(int versionNum) {
			serverVersion = versionNum;
			return this;
		}

		Snap table(TableInfo t) {
			tables.add(t);
			return this;
		}

		Snap constraint(ConstraintInfo c) {
			constraints.add(c);
			return this;
		}

		Snap index(IndexInfo i) {
			indexes.add(i);
			return this;
		}

		Snap partitioned(String schema, String table, String key) {
			partitioning.add(new PartitioningInfo(schema, table, key.substring(0, key.indexOf(' ')), key, List.of(),
					null, null, null, List.of(), null));
			return this;
		}

		CatalogSnapshot build() {
			return new CatalogSnapshot(2, new ServerInfo(serverVersion / 10000 + "." + serverVersion % 100, serverVersion,
					"app", new TreeMap<>()),
					List.of(new SchemaInfo("public", "postgres")), List.of(), tables, constraints, indexes, List.of(),
					List.of(), List.of(), List.of(), partitioning, MigrationHistory.none(), null, List.of(), List.of(),
					List.of(), List.of(), List.of());
		}
	}

	private static TableInfo table(String schema, String name, ColumnInfo... columns) {
		return new TableInfo(schema, name, TableKind.TABLE, "permanent", "app", null, List.of(columns), null, List.of(),
				false, false, List.of(), null);
	}

	private static TableInfo with(TableInfo t, String persistence, boolean rls, boolean force, List<String> options,
			String comment) {
		return new TableInfo(t.schema(), t.name(), t.kind(), persistence, t.owner(), t.partitionOf(), t.columns(),
				t.partitionBound(), t.inherits(), rls, force, options, comment);
	}

	private static TableInfo partitionedTable(String schema, String name, ColumnInfo... columns) {
		return new TableInfo(schema, name, TableKind.PARTITIONED_TABLE, "permanent", "app", null, List.of(columns), null,
				List.of(), false, false, List.of(), null);
	}

	private static TableInfo partition(String schema, String name, String parent, String bound) {
		return new TableInfo(schema, name, TableKind.TABLE, "permanent", "app", parent, List.of(), bound, List.of(),
				false, false, List.of(), null);
	}

	private static ColumnInfo col(int position, String name, String type, boolean nullable) {
		return new ColumnInfo(position, name, type, nullable, null, null, null, null, null);
	}

	private static ColumnInfo col(int position, String name, String type, boolean nullable, String dflt,
			String identity, String generated, String collation, String comment) {
		return new ColumnInfo(position, name, type, nullable, dflt, identity, generated, collation, comment);
	}

	private static ConstraintInfo pk(String schema, String table, String name, String... columns) {
		return new ConstraintInfo(schema, table, name, ConstraintType.PRIMARY_KEY, List.of(columns), null, null,
				List.of(), null, null, false, false, true, false, name,
				"PRIMARY KEY (" + String.join(", ", columns) + ")", null);
	}

	private static ConstraintInfo check(String schema, String table, String name, String definition,
			boolean validated) {
		return new ConstraintInfo(schema, table, name, ConstraintType.CHECK, List.of(), null, null, List.of(), null,
				null, false, false, validated, false, null, definition + (validated ? "" : " NOT VALID"), null);
	}

	private static ConstraintInfo fk(String schema, String table, String name, String column, String refTable,
			String refColumn) {
		return new ConstraintInfo(schema, table, name, ConstraintType.FOREIGN_KEY, List.of(column), schema, refTable,
				List.of(refColumn), "NO ACTION", "NO ACTION", false, false, true, false, null,
				"FOREIGN KEY (" + column + ") REFERENCES " + schema + "." + refTable + "(" + refColumn + ")", null);
	}

	private static IndexInfo index(String schema, String table, String name, String constraint, boolean unique,
			String definition, String... columns) {
		return new IndexInfo(schema, table, name, "btree", unique, false, List.of(columns), List.of(), null, true, true,
				constraint, definition);
	}

	private static ColumnInfo settings(int position, String name, @Nullable Integer statistics,
			@Nullable String storage) {
		return new ColumnInfo(position, name, "text", true, null, null, null, null, null, statistics, storage,
				"EXTENDED");
	}

	@Test
	void columnStatisticsTargetsAndStorageAreRepairedInPlaceBothWays() {
		Snap reference = new Snap().table(table("public", "t", settings(1, "a", 500, null),
				settings(2, "b", null, "EXTERNAL"), settings(3, "c", null, null), settings(4, "d", null, "MAIN")));
		Snap target = new Snap().table(table("public", "t", settings(1, "a", null, null), settings(2, "b", null, null),
				settings(3, "c", 10, "PLAIN"), settings(4, "d", null, "EXTERNAL")));
		Map<String, Difference> byObject = new TreeMap<>();
		compare(target, reference).forEach(d -> byObject.put(d.object(), d));

		assertThat(byObject).containsOnlyKeys("public.t.a", "public.t.b", "public.t.c", "public.t.d");
		assertThat(byObject.get("public.t.a").kind()).isEqualTo("column");
		assertThat(byObject.get("public.t.a").changes())
			.containsExactly(new RelationChange.SetColumnStatistics("public", "t", "a", 500, null));
		assertThat(byObject.get("public.t.b").changes())
			.containsExactly(new RelationChange.SetColumnStorage("public", "t", "b", "EXTERNAL", "EXTENDED"));
		assertThat(byObject.get("public.t.c").changes()).containsExactly(
				new RelationChange.SetColumnStatistics("public", "t", "c", null, 10),
				new RelationChange.SetColumnStorage("public", "t", "c", "EXTENDED", "PLAIN"));
		assertThat(byObject.get("public.t.d").changes())
			.containsExactly(new RelationChange.SetColumnStorage("public", "t", "d", "MAIN", "EXTERNAL"));
	}

	@Test
	void columnStatisticsAndStorageASnapshotDidNotReadAreNotCompared() {
		Snap reference = new Snap().table(table("public", "t", settings(1, "a", 500, "EXTERNAL")));
		Snap target = new Snap().table(table("public", "t", col(1, "a", "text", true)));
		assertThat(compare(target, reference)).isEmpty();
		assertThat(compare(reference, target)).isEmpty();
	}

	private static List<Difference> compare(Snap target, Snap reference) {
		return SchemaComparer.fold(new RelationComparer().compare(target.build(), reference.build()));
	}

	private static final List<String> PUBLIC = List.of("schema:public");

	private static List<String> inTable(String schema, String table) {
		return List.of("schema:" + schema, "table:" + schema + "." + table);
	}

	// ------------------------------------------------------------------------------------------------ tables

	@Test
	void aMissingTableIsOneDifferenceCreatingItWithItsColumnsConstraintsAndIndexes() {
		Snap reference = new Snap()
			.table(table("public", "orders", col(1, "id", "bigint", false, null, "ALWAYS", null, null, null),
					col(2, "note", "text", true, "'none'::text", null, null, "\"C\"", null),
					col(3, "total", "numeric(10,2)", true, null, null, "(id * 2)", null, null)))
			.constraint(pk("public", "orders", "orders_pkey", "id"))
			.index(index("public", "orders", "orders_pkey", "orders_pkey", true,
					"CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)", "id"))
			.index(index("public", "orders", "orders_note_idx", null, false,
					"CREATE INDEX orders_note_idx ON public.orders USING btree (note)", "note"));
		List<Difference> differences = compare(new Snap(), reference);

		assertThat(differences).hasSize(1);
		Difference d = differences.get(0);
		assertThat(d.presence()).isEqualTo(Presence.MISSING);
		assertThat(d.kind()).isEqualTo("table");
		assertThat(d.object()).isEqualTo("public.orders");
		assertThat(d.parents()).isEqualTo(PUBLIC);
		assertThat(d.reference()).isEqualTo("TABLE (id bigint NOT NULL GENERATED ALWAYS AS IDENTITY, "
				+ "note text COLLATE \"C\" DEFAULT 'none'::text, total numeric(10,2) GENERATED ALWAYS AS ((id * 2)) STORED)");
		assertThat(d.changes()).containsExactly(
				new RelationChange.CreateTable("public", "orders",
						List.of(new ColumnDef("id", "bigint", null, null, true, "ALWAYS", null),
								new ColumnDef("note", "text", "\"C\"", "'none'::text", false, null, null),
								new ColumnDef("total", "numeric(10,2)", null, null, false, null, "(id * 2)")),
						false, null, null, null, List.of(), List.of(), false, false, null),
				new RelationChange.AddConstraint("public", "orders", "orders_pkey", "PRIMARY_KEY", "PRIMARY KEY (id)",
						true, false, "CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)", List.of(),
						List.of("id")),
				new RelationChange.CreateIndex("public", "orders", "orders_note_idx",
						"CREATE INDEX orders_note_idx ON public.orders USING btree (note)", false, List.of("note")));
	}

	@Test
	void theSchemaComparerFoldsAMissingTablesPartsIntoIt() {
		Snap reference = new Snap().table(table("public", "t", col(1, "id", "bigint", false)))
			.constraint(check("public", "t", "t_id_check", "CHECK (id > 0)", true));
		List<Difference> differences = SchemaComparer.compare(new Snap().build(), reference.build());

		assertThat(differences).singleElement().satisfies(d -> {
			assertThat(d.identity()).isEqualTo("table:public.t");
			assertThat(d.changes()).hasSize(2).element(1).isEqualTo(new RelationChange.AddConstraint("public", "t",
					"t_id_check", "CHECK", "CHECK (id > 0)", true, false, null, List.of()));
		});
	}

	@Test
	void aMissingPartitionedTableAndItsPartitionsRequireTheParent() {
		Snap reference = new Snap()
			.table(with(partitionedTable("public", "events", col(1, "at", "timestamp with time zone", false)),
					"permanent", true, true, List.of("fillfactor=70"), "all events"))
			.table(partition("public", "events_2024", "public.events",
					"FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')"))
			.partitioned("public", "events", "RANGE (at)");
		List<Difference> differences = compare(new Snap(), reference);

		assertThat(differences).extracting(Difference::object).containsExactly("public.events", "public.events_2024");
		RelationChange.CreateTable parent = new RelationChange.CreateTable("public", "events",
				List.of(new ColumnDef("at", "timestamp with time zone", null, null, true, null, null)), false,
				"RANGE (at)", null, null, List.of(), List.of("fillfactor=70"), true, true, "all events");
		RelationChange.CreateTable child = new RelationChange.CreateTable("public", "events_2024", List.of(), false, null,
				new Name("public", "events"),
				"FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')", List.of(), List.of(), false,
				false, null);
		assertThat(differences.get(0).changes()).containsExactly(parent);
		assertThat(differences.get(1).changes()).containsExactly(child);
		assertThat(differences.get(1).parents()).isEqualTo(PUBLIC);
		assertThat(child.requires()).containsExactly("table:public.events");
		assertThat(differences.get(0).reference()).isEqualTo("PARTITIONED TABLE (at timestamp with time zone NOT NULL)"
				+ " PARTITION BY RANGE (at) WITH (fillfactor=70) ROW LEVEL SECURITY FORCED COMMENT 'all events'");
	}

	@Test
	void anExtraTableIsDroppedWithItsPartitionsAndPartsUnreported() {
		Snap target = new Snap().table(partitionedTable("public", "logs", col(1, "id", "bigint", false)))
			.table(partition("public", "logs_1", "public.logs", "FOR VALUES IN (1)"))
			.partitioned("public", "logs", "LIST (id)")
			.constraint(check("public", "logs", "logs_id_check", "CHECK ((id > 0))", true))
			.index(index("public", "logs", "logs_id_idx", null, false,
					"CREATE INDEX logs_id_idx ON ONLY public.logs USING btree (id)", "id"));
		List<Difference> differences = compare(target, new Snap());

		assertThat(differences).hasSize(1);
		Difference d = differences.get(0);
		assertThat(d.presence()).isEqualTo(Presence.EXTRA);
		assertThat(d.object()).isEqualTo("public.logs");
		assertThat(d.target()).isEqualTo("PARTITIONED TABLE (id bigint NOT NULL) PARTITION BY LIST (id)");
		assertThat(d.changes()).containsExactly(new RelationChange.DropTable("public", "logs", true));
		assertThat(d.changes().get(0).destructive()).isTrue();
	}

	private static TableInfo rows(TableInfo t, Long estimatedRows) {
		return new TableInfo(t.schema(), t.name(), t.kind(), t.persistence(), t.owner(), t.partitionOf(), t.columns(),
				t.partitionBound(), t.inherits(), t.rowSecurity(), t.forceRowSecurity(), t.options(), t.comment(),
				estimatedRows);
	}

	@Test
	void dropsTellTheTargetsRowEstimateAPartitionedTableItsPartitionsSum() {
		Snap target = new Snap().table(partitionedTable("public", "logs", col(1, "id", "bigint", false)))
			.table(rows(partition("public", "logs_1", "public.logs", "FOR VALUES IN (1)"), 1000L))
			.table(new TableInfo("public", "logs_2", TableKind.PARTITIONED_TABLE, "permanent", "app", "public.logs",
					List.of(), "FOR VALUES IN (2)", List.of(), false, false, List.of(), null))
			.table(rows(partition("public", "logs_2a", "public.logs_2", "FOR VALUES IN (2)"), 234L))
			.partitioned("public", "logs", "LIST (id)")
			.table(rows(table("public", "old", col(1, "id", "bigint", false)), 5L))
			.table(table("public", "never", col(1, "id", "bigint", false)))
			.table(rows(table("public", "t", col(1, "id", "bigint", false), col(2, "gone", "text", true)), 7L));
		Snap reference = new Snap().table(rows(table("public", "t", col(1, "id", "bigint", false)), 99_999L));
		List<Difference> differences = compare(target, reference);

		assertThat(differences).flatExtracting(Difference::changes).containsExactlyInAnyOrder(
				new RelationChange.DropTable("public", "logs", true, 1234L),
				new RelationChange.DropTable("public", "old", false, 5L),
				new RelationChange.DropTable("public", "never", false, null),
				new RelationChange.DropColumn("public", "t", "gone", 7L));
		assertThat(new RelationChange.DropTable("public", "logs", true, 1234L).summary())
			.isEqualTo("drop table public.logs with its partitions and its rows (about 1,234 rows)");
		assertThat(new RelationChange.DropTable("public", "never", false, null).summary())
			.isEqualTo("drop table public.never and its rows (row count unknown)");
		assertThat(new RelationChange.DropColumn("public", "t", "gone", 7L).summary())
			.isEqualTo("drop column public.t.gone and its values (the table holds about 7 rows)");
	}

	@Test
	void aPartitionNeverAnalyzedLeavesItsParentsCountUnknown() {
		Snap target = new Snap().table(partitionedTable("public", "logs", col(1, "id", "bigint", false)))
			.table(rows(partition("public", "logs_1", "public.logs", "FOR VALUES IN (1)"), 1000L))
			.table(partition("public", "logs_2", "public.logs", "FOR VALUES IN (2)"))
			.partitioned("public", "logs", "LIST (id)");

		assertThat(compare(target, new Snap())).flatExtracting(Difference::changes)
			.containsExactly(new RelationChange.DropTable("public", "logs", true, null));
	}

	@Test
	void rowEstimatesAloneAreNoDifference() {
		Snap target = new Snap().table(rows(table("public", "t", col(1, "id", "bigint", false)), 7L));
		Snap reference = new Snap().table(rows(table("public", "t", col(1, "id", "bigint", false)), 99_999L));

		assertThat(compare(target, reference)).isEmpty();
		assertThat(compare(new Snap().table(table("public", "t", col(1, "id", "bigint", false))), reference)).isEmpty();
	}

	@Test
	void foreignTablesAreReportedButNeverCreatedDroppedOrAltered() {
		TableInfo remote = new TableInfo("public", "remote", TableKind.FOREIGN_TABLE, "permanent", "app", null,
				List.of(col(1, "id", "bigint", true)), null, List.of(), false, false, List.of(), null);
		TableInfo changed = new TableInfo("public", "remote", TableKind.FOREIGN_TABLE, "permanent", "app", null,
				List.of(col(1, "id", "integer", true)), null, List.of(), false, false, List.of(), "note");
		assertThat(compare(new Snap(), new Snap().table(remote))).singleElement().satisfies(d -> {
			assertThat(d.presence()).isEqualTo(Presence.MISSING);
			assertThat(d.changes()).isEmpty();
			assertThat(d.refusal().instead()).contains("CREATE FOREIGN TABLE");
		});
		assertThat(compare(new Snap().table(remote), new Snap())).singleElement()
			.satisfies(d -> assertThat(d.refusal()).isNotNull());
		assertThat(compare(new Snap().table(remote), new Snap().table(changed)
			.constraint(check("public", "remote", "remote_check", "CHECK ((id > 0))", true)))).singleElement()
			.satisfies(d -> {
				assertThat(d.object()).isEqualTo("public.remote");
				assertThat(d.refusal().reason()).contains("Foreign tables");
			});
	}

	@Test
	void tidemarksOwnTablesAreNeverCompared() {
		Snap target = new Snap().table(table("public", "tidemark_databasechangelog", col(1, "id", "text", true)))
			.table(table("public", "DATABASECHANGELOGLOCK", col(1, "id", "integer", false)))
			.table(table("public", "databasechangelog", col(1, "id", "text", true)));
		assertThat(compare(target, new Snap())).isEmpty();
		assertThat(compare(new Snap(), target)).isEmpty();
	}

	@Test
	void tablePropertiesAreOneMismatchWithAChangePerProperty() {
		TableInfo base = table("public", "t", col(1, "id", "bigint", false));
		Snap target = new Snap().table(new TableInfo("public", "t", TableKind.TABLE, "unlogged", "app", null,
				base.columns(), null, List.of("public.old_parent"), false, true, List.of("fillfactor=50",
						"autovacuum_enabled=false"), "old"))
			.table(table("public", "old_parent")).table(table("public", "new_parent"));
		Snap reference = new Snap().table(new TableInfo("public", "t", TableKind.TABLE, "permanent", "app", null,
				base.columns(), null, List.of("public.new_parent"), true, false, List.of("fillfactor=70"), null))
			.table(table("public", "old_parent")).table(table("public", "new_parent"));
		List<Difference> differences = compare(target, reference);

		assertThat(differences).hasSize(1);
		Difference d = differences.get(0);
		assertThat(d.presence()).isEqualTo(Presence.MISMATCH);
		assertThat(d.reference()).isEqualTo("TABLE INHERITS (public.new_parent) WITH (fillfactor=70) ROW LEVEL SECURITY");
		assertThat(d.target()).isEqualTo("UNLOGGED TABLE INHERITS (public.old_parent) WITH (fillfactor=50, "
				+ "autovacuum_enabled=false) FORCED COMMENT 'old'");
		assertThat(d.changes()).containsExactly(new RelationChange.SetPersistence("public", "t", false),
				new RelationChange.SetRowSecurity("public", "t", true, false, false, true),
				new RelationChange.SetStorageOptions("public", "t", List.of("fillfactor=70"),
						List.of("autovacuum_enabled"), List.of("fillfactor=50", "autovacuum_enabled=false")),
				new RelationChange.SetInheritance("public", "t", List.of(new Name("public", "new_parent")),
						List.of(new Name("public", "old_parent"))),
				new RelationChange.CommentOnTable("public", "t", null, "old"));
		assertThat(d.changes().get(0).destructive()).as("SET LOGGED rewrites the table").isTrue();
	}

	@Test
	void partitionAttachmentIsRepairedByDetachAndAttach() {
		Snap target = new Snap().table(partitionedTable("public", "p", col(1, "k", "integer", false)))
			.table(partitionedTable("public", "q", col(1, "k", "integer", false)))
			.partitioned("public", "p", "LIST (k)").partitioned("public", "q", "LIST (k)")
			.table(partition("public", "moved", "public.p", "FOR VALUES IN (1)"))
			.table(partition("public", "loose", "public.p", "FOR VALUES IN (2)"))
			.table(table("public", "joins", col(1, "k", "integer", false)));
		Snap reference = new Snap().table(partitionedTable("public", "p", col(1, "k", "integer", false)))
			.table(partitionedTable("public", "q", col(1, "k", "integer", false)))
			.partitioned("public", "p", "LIST (k)").partitioned("public", "q", "LIST (k)")
			.table(partition("public", "moved", "public.q", "FOR VALUES IN (1, 10)"))
			.table(table("public", "loose", col(1, "k", "integer", false)))
			.table(partition("public", "joins", "public.p", "FOR VALUES IN (3)"));
		Map<String, Difference> byObject = new TreeMap<>();
		compare(target, reference).forEach(d -> byObject.put(d.object(), d));

		assertThat(byObject).containsOnlyKeys("public.moved", "public.loose", "public.joins");
		assertThat(byObject.get("public.moved").changes()).containsExactly(
				new RelationChange.DetachPartition("public", "moved", new Name("public", "p"), "FOR VALUES IN (1)"),
				new RelationChange.AttachPartition("public", "moved", new Name("public", "q"), "FOR VALUES IN (1, 10)"));
		assertThat(byObject.get("public.loose").changes()).containsExactly(
				new RelationChange.DetachPartition("public", "loose", new Name("public", "p"), "FOR VALUES IN (2)"));
		assertThat(byObject.get("public.joins").changes()).containsExactly(
				new RelationChange.AttachPartition("public", "joins", new Name("public", "p"), "FOR VALUES IN (3)"));
		assertThat(byObject.get("public.moved").changes()).noneMatch(SchemaChange::destructive);
	}

	@Test
	void aTableThatChangedKindOrPartitionKeyIsRefused() {
		Snap target = new Snap().table(table("public", "a", col(1, "k", "integer", false)))
			.table(partitionedTable("public", "b", col(1, "k", "integer", false))).partitioned("public", "b", "LIST (k)");
		Snap reference = new Snap().table(partitionedTable("public", "a", col(1, "k", "integer", false)))
			.partitioned("public", "a", "RANGE (k)")
			.table(partitionedTable("public", "b", col(1, "k", "integer", false))).partitioned("public", "b", "HASH (k)");
		List<Difference> differences = compare(target, reference);

		assertThat(differences).extracting(Difference::object).containsExactly("public.a", "public.b");
		assertThat(differences).allSatisfy(d -> {
			assertThat(d.changes()).isEmpty();
			assertThat(d.refusal()).isNotNull();
		});
		assertThat(differences.get(0).refusal().reason()).contains("is a table, the reference's a partitioned table");
		assertThat(differences.get(1).refusal().reason()).contains("partition key differs");
	}

	@Test
	void hostileNamesAreKeptRawInObjectsAndParents() {
		String schema = "Sch\"ema é";
		String name = "select table";
		Snap reference = new Snap().table(table(schema, name, col(1, "Mixed Case", "text", true),
				col(2, "ünï", "text", true)));
		Snap target = new Snap().table(table(schema, name, col(1, "Mixed Case", "text", true),
				col(2, "order", "text", true)));
		List<Difference> differences = compare(target, reference);

		assertThat(differences).extracting(Difference::presence, Difference::object, Difference::parents)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple(Presence.EXTRA, schema + "." + name + ".order",
							inTable(schema, name)),
					org.assertj.core.groups.Tuple.tuple(Presence.MISSING, schema + "." + name + ".ünï",
							inTable(schema, name)));
		assertThat(differences.get(0).changes()).containsExactly(new RelationChange.DropColumn(schema, name, "order"));
		assertThat(differences.get(1).changes()).containsExactly(new RelationChange.AddColumn(schema, name,
				new ColumnDef("ünï", "text", null, null, false, null, null), false));
	}

	// ------------------------------------------------------------------------------------------------ columns

	@Test
	void aMissingColumnIsAddedOrRefused() {
		Snap target = new Snap().table(table("public", "t", col(1, "id", "bigint", false)));
		Snap reference = new Snap().table(table("public", "t", col(1, "id", "bigint", false),
				col(2, "required", "text", false), col(3, "flagged", "boolean", false, "false", null, null, null, null),
				col(4, "seq", "bigint", false, null, "BY DEFAULT", null, null, null),
				col(5, "uid", "uuid", true, "gen_random_uuid()", null, null, null, null),
				col(6, "twice", "bigint", true, null, null, "(id * 2)", null, null),
				col(7, "bad", "text", true, "'a'::text; DROP TABLE x", null, null, null, null)));
		Map<String, Difference> byObject = new TreeMap<>();
		compare(target, reference).forEach(d -> byObject.put(d.object(), d));

		assertThat(byObject.get("public.t.required").refusal().reason())
			.isEqualTo("ADD COLUMN ... NOT NULL without a default fails while the table has rows");
		assertThat(byObject.get("public.t.flagged").changes()).containsExactly(new RelationChange.AddColumn("public", "t",
				new ColumnDef("flagged", "boolean", null, "false", true, null, null), false));
		assertThat(byObject.get("public.t.seq").changes()).containsExactly(new RelationChange.AddColumn("public", "t",
				new ColumnDef("seq", "bigint", null, null, true, "BY DEFAULT", null), true));
		assertThat(byObject.get("public.t.uid").changes()).containsExactly(new RelationChange.AddColumn("public", "t",
				new ColumnDef("uid", "uuid", null, "gen_random_uuid()", false, null, null), true));
		assertThat(byObject.get("public.t.twice").changes()).containsExactly(new RelationChange.AddColumn("public", "t",
				new ColumnDef("twice", "bigint", null, null, false, null, "(id * 2)"), true));
		assertThat(byObject.get("public.t.twice").changes().get(0).destructive()).isTrue();
		assertThat(byObject.get("public.t.flagged").changes().get(0).destructive()).isFalse();
		assertThat(byObject.get("public.t.bad").refusal()).isNotNull();
		assertThat(byObject.get("public.t.bad").changes()).isEmpty();
	}

	@Test
	void aColumnMismatchIsOneDifferenceWithEveryChange() {
		Snap target = new Snap().table(table("public", "t",
				col(1, "code", "character varying(20)", true, "'x'::character varying", null, null, null, "old"),
				col(2, "n", "integer", false, null, null, null, null, null),
				col(3, "id", "bigint", true, null, null, null, null, null),
				col(4, "k", "bigint", false, null, "ALWAYS", null, null, null),
				col(5, "name", "text", true, null, null, null, null, null)));
		Snap reference = new Snap().table(table("public", "t",
				col(1, "code", "text", false, null, null, null, null, "new"),
				col(2, "n", "bigint", true, null, null, null, null, null),
				col(3, "id", "bigint", false, null, "ALWAYS", null, null, null),
				col(4, "k", "bigint", true, null, null, null, null, null),
				col(5, "name", "text", true, null, null, null, "\"C\"", null)));
		Map<String, Difference> byObject = new TreeMap<>();
		compare(target, reference).forEach(d -> byObject.put(d.object(), d));

		Difference code = byObject.get("public.t.code");
		assertThat(code.parents()).isEqualTo(inTable("public", "t"));
		assertThat(code.reference()).isEqualTo("text NOT NULL COMMENT 'new'");
		assertThat(code.target()).isEqualTo("character varying(20) DEFAULT 'x'::character varying COMMENT 'old'");
		assertThat(code.changes()).containsExactly(
				new RelationChange.AlterColumnType("public", "t", "code", "character varying(20)", "text", null, false,
						false, false),
				new RelationChange.SetColumnDefault("public", "t", "code", null, "'x'::character varying"),
				new RelationChange.SetNotNull("public", "t", "code"),
				new RelationChange.CommentOnColumn("public", "t", "code", "new", "old"));
		assertThat(byObject.get("public.t.n").changes()).containsExactly(
				new RelationChange.AlterColumnType("public", "t", "n", "integer", "bigint", null, false, true, false),
				new RelationChange.DropNotNull("public", "t", "n"));
		assertThat(byObject.get("public.t.n").changes().get(0).destructive()).isTrue();
		assertThat(byObject.get("public.t.id").changes()).containsExactly(new RelationChange.SetNotNull("public", "t", "id"),
				new RelationChange.SetColumnIdentity("public", "t", "id", "ALWAYS", null));
		assertThat(byObject.get("public.t.id").changes().get(1).identity()).isEqualTo("column:public.t.id");
		assertThat(byObject.get("public.t.k").changes()).containsExactly(new RelationChange.DropNotNull("public", "t", "k"),
				new RelationChange.SetColumnIdentity("public", "t", "k", null, "ALWAYS"));
		assertThat(byObject.get("public.t.name").changes()).containsExactly(
				new RelationChange.SetColumnCollation("public", "t", "name", "text", "\"C\"", null));
	}

	@Test
	void aCastTypeChangeDropsTheOldDefaultFirstAndSetsTheReferencesAfter() {
		Snap target = new Snap().table(table("public", "t",
				col(1, "a", "text", true, "'0'::text", null, null, null, null),
				col(2, "b", "text", true, "NULL", null, null, null, null)));
		Snap reference = new Snap().table(table("public", "t",
				col(1, "a", "integer", true, "0", null, null, null, null),
				col(2, "b", "integer", true, "NULL", null, null, null, null)));
		List<Difference> differences = compare(target, reference);

		assertThat(differences.get(0).changes()).containsExactly(
				new RelationChange.AlterColumnType("public", "t", "a", "text", "integer", null, true, true, true),
				new RelationChange.SetColumnDefault("public", "t", "a", "0", "'0'::text"));
		assertThat(differences.get(1).changes()).containsExactly(
				new RelationChange.AlterColumnType("public", "t", "b", "text", "integer", null, true, true, true),
				new RelationChange.SetColumnDefault("public", "t", "b", "NULL", null));
		assertThat(differences.get(0).changes().get(0).order())
			.isLessThan(differences.get(0).changes().get(1).order());
	}

	@Test
	void narrowingAndGeneratedExpressionChangesAreRefused() {
		Snap target = new Snap().table(table("public", "t", col(1, "a", "character varying(100)", true),
				col(2, "b", "bigint", true), col(3, "c", "numeric(10,2)", true),
				col(4, "g", "bigint", true, null, null, "(b * 2)", null, null)));
		Snap reference = new Snap().table(table("public", "t", col(1, "a", "character varying(20)", true),
				col(2, "b", "integer", true), col(3, "c", "numeric(12,3)", true),
				col(4, "g", "bigint", true, null, null, "(b * 3)", null, null)));
		List<Difference> differences = compare(target, reference);

		assertThat(differences).hasSize(4).allSatisfy(d -> {
			assertThat(d.presence()).isEqualTo(Presence.MISMATCH);
			assertThat(d.changes()).isEmpty();
			assertThat(d.refusal()).isNotNull();
		});
		assertThat(differences.get(0).refusal().reason()).contains("narrowing character varying(100) to character varying(20)");
		assertThat(differences.get(3).refusal().reason()).contains("generated column's expression");
	}

	@Test
	void aGeneratedColumnBecomesPlainInPlaceAndChangesItsExpressionInPlaceFromPostgres17() {
		ColumnInfo generated = col(2, "g", "bigint", true, null, null, "(b * 2)", null, null);
		ColumnInfo plain = col(2, "g", "bigint", true, "0", null, null, null, null);
		ColumnInfo otherwise = col(2, "g", "bigint", true, null, null, "(b * 3)", null, null);
		ColumnInfo b = col(1, "b", "bigint", true);

		// generated -> plain: DROP EXPRESSION keeps the values; the reference's default is set after it
		assertThat(compare(new Snap().table(table("public", "t", b, generated)),
				new Snap().table(table("public", "t", b, plain)))).singleElement().satisfies(d -> {
					assertThat(d.refusal()).isNull();
					assertThat(d.changes()).containsExactly(
							new RelationChange.DropColumnExpression("public", "t", "g", "(b * 2)"),
							new RelationChange.SetColumnDefault("public", "t", "g", "0", null));
					assertThat(d.changes().get(0).order()).isLessThan(d.changes().get(1).order());
				});
		// plain -> generated: no in-place form on any version
		assertThat(compare(new Snap().server(170002).table(table("public", "t", b, plain)),
				new Snap().table(table("public", "t", b, generated)))).singleElement()
			.satisfies(d -> assertThat(d.refusal().reason()).contains("cannot make a plain column generated"));
		// another expression: SET EXPRESSION on a PostgreSQL 17 target (the target's version decides), refused before
		assertThat(compare(new Snap().server(170002).table(table("public", "t", b, generated)),
				new Snap().table(table("public", "t", b, otherwise)))).singleElement().satisfies(d -> {
					assertThat(d.changes()).containsExactly(
							new RelationChange.SetColumnExpression("public", "t", "g", "(b * 2)", "(b * 3)"));
					assertThat(d.changes().get(0).destructive()).isTrue();
				});
		assertThat(compare(new Snap().server(160004).table(table("public", "t", b, generated)),
				new Snap().server(170002).table(table("public", "t", b, otherwise)))).singleElement()
			.satisfies(d -> assertThat(d.refusal().reason()).contains("before 17"));
	}

	@Test
	void typeChangesAreJudgedFromTheirText() {
		assertThat(RelationTypes.classify("character varying(20)", "character varying(50)"))
			.isEqualTo(RelationTypes.Verdict.catalogOnly());
		assertThat(RelationTypes.classify("character varying(20)", "text")).isEqualTo(RelationTypes.Verdict.catalogOnly());
		assertThat(RelationTypes.classify("numeric(10,2)", "numeric(12,2)")).isEqualTo(RelationTypes.Verdict.catalogOnly());
		assertThat(RelationTypes.classify("numeric(10,2)", "numeric")).isEqualTo(RelationTypes.Verdict.catalogOnly());
		assertThat(RelationTypes.classify("timestamp(3) without time zone", "timestamp(6) without time zone"))
			.isEqualTo(RelationTypes.Verdict.catalogOnly());
		assertThat(RelationTypes.classify("integer", "bigint")).isEqualTo(RelationTypes.Verdict.rewrite(false));
		assertThat(RelationTypes.classify("integer", "text")).isEqualTo(RelationTypes.Verdict.rewrite(false));
		assertThat(RelationTypes.classify("text", "integer")).isEqualTo(RelationTypes.Verdict.rewrite(true));
		assertThat(RelationTypes.classify("text", "public.mood")).isEqualTo(RelationTypes.Verdict.rewrite(true));
		assertThat(RelationTypes.classify("json", "jsonb")).isEqualTo(RelationTypes.Verdict.rewrite(true));
		assertThat(RelationTypes.classify("integer", "numeric(12,2)")).isEqualTo(RelationTypes.Verdict.rewrite(false));
		assertThat(RelationTypes.classify("integer", "numeric(10,2)").refusal()).isNotNull();
		assertThat(RelationTypes.classify("bigint", "integer").refusal()).isNotNull();
		assertThat(RelationTypes.classify("numeric(10,2)", "numeric(10,3)").refusal()).contains("scale");
		assertThat(RelationTypes.classify("text", "character varying(10)").refusal()).isNotNull();
		assertThat(RelationTypes.classify("text", "numeric(10,2)").refusal()).isNotNull();
		assertThat(RelationTypes.classify("integer[]", "bigint[]").refusal()).isNotNull();
		assertThat(RelationTypes.classify("timestamp without time zone", "timestamp with time zone").refusal())
			.isNotNull();
	}

	// ------------------------------------------------------------------------------------------------ constraints

	@Test
	void constraintsAreAddedDroppedReplacedAndValidated() {
		TableInfo customers = table("public", "customers", col(1, "id", "bigint", false));
		TableInfo orders = table("public", "orders", col(1, "id", "bigint", false), col(2, "customer", "bigint", true));
		Snap target = new Snap().table(customers).table(orders)
			.constraint(check("public", "orders", "orders_id_check", "CHECK ((id > 0))", false))
			.constraint(check("public", "orders", "orders_changed", "CHECK ((id > 0))", true))
			.constraint(check("public", "orders", "orders_stronger", "CHECK ((id > 1))", true))
			.constraint(check("public", "orders", "orders_gone", "CHECK ((id < 100))", true));
		Snap reference = new Snap().table(customers).table(orders)
			.constraint(pk("public", "customers", "customers_pkey", "id"))
			.index(index("public", "customers", "customers_pkey", "customers_pkey", true,
					"CREATE UNIQUE INDEX customers_pkey ON public.customers USING btree (id)", "id"))
			.constraint(fk("public", "orders", "orders_customer_fkey", "customer", "customers", "id"))
			.constraint(check("public", "orders", "orders_id_check", "CHECK ((id > 0))", true))
			.constraint(check("public", "orders", "orders_changed", "CHECK ((id > 5))", true))
			.constraint(check("public", "orders", "orders_stronger", "CHECK ((id > 1))", false));
		Map<String, Difference> byObject = new TreeMap<>();
		compare(target, reference).forEach(d -> byObject.put(d.object(), d));

		assertThat(byObject).containsOnlyKeys("public.customers.customers_pkey", "public.orders.orders_customer_fkey",
				"public.orders.orders_id_check", "public.orders.orders_changed", "public.orders.orders_gone");
		RelationChange.AddConstraint fk = new RelationChange.AddConstraint("public", "orders", "orders_customer_fkey",
				"FOREIGN_KEY", "FOREIGN KEY (customer) REFERENCES public.customers(id)", true, false, null,
				List.of("constraint:public.customers.customers_pkey"), List.of("customer"));
		assertThat(byObject.get("public.orders.orders_customer_fkey").changes()).containsExactly(fk);
		assertThat(fk.prerequisites()).containsExactly("column:public.orders.customer");
		assertThat(fk.requires()).containsExactly("constraint:public.customers.customers_pkey");
		assertThat(fk.order()).isGreaterThan(((RelationChange) byObject.get("public.customers.customers_pkey")
			.changes().get(0)).order());
		assertThat(byObject.get("public.customers.customers_pkey").changes()).containsExactly(
				new RelationChange.AddConstraint("public", "customers", "customers_pkey", "PRIMARY_KEY",
						"PRIMARY KEY (id)", true, false,
						"CREATE UNIQUE INDEX customers_pkey ON public.customers USING btree (id)", List.of(),
						List.of("id")));
		assertThat(byObject.get("public.orders.orders_id_check").changes())
			.containsExactly(new RelationChange.ValidateConstraint("public", "orders", "orders_id_check"));
		assertThat(byObject.get("public.orders.orders_changed").changes()).containsExactly(
				new RelationChange.ReplaceConstraint("public", "orders", "orders_changed", "CHECK", "CHECK ((id > 0))",
						"CHECK ((id > 5))", true, false, null));
		assertThat(byObject.get("public.orders.orders_changed").changes()).noneMatch(SchemaChange::destructive);
		Difference gone = byObject.get("public.orders.orders_gone");
		assertThat(gone.presence()).isEqualTo(Presence.EXTRA);
		assertThat(gone.parents()).isEqualTo(inTable("public", "orders"));
		assertThat(gone.changes()).containsExactly(
				new RelationChange.DropConstraint("public", "orders", "orders_gone", "CHECK", "CHECK ((id < 100))"));
	}

	@Test
	void validatingIsRefusedWhileRowsAreKnownToBreakTheConstraint() {
		TableInfo t = table("public", "t", col(1, "id", "bigint", false));
		ConstraintInfo broken = new ConstraintInfo("public", "t", "t_check", ConstraintType.CHECK, List.of(), null, null,
				List.of(), null, null, false, false, false, false, null, "CHECK ((id > 0)) NOT VALID", 3L);
		List<Difference> differences = compare(new Snap().table(t).constraint(broken),
				new Snap().table(t).constraint(check("public", "t", "t_check", "CHECK ((id > 0))", true)));

		assertThat(differences).singleElement().satisfies(d -> {
			assertThat(d.presence()).isEqualTo(Presence.MISMATCH);
			assertThat(d.changes()).isEmpty();
			assertThat(d.refusal().reason()).isEqualTo("3 rows of the target break the constraint, so VALIDATE would fail");
		});
	}

	@Test
	void inheritedConstraintsAndKeysReferencedByForeignKeysAreHandled() {
		TableInfo parent = partitionedTable("public", "p", col(1, "id", "bigint", false));
		ConstraintInfo inherited = new ConstraintInfo("public", "p_1", "p_1_pkey", ConstraintType.PRIMARY_KEY,
				List.of("id"), null, null, List.of(), null, null, false, false, true, true, "p_1_pkey",
				"PRIMARY KEY (id)", null);
		TableInfo a = table("public", "a", col(1, "id", "bigint", false), col(2, "code", "text", false));
		TableInfo b = table("public", "b", col(1, "a_id", "bigint", true));
		Snap target = new Snap().table(parent).table(partition("public", "p_1", "public.p", "FOR VALUES IN (1)"))
			.partitioned("public", "p", "LIST (id)").table(a).table(b)
			.constraint(pk("public", "a", "a_pkey", "id")).constraint(fk("public", "b", "b_a_fkey", "a_id", "a", "id"));
		Snap reference = new Snap().table(parent).table(partition("public", "p_1", "public.p", "FOR VALUES IN (1)"))
			.partitioned("public", "p", "LIST (id)").constraint(inherited).table(a).table(b)
			.constraint(new ConstraintInfo("public", "a", "a_pkey", ConstraintType.PRIMARY_KEY, List.of("id", "code"),
					null, null, List.of(), null, null, false, false, true, false, "a_pkey", "PRIMARY KEY (id, code)",
					null))
			.constraint(fk("public", "b", "b_a_fkey", "a_id", "a", "id"));
		List<Difference> differences = compare(target, reference);

		assertThat(differences).extracting(Difference::object).containsExactly("public.a.a_pkey");
		assertThat(differences.get(0).refusal().reason()).contains("Foreign keys reference");
	}

	// ------------------------------------------------------------------------------------------------ indexes

	@Test
	void indexesBackingConstraintsOrMirroringTheParentAreLeftOut() {
		TableInfo p = partitionedTable("public", "p", col(1, "id", "bigint", false));
		Snap target = new Snap().table(p).partitioned("public", "p", "LIST (id)")
			.table(partition("public", "p_1", "public.p", "FOR VALUES IN (1)"))
			.index(index("public", "p", "p_old_idx", null, false, "CREATE INDEX p_old_idx ON ONLY public.p USING btree (id)",
					"id"))
			.index(index("public", "p", "p_changed", null, false,
					"CREATE INDEX p_changed ON ONLY public.p USING hash (id)", "id"))
			.index(index("public", "p_1", "p_1_id_idx", null, false,
					"CREATE INDEX p_1_id_idx ON public.p_1 USING btree (id)", "id"));
		Snap reference = new Snap().table(p).partitioned("public", "p", "LIST (id)")
			.table(partition("public", "p_1", "public.p", "FOR VALUES IN (1)"))
			.index(index("public", "p", "p_new_idx", null, false,
					"CREATE INDEX p_new_idx ON ONLY public.p USING btree (id) WHERE (id > 0)", "id"))
			.index(index("public", "p", "p_changed", null, false,
					"CREATE INDEX p_changed ON ONLY public.p USING btree (id)", "id"))
			.index(index("public", "p", "p_key", "p_key", true, "CREATE UNIQUE INDEX p_key ON ONLY public.p USING btree (id)",
					"id"))
			.index(index("public", "p_1", "p_1_id_idx2", null, false,
					"CREATE INDEX p_1_id_idx2 ON public.p_1 USING btree (id)", "id"));
		Map<String, Difference> byObject = new TreeMap<>();
		compare(target, reference).forEach(d -> byObject.put(d.object(), d));

		assertThat(byObject).containsOnlyKeys("public.p_new_idx", "public.p_changed", "public.p_old_idx");
		assertThat(byObject.get("public.p_new_idx").parents()).isEqualTo(inTable("public", "p"));
		assertThat(byObject.get("public.p_new_idx").changes()).containsExactly(new RelationChange.CreateIndex("public",
				"p", "p_new_idx", "CREATE INDEX p_new_idx ON ONLY public.p USING btree (id) WHERE (id > 0)", true,
				List.of("id")));
		assertThat(byObject.get("public.p_changed").changes()).containsExactly(new RelationChange.ReplaceIndex("public",
				"p", "p_changed", "CREATE INDEX p_changed ON ONLY public.p USING hash (id)",
				"CREATE INDEX p_changed ON ONLY public.p USING btree (id)", true));
		assertThat(byObject.get("public.p_old_idx").changes()).containsExactly(new RelationChange.DropIndex("public", "p",
				"p_old_idx", "CREATE INDEX p_old_idx ON ONLY public.p USING btree (id)", true));
	}

	// ------------------------------------------------------------------------------------------------ evidence

	@Test
	void everyRecordRoundTripsThroughEvidence() {
		Name parent = new Name("Sch\"ema", "par ent");
		ColumnDef col = new ColumnDef("c", "numeric(10,2)", "\"C\"", "0", true, "ALWAYS", null);
		List<RelationChange> all = List.of(
				new RelationChange.CreateTable("s", "t", List.of(col), true, "RANGE (c)", parent, "DEFAULT",
						List.of(parent), List.of("fillfactor=70"), true, true, "it's"),
				new RelationChange.DropTable("s", "t", true, 1234L, List.of("table:s.u")),
				new RelationChange.SetPersistence("s", "t", true),
				new RelationChange.SetRowSecurity("s", "t", true, false, false, true),
				new RelationChange.SetStorageOptions("s", "t", List.of("a=1"), List.of("b"), List.of("b=2")),
				new RelationChange.SetInheritance("s", "t", List.of(parent), List.of()),
				new RelationChange.CommentOnTable("s", "t", null, "x"),
				new RelationChange.AttachPartition("s", "t", parent, "FOR VALUES IN (1)"),
				new RelationChange.DetachPartition("s", "t", parent, "FOR VALUES IN (1)"),
				new RelationChange.AddColumn("s", "t", col, true), new RelationChange.DropColumn("s", "t", "c", 7L),
				new RelationChange.AlterColumnType("s", "t", "c", "text", "integer", null, true, true, true),
				new RelationChange.SetColumnCollation("s", "t", "c", "text", null, "\"C\""),
				new RelationChange.DropColumnExpression("s", "t", "c", "(a * 2)"),
				new RelationChange.SetColumnExpression("s", "t", "c", "(a * 2)", "(a * 3)"),
				new RelationChange.SetColumnDefault("s", "t", "c", "now()", null),
				new RelationChange.DropColumnDefault("s", "t", "c", "s.f()"),
				new RelationChange.SetColumnDefaultForRoutine("s", "t", "c", "s.f()", "function:s.f()"),
				new RelationChange.AddConstraintForRoutine("s", "t", "k", "CHECK ((c > s.f()))", true, "function:s.f()"),
				new RelationChange.SetNotNull("s", "t", "c"), new RelationChange.DropNotNull("s", "t", "c"),
				new RelationChange.SetColumnIdentity("s", "t", "c", "BY DEFAULT", null),
				new RelationChange.CommentOnColumn("s", "t", "c", "x", null),
				new RelationChange.SetColumnStatistics("s", "t", "c", 500, null),
				new RelationChange.SetColumnStorage("s", "t", "c", "EXTERNAL", "EXTENDED"),
				new RelationChange.AddConstraint("s", "t", "k", "FOREIGN_KEY", "FOREIGN KEY (c) REFERENCES s.u(c)", false,
						true, null, List.of("constraint:s.u.u_pkey")),
				new RelationChange.DropConstraint("s", "t", "k", "CHECK", "CHECK ((c > 0))"),
				new RelationChange.DropConstraintForRoutine("s", "t", "k", "CHECK ((c > s.f()))"),
				new RelationChange.ReplaceConstraint("s", "t", "k", "UNIQUE", "UNIQUE (c)", "UNIQUE (c, d)", true, false,
						"CREATE UNIQUE INDEX k ON s.t USING btree (c, d)"),
				new RelationChange.ValidateConstraint("s", "t", "k"),
				new RelationChange.CreateIndex("s", "t", "i", "CREATE INDEX i ON s.t USING btree (c)", false,
						List.of("c")),
				new RelationChange.CreateViewIndex("s", "mv", "i", "CREATE INDEX i ON s.mv USING btree (c)"),
				new RelationChange.DropIndex("s", "t", "i", "CREATE INDEX i ON s.t USING btree (c)", true),
				new RelationChange.ReplaceIndex("s", "t", "i", "CREATE INDEX i ON s.t USING hash (c)",
						"CREATE INDEX i ON s.t USING btree (c)", false),
				new RelationChange.BuildIndex("s", "t", "i", "(\"c\", (lower(d)) DESC)", true, "btree", "c > 0",
						"the contract expects it", true),
				new RelationChange.BuildPartitionedIndex("s", "t", "i", "(\"c\")", false, null, null, "unindexed",
						List.of(new RelationChange.PartitionIndex("s", "t_2026", "t_2026_c_idx")), false, true),
				new RelationChange.RebuildInvalidIndex("s", "t", "i", "CREATE INDEX i ON s.t USING btree (c)", false),
				new RelationChange.AddKeyUsingIndex("s", "t", "t_pkey", "PRIMARY KEY", List.of("c"), List.of("c"), true,
						true),
				new RelationChange.CreatePartition("s", "t_2027_01", parent, "c", "2027-01-01 00:00:00+00",
						"2027-02-01 00:00:00+00", null));
		assertThat(all.stream().map(c -> c.getClass()).distinct())
			.as("one of each record").hasSize(ChangeRecords.of(RelationChange.class).size());
		List<Map<String, Object>> evidence = Changes.toEvidence(all);
		assertThat(evidence).allSatisfy(e -> assertThat(e).doesNotContainKeys("kind", "object", "phase", "order",
				"summary", "destructive"));
		assertThat(evidence.get(0)).containsEntry("change", "CreateTable");
		List<SchemaChange> back = Changes.fromEvidence(Map.of(Changes.EVIDENCE_KEY, evidence));
		assertThat(back).isEqualTo(all);
	}

	@Test
	void aColumnIsFoundInExpressionTextBareOrQuotedButNotInsideAnotherName() {
		assertThat(RelationComparer.mentions("((tenant)::text = CURRENT_USER)", "tenant")).isTrue();
		assertThat(RelationComparer.mentions("(old.bal IS DISTINCT FROM new.bal)", "bal")).isTrue();
		assertThat(RelationComparer.mentions("(\"Price\" * 1.2)", "Price")).isTrue();
		assertThat(RelationComparer.mentions("(balance > 0)", "bal")).isFalse();
		assertThat(RelationComparer.mentions("(x_bal > 0)", "bal")).isFalse();
		assertThat(RelationComparer.mentions(null, "bal")).isFalse();
	}
}

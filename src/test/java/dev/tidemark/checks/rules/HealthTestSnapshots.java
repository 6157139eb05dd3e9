package dev.tidemark.checks.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.CheckSettings;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.PartitioningInfo;
import dev.tidemark.inspection.model.SequenceInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.ViewInfo;
import dev.tidemark.support.TestCatalogs;

/**
 * Hand-built snapshots and contexts for the health rule tests: every kind a health rule reads, with short
 * factories for the records. "Today" is 2026-11-21 (the scenarios' fixed clock).
 */
final class HealthTestSnapshots {

	static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

	private final List<TableInfo> tables = new ArrayList<>();

	private final List<ConstraintInfo> constraints = new ArrayList<>();

	private final List<IndexInfo> indexes = new ArrayList<>();

	private final List<ViewInfo> views = new ArrayList<>();

	private final List<SequenceInfo> sequences = new ArrayList<>();

	private final List<PartitioningInfo> partitioning = new ArrayList<>();

	private MigrationHistory migrations = MigrationHistory.none();

	static HealthTestSnapshots snapshot() {
		return new HealthTestSnapshots();
	}

	/** Every health rule, for "exactly these findings" assertions. */
	static List<Rule> healthRules() {
		return List.of(new MissingPrimaryKeyRule(), new InvalidIndexRule(), new UnvalidatedConstraintRule(),
				new UnindexedForeignKeyRule(), new PartitionHorizonRule(), new PartitionGapRule(),
				new DefaultPartitionRowsRule(), new FailedMigrationRule(), new StaleChangelogLockRule(),
				new MatviewWithoutUniqueIndexRule(), new SequenceExhaustionRule());
	}

	HealthTestSnapshots table(TableInfo table) {
		tables.add(table);
		return this;
	}

	HealthTestSnapshots constraint(ConstraintInfo constraint) {
		constraints.add(constraint);
		return this;
	}

	HealthTestSnapshots index(IndexInfo index) {
		indexes.add(index);
		return this;
	}

	HealthTestSnapshots view(ViewInfo view) {
		views.add(view);
		return this;
	}

	HealthTestSnapshots sequence(SequenceInfo sequence) {
		sequences.add(sequence);
		return this;
	}

	HealthTestSnapshots partitioning(PartitioningInfo info) {
		partitioning.add(info);
		return this;
	}

	HealthTestSnapshots migrations(MigrationHistory history) {
		migrations = history;
		return this;
	}

	CatalogSnapshot build() {
		CatalogSnapshot e = TestCatalogs.empty();
		return new CatalogSnapshot(e.formatVersion(), e.server(), e.schemas(), e.extensions(), List.copyOf(tables),
				List.copyOf(constraints), List.copyOf(indexes), List.copyOf(views), List.copyOf(sequences),
				e.functions(), e.triggers(), List.copyOf(partitioning), migrations, e.timescale());
	}

	CheckContext context() {
		return context(build());
	}

	CheckContext context(Contract contract) {
		return context(build(), contract);
	}

	static CheckContext context(CatalogSnapshot snapshot) {
		return new CheckContext(snapshot, List.of(), null, NOW, CheckSettings.defaults());
	}

	static CheckContext context(CatalogSnapshot snapshot, Contract contract) {
		return new CheckContext(snapshot, List.of(new Expectation(Expectation.Source.CONTRACT, contract, false)), null,
				NOW, CheckSettings.defaults());
	}

	// ---------------------------------------------------------------------------------------------- records

	static TableInfo table(String schema, String name, ColumnInfo... columns) {
		return new TableInfo(schema, name, TableInfo.TableKind.TABLE, "permanent", "owner", null,
				List.of(columns));
	}

	static TableInfo partitionedTable(String schema, String name, ColumnInfo... columns) {
		return new TableInfo(schema, name, TableInfo.TableKind.PARTITIONED_TABLE, "permanent", "owner", null,
				List.of(columns));
	}

	static TableInfo partition(String schema, String name, String parent) {
		return new TableInfo(schema, name, TableInfo.TableKind.TABLE, "permanent", "owner", parent, List.of());
	}

	static ColumnInfo column(String name, String type, boolean nullable) {
		return new ColumnInfo(1, name, type, nullable, null, null, null, null);
	}

	static ConstraintInfo primaryKey(String schema, String table, String... columns) {
		return new ConstraintInfo(schema, table, table + "_pkey", ConstraintInfo.ConstraintType.PRIMARY_KEY,
				List.of(columns), null, null, List.of(), null, null, false, false, true, false, table + "_pkey",
				"PRIMARY KEY (" + String.join(", ", columns) + ")", null);
	}

	static ConstraintInfo foreignKey(String schema, String table, String name, List<String> columns,
			String referencedTable, List<String> referencedColumns) {
		return new ConstraintInfo(schema, table, name, ConstraintInfo.ConstraintType.FOREIGN_KEY, columns, schema,
				referencedTable, referencedColumns, "NO ACTION", "NO ACTION", false, false, true, false, null,
				"FOREIGN KEY (" + String.join(", ", columns) + ") REFERENCES " + referencedTable + "("
						+ String.join(", ", referencedColumns) + ")",
				null);
	}

	static ConstraintInfo notValid(ConstraintInfo c, Long violatingRows) {
		return new ConstraintInfo(c.schema(), c.table(), c.name(), c.type(), c.columns(), c.referencedSchema(),
				c.referencedTable(), c.referencedColumns(), c.onDelete(), c.onUpdate(), c.deferrable(),
				c.initiallyDeferred(), false, c.inherited(), c.index(), c.definition() + " NOT VALID", violatingRows);
	}

	static ConstraintInfo inherited(ConstraintInfo c) {
		return new ConstraintInfo(c.schema(), c.table(), c.name(), c.type(), c.columns(), c.referencedSchema(),
				c.referencedTable(), c.referencedColumns(), c.onDelete(), c.onUpdate(), c.deferrable(),
				c.initiallyDeferred(), c.validated(), true, c.index(), c.definition(), c.violatingRows());
	}

	static ConstraintInfo check(String schema, String table, String name, String expression) {
		return new ConstraintInfo(schema, table, name, ConstraintInfo.ConstraintType.CHECK, List.of(), null, null,
				List.of(), null, null, false, false, true, false, null, "CHECK (" + expression + ")", null);
	}

	static IndexInfo index(String schema, String table, String name, String... columns) {
		return new IndexInfo(schema, table, name, "btree", false, false, List.of(columns), List.of(), null, true, true,
				null, "CREATE INDEX " + name + " ON " + schema + "." + table + " USING btree ("
						+ String.join(", ", columns) + ")");
	}

	static IndexInfo uniqueIndex(String schema, String table, String name, String... columns) {
		IndexInfo i = index(schema, table, name, columns);
		return new IndexInfo(schema, table, name, "btree", true, false, i.columns(), List.of(), null, true, true, null,
				i.definition().replace("CREATE INDEX", "CREATE UNIQUE INDEX"));
	}

	static IndexInfo withPredicate(IndexInfo i, String predicate) {
		return new IndexInfo(i.schema(), i.table(), i.name(), i.method(), i.unique(), i.primary(), i.columns(),
				i.includedColumns(), predicate, i.valid(), i.ready(), i.constraint(),
				i.definition() + " WHERE " + predicate);
	}

	static IndexInfo withState(IndexInfo i, boolean valid, boolean ready) {
		return new IndexInfo(i.schema(), i.table(), i.name(), i.method(), i.unique(), i.primary(), i.columns(),
				i.includedColumns(), i.predicate(), valid, ready, i.constraint(), i.definition());
	}

	static IndexInfo withMethod(IndexInfo i, String method) {
		return new IndexInfo(i.schema(), i.table(), i.name(), method, i.unique(), i.primary(), i.columns(),
				i.includedColumns(), i.predicate(), i.valid(), i.ready(), i.constraint(), i.definition());
	}

	/** A RANGE-partitioned table on one column; partitions as (name, from, to) triples. */
	static PartitioningInfo rangePartitioned(String schema, String table, String column, String keyType,
			String defaultPartition, Boolean defaultHasRows, PartitioningInfo.Partman partman, String... partitions) {
		List<PartitioningInfo.Partition> list = new ArrayList<>();
		if (defaultPartition != null) {
			list.add(new PartitioningInfo.Partition(schema, defaultPartition, "DEFAULT", null, null, false));
		}
		for (int i = 0; i < partitions.length; i += 3) {
			list.add(new PartitioningInfo.Partition(schema, partitions[i],
					"FOR VALUES FROM ('" + partitions[i + 1] + "') TO ('" + partitions[i + 2] + "')", partitions[i + 1],
					partitions[i + 2], false));
		}
		return new PartitioningInfo(schema, table, "RANGE", "RANGE (" + column + ")", List.of(column), keyType,
				defaultPartition == null ? null : schema + "." + defaultPartition, defaultHasRows, List.copyOf(list),
				partman);
	}

	/** Monthly partitions {@code <table>_YYYY_MM} of a timestamptz key, from {@code first} (inclusive) for n months. */
	static String[] months(String table, int year, int month, int count) {
		List<String> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int y = year + (month - 1 + i) / 12;
			int m = (month - 1 + i) % 12 + 1;
			int ny = year + (month + i) / 12;
			int nm = (month + i) % 12 + 1;
			out.addAll(Arrays.asList(String.format("%s_%04d_%02d", table, y, m),
					String.format("%04d-%02d-01 00:00:00+00", y, m), String.format("%04d-%02d-01 00:00:00+00", ny, nm)));
		}
		return out.toArray(String[]::new);
	}

	static Contract contractWithTable(Contract.TableExpectation table) {
		return new Contract(List.of(), List.of(table), List.of(), null);
	}

	static Contract.TableExpectation tableExpectation(String name, List<String> primaryKey,
			Contract.PartitioningExpectation partitioning) {
		return new Contract.TableExpectation(name, List.of(), primaryKey, List.of(), List.of(), List.of(), List.of(),
				partitioning, null);
	}
}

package dev.tidemark.inspection;

import java.math.BigDecimal;
import java.util.List;
import java.util.TreeMap;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.CollationInfo;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.DefaultPrivilegeInfo;
import dev.tidemark.inspection.model.FunctionInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.PolicyInfo;
import dev.tidemark.inspection.model.PrivilegeInfo;
import dev.tidemark.inspection.model.SchemaInfo;
import dev.tidemark.inspection.model.SequenceInfo;
import dev.tidemark.inspection.model.ServerInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TypeInfo;
import dev.tidemark.inspection.model.ViewInfo;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots of format 1 and format 2 of one schema: compared as format 1 saw it, they are identical. */
class SnapshotDiffFormatTests {

	private static final ServerInfo SERVER = new ServerInfo("PostgreSQL 15.8", 150008, "app", new TreeMap<>());

	/** What the format-2 reader reads of a small schema, every format-2 field and kind set. */
	private static CatalogSnapshot format2(String comment) {
		List<ColumnInfo> columns = List.of(
				new ColumnInfo(1, "id", "bigint", false, null, "BY DEFAULT", null, null, "Primary key"),
				new ColumnInfo(2, "email", "text", true, null, null, null, null, null));
		TableInfo account = new TableInfo("app", "account", TableInfo.TableKind.TABLE, "permanent", "owner", null,
				columns, null, List.of("app.base"), true, true, List.of("fillfactor=70"), comment);
		ViewInfo view = new ViewInfo("app", "v_account", false, "owner", null, null, "0123abcd",
				List.of(new ColumnInfo(1, "id", "bigint", true, null, null, null, null, "from account")),
				" SELECT account.id\n   FROM app.account;", List.of("app.account"), "Accounts");
		SequenceInfo sequence = new SequenceInfo("app", "account_id_seq", "bigint", 1, 1, Long.MAX_VALUE, false, 7L,
				"app.account", "id", "bigint", BigDecimal.valueOf(Long.MAX_VALUE), BigDecimal.ZERO, 100L, 20L, true);
		FunctionInfo function = new FunctionInfo("app", "f", "x integer", "FUNCTION", "integer", "sql", "IMMUTABLE",
				false, "feedbeef", "CREATE OR REPLACE FUNCTION app.f(x integer) ...", "Adds one");
		return new CatalogSnapshot(2, SERVER, List.of(new SchemaInfo("app", "owner")), List.of(), List.of(account),
				List.of(), List.of(), List.of(view), List.of(sequence), List.of(function), List.of(), List.of(),
				MigrationHistory.none(), null,
				List.of(new TypeInfo("app", "mood", TypeInfo.Kind.ENUM, List.of("sad", "happy"), null, null, false,
						List.of(), List.of(), null, null)),
				List.of(new CollationInfo("app", "ci", "icu", "und-u-ks-level2", null, null, false)),
				List.of(new PolicyInfo("app", "account", "mine", true, "SELECT", List.of("public"),
						"(owner = CURRENT_USER)", null)),
				List.of(new PrivilegeInfo("TABLE", "app", "app.account", "reader", List.of("SELECT"), List.of())),
				List.of(new DefaultPrivilegeInfo("owner", "app", "tables", "reader", List.of("SELECT"), List.of())));
	}

	/** The same schema as the format-1 reader wrote it: hashes only, no format-2 kinds or fields. */
	private static CatalogSnapshot format1() {
		List<ColumnInfo> columns = List.of(new ColumnInfo(1, "id", "bigint", false, null, "BY DEFAULT", null, null),
				new ColumnInfo(2, "email", "text", true, null, null, null, null));
		return new CatalogSnapshot(1, SERVER, List.of(new SchemaInfo("app", "owner")), List.of(),
				List.of(new TableInfo("app", "account", TableInfo.TableKind.TABLE, "permanent", "owner", null, columns)),
				List.of(), List.of(),
				List.of(new ViewInfo("app", "v_account", false, "owner", null, null, "0123abcd",
						List.of(new ColumnInfo(1, "id", "bigint", true, null, null, null, null)))),
				List.of(new SequenceInfo("app", "account_id_seq", "bigint", 1, 1, Long.MAX_VALUE, false, 7L,
						"app.account", "id", "bigint", BigDecimal.valueOf(Long.MAX_VALUE), BigDecimal.ZERO)),
				List.of(new FunctionInfo("app", "f", "x integer", "FUNCTION", "integer", "sql", "IMMUTABLE", false,
						"feedbeef")),
				List.of(), List.of(), MigrationHistory.none(), null);
	}

	@Test
	void aFormat1BaselineAndAFormat2SnapshotOfTheSameSchemaAreIdentical() {
		assertThat(SnapshotDiff.between(null, format1(), null, format2("Accounts")).identical()).isTrue();
		assertThat(SnapshotDiff.between(null, format2("Accounts"), null, format1()).identical()).isTrue();
	}

	@Test
	void whatFormat1SawStillCountsAcrossFormats() {
		CatalogSnapshot renamed = format2("Accounts");
		TableInfo t = renamed.tables().get(0);
		CatalogSnapshot now = new CatalogSnapshot(2, SERVER, renamed.schemas(), List.of(),
				List.of(new TableInfo(t.schema(), t.name(), t.kind(), "unlogged", t.owner(), null, t.columns(),
						null, t.inherits(), t.rowSecurity(), t.forceRowSecurity(), t.options(), t.comment())),
				List.of(), List.of(), renamed.views(), renamed.sequences(), renamed.functions(), List.of(), List.of(),
				MigrationHistory.none(), null, renamed.types(), renamed.collations(), renamed.policies(),
				renamed.privileges(), renamed.defaultPrivileges());
		SnapshotDiff diff = SnapshotDiff.between(null, format1(), null, now);
		assertThat(diff.kinds()).singleElement().satisfies(kind -> {
			assertThat(kind.kind()).isEqualTo("tables");
			assertThat(kind.changed()).singleElement()
				.satisfies(change -> assertThat(change.fields()).containsExactly("persistence"));
		});
	}

	/** {@code format2("Accounts")} with the table's row estimate set. */
	private static CatalogSnapshot withRows(@Nullable Long estimatedRows) {
		CatalogSnapshot s = format2("Accounts");
		TableInfo t = s.tables().get(0);
		return new CatalogSnapshot(2, SERVER, s.schemas(), List.of(),
				List.of(new TableInfo(t.schema(), t.name(), t.kind(), t.persistence(), t.owner(), null, t.columns(),
						null, t.inherits(), t.rowSecurity(), t.forceRowSecurity(), t.options(), t.comment(),
						estimatedRows)),
				List.of(), List.of(), s.views(), s.sequences(), s.functions(), List.of(), List.of(),
				MigrationHistory.none(), null, s.types(), s.collations(), s.policies(), s.privileges(),
				s.defaultPrivileges());
	}

	/** {@code format2("Accounts")} with its table's columns replaced. */
	private static CatalogSnapshot withColumns(ColumnInfo... columns) {
		CatalogSnapshot s = format2("Accounts");
		TableInfo t = s.tables().get(0);
		return new CatalogSnapshot(2, SERVER, s.schemas(), List.of(),
				List.of(new TableInfo(t.schema(), t.name(), t.kind(), t.persistence(), t.owner(), null,
						List.of(columns), null, t.inherits(), t.rowSecurity(), t.forceRowSecurity(), t.options(),
						t.comment())),
				List.of(), List.of(), s.views(), s.sequences(), s.functions(), List.of(), List.of(),
				MigrationHistory.none(), null, s.types(), s.collations(), s.policies(), s.privileges(),
				s.defaultPrivileges());
	}

	@Test
	void columnStatisticsAndStorageAreComparedOnlyWhenBothSnapshotsReadThem() {
		ColumnInfo before = new ColumnInfo(1, "email", "text", true, null, null, null, null, null);
		ColumnInfo readDefault = new ColumnInfo(1, "email", "text", true, null, null, null, null, null, null, null,
				"EXTENDED");
		ColumnInfo readSet = new ColumnInfo(1, "email", "text", true, null, null, null, null, null, 500, "EXTERNAL",
				"EXTENDED");
		assertThat(SnapshotDiff.between(null, withColumns(before), null, withColumns(readSet)).identical()).isTrue();
		assertThat(SnapshotDiff.between(null, withColumns(readSet), null, withColumns(before)).identical()).isTrue();
		SnapshotDiff diff = SnapshotDiff.between(null, withColumns(readDefault), null, withColumns(readSet));
		assertThat(diff.kinds()).singleElement().satisfies(k -> {
			assertThat(k.kind()).isEqualTo("tables");
			assertThat(k.changed()).singleElement().satisfies(c -> assertThat(c.fields()).containsExactly("columns"));
		});
	}

	@Test
	void aTablesRowEstimateMovesWithTheDataAndIsNoDrift() {
		assertThat(SnapshotDiff.between(null, withRows(null), null, withRows(1234L)).identical()).isTrue();
		assertThat(SnapshotDiff.between(null, withRows(5L), null, withRows(1234L)).identical()).isTrue();
		assertThat(withRows(1234L).asFormat(1).tables()).singleElement()
			.satisfies(t -> assertThat(t.estimatedRows()).isNull());
		assertThat(SnapshotDiff.between(null, format1(), null, withRows(1234L)).identical()).isTrue();
	}

	@Test
	void twoFormat2SnapshotsCompareTheNewKindsAndFields() {
		CatalogSnapshot before = format2("Accounts");
		CatalogSnapshot after = format2("Accounts, one per owner");
		after = new CatalogSnapshot(2, SERVER, after.schemas(), List.of(), after.tables(), List.of(), List.of(),
				after.views(), after.sequences(), after.functions(), List.of(), List.of(), MigrationHistory.none(), null,
				after.types(), List.of(), after.policies(),
				List.of(after.privileges().get(0),
						new PrivilegeInfo("TABLE", "app", "app.account", "writer", List.of("INSERT"), List.of())),
				after.defaultPrivileges());
		SnapshotDiff diff = SnapshotDiff.between(null, before, null, after);
		assertThat(diff.kinds()).extracting(SnapshotDiff.KindDiff::kind)
			.containsExactly("tables", "collations", "privileges");
		assertThat(diff.kinds().get(0).changed().get(0).fields()).containsExactly("comment");
		assertThat(diff.kinds().get(1).removed()).extracting(SnapshotDiff.Entry::key).containsExactly("app.ci");
		assertThat(diff.kinds().get(2).added()).extracting(SnapshotDiff.Entry::key)
			.containsExactly("TABLE app.account to writer");
	}
}

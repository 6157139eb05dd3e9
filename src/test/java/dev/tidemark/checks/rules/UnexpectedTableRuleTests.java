package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;

import dev.tidemark.checks.Severity;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.Expect.table;
import static dev.tidemark.checks.rules.Expect.tables;
import static dev.tidemark.support.TestCatalogs.Builder.column;
import static org.assertj.core.api.Assertions.assertThat;

class UnexpectedTableRuleTests {

	private final UnexpectedTable rule = new UnexpectedTable();

	@Test
	void reportsATableTheReferenceLacks() {
		CatalogSnapshot snapshot = TestCatalogs.builder()
			.table("public", "orders", column(1, "id", "bigint", false))
			.table("public", "orders_backup", column(1, "id", "bigint", false))
			.build();

		assertThat(rule.evaluate(Expect.reference(snapshot, tables(table("public.orders"))))).singleElement()
			.satisfies(v -> {
				assertThat(v.object().text()).isEqualTo("public.orders_backup");
				assertThat(v.severity()).isEqualTo(Severity.LOW);
				assertThat(v.evidence()).containsEntry("columns", List.of("id bigint"));
				assertThat(v.repair().automatic()).isFalse();
			});
	}

	@Test
	void aContractIsNotExhaustive() {
		CatalogSnapshot snapshot = TestCatalogs.builder()
			.table("public", "orders", column(1, "id", "bigint", false))
			.table("public", "other")
			.build();

		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.orders"))))).isEmpty();
	}

	@Test
	void ignoresPartitionsMigrationHistoryAndTidemarksOwnTables() {
		CatalogSnapshot base = TestCatalogs.builder()
			.table("public", "events")
			.table("app", "alembic_version")
			.table("app", "DATABASECHANGELOG")
			.table("app", "DATABASECHANGELOGLOCK")
			.table("public", "tidemark_databasechangelog")
			.table("public", "tidemark_databasechangeloglock")
			.build();
		List<TableInfo> tables = new ArrayList<>(base.tables());
		tables.add(new TableInfo("public", "events_2026_11", TableInfo.TableKind.TABLE, "permanent", "owner",
				"public.events", List.of()));
		CatalogSnapshot withPartition = new CatalogSnapshot(base.formatVersion(), base.server(), base.schemas(),
				base.extensions(), tables, base.constraints(), base.indexes(), base.views(), base.sequences(),
				base.functions(), base.triggers(), base.partitioning(), base.migrations(), base.timescale());
		CatalogSnapshot snapshot = Snapshots.withMigrations(withPartition,
				new MigrationHistory(
						List.of(new MigrationHistory.Liquibase("app", "DATABASECHANGELOG", 3, "1", "a", "f", null,
								false, null, null, null)),
						List.of(), List.of(), List.of(new MigrationHistory.Alembic("app", "alembic_version",
								List.of("abc")))));

		assertThat(rule.evaluate(Expect.reference(snapshot, tables(table("public.events"))))).isEmpty();
	}

	@Test
	void aTableNamedLikeHistoryButNotFoundAsHistoryIsUnexpected() {
		CatalogSnapshot snapshot = TestCatalogs.builder().table("public", "alembic_version").build();

		assertThat(rule.evaluate(Expect.reference(snapshot, tables()))).extracting(v -> v.object().text())
			.containsExactly("public.alembic_version");
	}
}

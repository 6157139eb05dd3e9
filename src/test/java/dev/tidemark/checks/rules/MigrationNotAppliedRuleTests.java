package dev.tidemark.checks.rules;

import java.time.Instant;
import java.util.List;

import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.Contract.MigrationExpectations;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.MigrationHistory.PrismaMigration;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class MigrationNotAppliedRuleTests {

	private final MigrationNotApplied rule = new MigrationNotApplied();

	private static final Instant T = Instant.parse("2025-11-20T00:00:00Z");

	private static CatalogSnapshot history(List<MigrationHistory.Liquibase> liquibase,
			List<MigrationHistory.Flyway> flyway, List<MigrationHistory.Prisma> prisma) {
		return Snapshots.withMigrations(TestCatalogs.empty(), new MigrationHistory(liquibase, flyway, prisma, List.of()));
	}

	private static Contract expect(MigrationExpectations.Prisma prisma, MigrationExpectations.Flyway flyway,
			MigrationExpectations.Liquibase liquibase) {
		return Expect.migrations(new MigrationExpectations(prisma, null, flyway, liquibase));
	}

	@Test
	void prismaNamesMustHaveAnAppliedRow() {
		CatalogSnapshot snapshot = history(List.of(), List.of(), List.of(new MigrationHistory.Prisma("public",
				"_prisma_migrations", false,
				List.of(new PrismaMigration("001_init", 1, true, false, T, T),
						new PrismaMigration("002_metadata", 1, false, true, T, null)))));

		assertThat(rule.evaluate(Expect.contract(snapshot, expect(new MigrationExpectations.Prisma(null,
				List.of("001_init", "002_metadata", "003_webhooks")), null, null))))
			.extracting(v -> v.object().text(), v -> v.evidence().get("actual"))
			.containsExactly(tuple("prisma.002_metadata",
					"started but never finished (failed)"),
					tuple("prisma.003_webhooks", "no row for this migration"));
	}

	@Test
	void flywayVersionsCompareNumerically() {
		CatalogSnapshot snapshot = history(List.of(), List.of(new MigrationHistory.Flyway("public",
				"flyway_schema_history", 12, "1.10", "add things", List.of())), List.of());

		assertThat(rule.evaluate(Expect.contract(snapshot, expect(null, new MigrationExpectations.Flyway("1.9"), null))))
			.isEmpty();
		assertThat(rule.evaluate(Expect.contract(snapshot, expect(null, new MigrationExpectations.Flyway("1.10.0"), null))))
			.isEmpty();
		assertThat(rule.evaluate(Expect.contract(snapshot, expect(null, new MigrationExpectations.Flyway("1.11"), null))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.object().text()).isEqualTo("flyway.1.11");
				assertThat(v.evidence()).containsEntry("actualVersion", "1.10");
				assertThat(v.repair().automatic()).isFalse();
			});
		assertThat(rule.evaluate(Expect.contract(TestCatalogs.empty(),
				expect(null, new MigrationExpectations.Flyway("1"), null))))
			.singleElement()
			.satisfies(v -> assertThat(v.evidence()).containsEntry("actual", "no flyway_schema_history table"));
	}

	@Test
	void liquibaseChangesetsAreCheckedAsFarAsTheSummaryTells() {
		var latest = new MigrationHistory.Liquibase("public", "databasechangelog", 5, "5", "dev", "db/changelog.yaml",
				null, false, null, null, null);
		var own = new MigrationHistory.Liquibase("public", "tidemark_databasechangelog", 1, "r1", "tidemark", "x",
				null, false, null, null, null);
		var expected = expect(null, null, new MigrationExpectations.Liquibase(
				List.of("5::dev", "5::dev::db/changelog.yaml", "3::dev")));

		// the latest is applied; an older one in a non-empty table cannot be told apart
		assertThat(rule.evaluate(Expect.contract(history(List.of(latest, own), List.of(), List.of()), expected)))
			.isEmpty();
		// only Tidemark's own changelog: the application's changesets are not applied
		assertThat(rule.evaluate(Expect.contract(history(List.of(own), List.of(), List.of()), expected)))
			.hasSize(3)
			.allSatisfy(v -> assertThat(v.evidence()).containsEntry("actual", "no databasechangelog table"));
		assertThat(rule.evaluate(Expect.contract(history(List.of(new MigrationHistory.Liquibase("public",
				"databasechangelog", 0, null, null, null, null, null, null, null, null)), List.of(), List.of()),
				expected)))
			.hasSize(3)
			.allSatisfy(v -> assertThat(v.evidence()).containsEntry("actual", "the changelog table is empty"));
	}

	@Test
	void comparesVersions() {
		assertThat(MigrationNotApplied.compareVersions("1.10", "1.9")).isPositive();
		assertThat(MigrationNotApplied.compareVersions("2", "2.0.0")).isZero();
		assertThat(MigrationNotApplied.compareVersions("2_1", "2.1")).isZero();
		assertThat(MigrationNotApplied.compareVersions("20250101", "20241231")).isPositive();
	}
}

package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Map;

import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.Contract.MigrationExpectations;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationHeadMismatchRuleTests {

	private final MigrationHeadMismatch rule = new MigrationHeadMismatch();

	private static CatalogSnapshot alembic(String... heads) {
		return Snapshots.withMigrations(TestCatalogs.empty(), new MigrationHistory(List.of(), List.of(), List.of(),
				List.of(new MigrationHistory.Alembic("public", "alembic_version", List.of(heads)))));
	}

	private static Contract head(String head) {
		return Expect.migrations(
				new MigrationExpectations(null, new MigrationExpectations.Alembic(head), null, null));
	}

	@Test
	void reportsAHeadBehindTheCode() {
		assertThat(rule.evaluate(Expect.contract(alembic("20250812_090000"), head("20250812_150000"))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.object().text()).isEqualTo("alembic");
				assertThat(v.evidence()).containsEntry("expectedHead", "20250812_150000")
					.containsEntry("actual", List.of(
							Map.of("table", "public.alembic_version", "heads", List.of("20250812_090000"))));
				assertThat(v.repair().automatic()).isFalse();
				assertThat(v.repair().instead()).contains("alembic upgrade 20250812_150000");
			});
	}

	@Test
	void noTableIsAMismatchToo() {
		assertThat(rule.evaluate(Expect.contract(TestCatalogs.empty(), head("abc")))).singleElement()
			.satisfies(v -> assertThat(v.evidence()).containsEntry("actual", "no alembic_version table"));
	}

	@Test
	void severalBranchHeadsAreNotTheOneHead() {
		assertThat(rule.evaluate(Expect.contract(alembic("abc", "def"), head("abc")))).hasSize(1);
		assertThat(rule.evaluate(Expect.contract(alembic(), head("abc")))).hasSize(1);
	}

	@Test
	void theExpectedHeadIsQuiet() {
		assertThat(rule.evaluate(Expect.contract(alembic("20260301_0300"), head("20260301_0300")))).isEmpty();
		assertThat(rule.evaluate(Expect.contract(alembic("x"), Expect.migrations(
				new MigrationExpectations(null, null, null, null))))).isEmpty();
	}
}

package dev.tidemark.checks.rules;

import dev.tidemark.checks.Severity;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.Expect.column;
import static dev.tidemark.checks.rules.Expect.table;
import static dev.tidemark.checks.rules.Expect.tables;
import static org.assertj.core.api.Assertions.assertThat;

class UnexpectedColumnRuleTests {

	private final UnexpectedColumn rule = new UnexpectedColumn();

	private final CatalogSnapshot snapshot = TestCatalogs.builder()
		.table("public", "orders", TestCatalogs.Builder.column(1, "id", "bigint", false),
				TestCatalogs.Builder.column(2, "legacy_flag", "boolean", false))
		.build();

	@Test
	void reportsAColumnTheReferenceLacks() {
		assertThat(rule.evaluate(
				Expect.reference(snapshot, tables(table("public.orders").columns(column("id", "bigint"))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.ruleId()).isEqualTo("unexpected-column");
				assertThat(v.severity()).isEqualTo(Severity.LOW);
				assertThat(v.object().text()).isEqualTo("public.orders.legacy_flag");
				assertThat(v.evidence()).containsEntry("actualType", "boolean")
					.containsEntry("breaksInsertsThatOmitIt", true);
				assertThat(v.repair().automatic()).isFalse();
			});
	}

	@Test
	void aContractListsOnlyTheColumnsApplicationsUse() {
		assertThat(rule.evaluate(
				Expect.contract(snapshot, tables(table("public.orders").columns(column("id", "bigint"))))))
			.isEmpty();
	}

	@Test
	void saysNothingAboutATableThatIsNotThere() {
		assertThat(rule.evaluate(Expect.reference(snapshot, tables(table("public.orders")
			.columns(column("id", "bigint"), column("legacy_flag", "boolean")), table("public.other")))))
			.isEmpty();
	}
}

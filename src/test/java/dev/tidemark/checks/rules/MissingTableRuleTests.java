package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.Expect.column;
import static dev.tidemark.checks.rules.Expect.table;
import static dev.tidemark.checks.rules.Expect.tables;
import static dev.tidemark.support.TestCatalogs.Builder.column;
import static org.assertj.core.api.Assertions.assertThat;

class MissingTableRuleTests {

	private final MissingTable rule = new MissingTable();

	private final CatalogSnapshot snapshot = TestCatalogs.builder()
		.table("public", "orders", column(1, "id", "bigint", false))
		.build();

	@Test
	void reportsAnAbsentTableWithAManualRepair() {
		List<Violation> violations = rule.evaluate(Expect.contract(snapshot,
				tables(table("public.orders"), table("public.invoices").columns(column("id", "bigint")))));

		assertThat(violations).singleElement().satisfies(v -> {
			assertThat(v.ruleId()).isEqualTo("missing-table");
			assertThat(v.severity()).isEqualTo(Severity.HIGH);
			assertThat(v.object().text()).isEqualTo("public.invoices");
			assertThat(v.evidence()).containsEntry("expectedColumns", List.of("id"))
				.containsEntry("actual", "no such table")
				.containsEntry("source", "CONTRACT");
			assertThat(v.repair().automatic()).isFalse();
			assertThat(v.repair().instead()).contains("application's migrations");
		});
		assertThat(rule.category()).isEqualTo(RuleCategory.CONTRACT);
	}

	@Test
	void matchesNamesExactly() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.Orders"), table("Public.orders")))))
			.extracting(v -> v.object().text())
			.containsExactly("public.Orders", "Public.orders");
	}

	@Test
	void reportsATableExpectedByContractAndReferenceOnce() {
		assertThat(rule.evaluate(
				Expect.both(snapshot, tables(table("public.invoices")), tables(table("public.invoices")))))
			.hasSize(1);
	}

	@Test
	void neverExpectsTidemarksOwnChangelogTables() {
		assertThat(rule.evaluate(Expect.reference(snapshot,
				tables(table("public.orders"), table("public.tidemark_databasechangelog"),
						table("public.tidemark_databasechangeloglock")))))
			.isEmpty();
	}
}

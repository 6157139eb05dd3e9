package dev.tidemark.checks.rules;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.Expect.column;
import static dev.tidemark.checks.rules.Expect.table;
import static dev.tidemark.checks.rules.Expect.tables;
import static org.assertj.core.api.Assertions.assertThat;

class ColumnTypeMismatchRuleTests {

	private final ColumnTypeMismatch rule = new ColumnTypeMismatch();

	private final CatalogSnapshot snapshot = TestCatalogs.builder()
		.table("public", "scores", TestCatalogs.Builder.column(1, "id", "bigint", false),
				TestCatalogs.Builder.column(2, "points", "integer", true),
				TestCatalogs.Builder.column(3, "name", "character varying(10)", true),
				TestCatalogs.Builder.column(4, "email", "public.citext", true),
				TestCatalogs.Builder.column(5, "at", "timestamp with time zone", true))
		.build();

	@Test
	void reportsADifferentTypeWithoutAnAutomaticRepair() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.scores").columns(column("points", "int8"), column("id", "int8"))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.object().text()).isEqualTo("public.scores.points");
				assertThat(v.evidence()).containsEntry("expectedType", "int8")
					.containsEntry("actualType", "integer")
					.containsEntry("expectedTypeNormalized", "bigint");
				assertThat(v.repair().automatic()).isFalse();
				assertThat(v.repair().summary()).contains("rewrites the table");
				assertThat(v.repair().instead()).contains("add a new column").contains("backfill");
			});
	}

	@Test
	void commonSpellingsAreTheSameType() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.scores").columns(column("id", "int8"), column("points", "int"),
						column("name", "varchar(10)"), column("email", "citext"), column("at", "timestamptz"))))))
			.isEmpty();
	}

	@Test
	void anUnstatedTypeOrAbsentColumnIsNotChecked() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.scores").columns(column("points", null), column("absent", "text"))))))
			.isEmpty();
	}
}

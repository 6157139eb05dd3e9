package dev.tidemark.checks.rules;

import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract.ColumnExpectation;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.Expect.column;
import static dev.tidemark.checks.rules.Expect.table;
import static dev.tidemark.checks.rules.Expect.tables;
import static org.assertj.core.api.Assertions.assertThat;

class MissingColumnRuleTests {

	private final MissingColumn rule = new MissingColumn();

	private final CatalogSnapshot snapshot = TestCatalogs.builder()
		.table("public", "posts", TestCatalogs.Builder.column(1, "id", "bigint", false))
		.build();

	private Violation only(ColumnExpectation column) {
		var violations = rule.evaluate(Expect.contract(snapshot, tables(table("public.posts").columns(column))));
		assertThat(violations).hasSize(1);
		return violations.get(0);
	}

	@Test
	void addsANullableColumnAutomatically() {
		Violation v = only(column("is_hidden", "boolean"));
		assertThat(v.object().text()).isEqualTo("public.posts.is_hidden");
		assertThat(v.evidence()).containsEntry("expectedType", "boolean").containsEntry("actual", "no such column");
		assertThat(v.repair().automatic()).isTrue();
		assertThat(v.repair().summary()).contains("ADD COLUMN is_hidden boolean");
	}

	@Test
	void notNullWithADefaultIsSafe() {
		Violation v = only(column("is_deleted", "boolean", false, "false"));
		assertThat(v.repair().automatic()).isTrue();
		assertThat(v.repair().summary()).contains("boolean DEFAULT false NOT NULL");
	}

	@Test
	void notNullWithoutADefaultIsNotSafe() {
		Violation v = only(column("moderation_status", "text", false, null));
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().summary()).contains("NOT NULL without a default");
		assertThat(v.repair().instead()).contains("backfill");
	}

	@Test
	void aVolatileDefaultWouldRewriteTheTable() {
		Violation v = only(column("token", "uuid", false, "gen_random_uuid()"));
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().summary()).contains("rewrite");
	}

	@Test
	void withoutATypeThereIsNothingToAdd() {
		Violation v = only(column("mystery", null));
		assertThat(v.repair().automatic()).isFalse();
	}

	@Test
	void quotesHostileNamesInTheSummary() {
		assertThat(only(column("select", "text")).repair().summary()).contains("ADD COLUMN \"select\" text");
	}

	@Test
	void anAbsentTableIsMissingTablesAlone() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.other").columns(column("x", "int")), table("public.posts")
					.columns(column("id", "bigint"))))))
			.isEmpty();
	}

	@Test
	void namesAreCaseSensitive() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.posts").columns(column("ID", "bigint"))))))
			.extracting(v -> v.object().text())
			.containsExactly("public.posts.ID");
	}
}

package dev.tidemark.checks.rules;

import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.RelationChange.DropNotNull;
import dev.tidemark.checks.change.RelationChange.SetNotNull;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.Expect.column;
import static dev.tidemark.checks.rules.Expect.table;
import static dev.tidemark.checks.rules.Expect.tables;
import static org.assertj.core.api.Assertions.assertThat;

class ColumnNullabilityMismatchRuleTests {

	private final ColumnNullabilityMismatch rule = new ColumnNullabilityMismatch();

	private final CatalogSnapshot snapshot = TestCatalogs.builder()
		.table("public", "post_reactions", TestCatalogs.Builder.column(1, "id", "bigint", false),
				TestCatalogs.Builder.column(2, "post_id", "bigint", false),
				TestCatalogs.Builder.column(3, "note", "text", true),
				Snapshots.identity(4, "seq", "bigint"))
		.primaryKey("public", "post_reactions", "post_reactions_pkey", "id")
		.build();

	@Test
	void notNullWhereNullIsExpectedDropsNotNull() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.post_reactions").columns(column("post_id", "bigint", true, null))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.object().text()).isEqualTo("public.post_reactions.post_id");
				assertThat(v.evidence()).containsEntry("expectedNullable", true).containsEntry("actualNullable", false);
				assertThat(v.repair().automatic()).isTrue();
				assertThat(v.repair().summary()).isEqualTo("drop NOT NULL on public.post_reactions.post_id "
						+ "(catalog-only, brief ACCESS EXCLUSIVE lock)");
				assertThat(Changes.fromEvidence(v.evidence()))
					.containsExactly(new DropNotNull("public", "post_reactions", "post_id"));
			});
	}

	@Test
	void nullableWhereNotNullIsExpectedGoesThroughAValidatedCheck() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.post_reactions").columns(column("note", "text", false, null))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.repair().automatic()).isTrue();
				assertThat(Changes.fromEvidence(v.evidence()))
					.containsExactly(new SetNotNull("public", "post_reactions", "note"));
				assertThat(v.repair().summary()).contains("NOT VALID")
					.contains("validated")
					.contains("SET NOT NULL")
					.contains("fails while NULLs exist");
			});
	}

	@Test
	void primaryKeyAndIdentityColumnsCannotDropNotNull() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions")
			.columns(column("id", "bigint", true, null), column("seq", "bigint", true, null))))))
			.hasSize(2)
			.allSatisfy(v -> assertThat(v.repair().automatic()).isFalse());
	}

	@Test
	void unstatedNullabilityIsNotChecked() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions")
			.columns(column("post_id", "bigint"), column("note", "text", true, null))))))
			.isEmpty();
	}
}

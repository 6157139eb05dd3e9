package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.Expect.fk;
import static dev.tidemark.checks.rules.Expect.table;
import static dev.tidemark.checks.rules.Expect.tables;
import static dev.tidemark.support.TestCatalogs.Builder.column;
import static org.assertj.core.api.Assertions.assertThat;

class ForeignKeyActionMismatchRuleTests {

	private final ForeignKeyActionMismatch rule = new ForeignKeyActionMismatch();

	private final CatalogSnapshot snapshot = TestCatalogs.builder()
		.table("public", "posts", column(1, "id", "bigint", false))
		.table("public", "post_reactions", column(1, "id", "bigint", false), column(2, "post_id", "bigint", false))
		.constraint(Snapshots.foreignKey("public", "post_reactions", "post_reactions_post_id_fkey", List.of("post_id"),
				"posts", List.of("id"), "CASCADE", "NO ACTION", true))
		.build();

	@Test
	void reportsTheActionsOfTheMatchingForeignKey() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions")
			.foreignKey(fk(List.of("post_id"), "public.posts", List.of("id"), "set null", null))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.object().text()).isEqualTo("public.post_reactions.post_reactions_post_id_fkey");
				assertThat(v.evidence()).containsEntry("constraint", "post_reactions_post_id_fkey")
					.containsEntry("expectedOnDelete", "SET NULL")
					.containsEntry("actualOnDelete", "CASCADE")
					.doesNotContainKey("expectedOnUpdate");
				assertThat(v.repair().automatic()).isTrue();
				assertThat(v.repair().summary()).contains("NOT VALID")
					.contains("drop post_reactions_post_id_fkey")
					.contains("[post_id] to be nullable");
			});
	}

	@Test
	void unstatedOrEqualActionsAreQuiet() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.post_reactions")
					.foreignKey(fk(List.of("post_id"), "public.posts", List.of("id"), null, null))
					.foreignKey(fk(List.of("post_id"), "public.posts", List.of(), "CASCADE", "no_action"))))))
			.isEmpty();
	}

	@Test
	void anAbsentForeignKeyIsMissingConstraintsBusiness() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions")
			.foreignKey(fk(List.of("id"), "public.posts", List.of("id"), "SET NULL", null))))))
			.isEmpty();
	}
}

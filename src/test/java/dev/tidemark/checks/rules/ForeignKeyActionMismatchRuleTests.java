package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.RelationChange.ReplaceConstraint;
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
				assertThat(Changes.fromEvidence(v.evidence())).containsExactly(new ReplaceConstraint("public",
						"post_reactions", "post_reactions_post_id_fkey", "FOREIGN_KEY",
						"FOREIGN KEY (post_id) REFERENCES public.posts(id)",
						"FOREIGN KEY (post_id) REFERENCES public.posts(id) ON DELETE SET NULL", true, false, null));
			});
	}

	@Test
	void aNotValidForeignKeyIsNotReplaced() {
		CatalogSnapshot notValid = TestCatalogs.builder()
			.table("public", "posts", column(1, "id", "bigint", false))
			.table("public", "post_reactions", column(1, "id", "bigint", false), column(2, "post_id", "bigint", true))
			.constraint(Snapshots.foreignKey("public", "post_reactions", "post_reactions_post_id_fkey",
					List.of("post_id"), "posts", List.of("id"), "CASCADE", "NO ACTION", false))
			.build();
		assertThat(rule.evaluate(Expect.contract(notValid, tables(table("public.post_reactions")
			.foreignKey(fk(List.of("post_id"), "public.posts", List.of("id"), "set null", null))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.repair().automatic()).isFalse();
				assertThat(v.repair().summary()).contains("NOT VALID");
				assertThat(v.evidence()).doesNotContainKey(Changes.EVIDENCE_KEY);
			});
	}

	@Test
	void theNewDefinitionKeepsMatchAndDeferrabilityAndPrintsActionsAsPostgresDoes() {
		assertThat(ForeignKeyActionMismatch.withActions("FOREIGN KEY (a, b) REFERENCES s.t(x, y) MATCH FULL ON UPDATE "
				+ "CASCADE ON DELETE SET NULL (a) DEFERRABLE INITIALLY DEFERRED", "RESTRICT", "NO ACTION"))
			.isEqualTo("FOREIGN KEY (a, b) REFERENCES s.t(x, y) MATCH FULL ON DELETE RESTRICT DEFERRABLE INITIALLY "
					+ "DEFERRED");
		assertThat(ForeignKeyActionMismatch.withActions("FOREIGN KEY (a) REFERENCES t(x)", "CASCADE", "SET DEFAULT"))
			.isEqualTo("FOREIGN KEY (a) REFERENCES t(x) ON UPDATE SET DEFAULT ON DELETE CASCADE");
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

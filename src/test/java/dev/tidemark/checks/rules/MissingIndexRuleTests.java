package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.RelationChange.CreateIndex;
import dev.tidemark.checks.contract.Contract.IndexExpectation;
import dev.tidemark.checks.contract.Contract.MaterializedViewExpectation;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.Expect.index;
import static dev.tidemark.checks.rules.Expect.table;
import static dev.tidemark.checks.rules.Expect.tables;
import static dev.tidemark.support.TestCatalogs.Builder.column;
import static org.assertj.core.api.Assertions.assertThat;

class MissingIndexRuleTests {

	private final MissingIndex rule = new MissingIndex();

	private final CatalogSnapshot snapshot = TestCatalogs.builder()
		.table("public", "posts", column(1, "id", "bigint", false))
		.table("public", "post_reactions", column(1, "id", "bigint", false), column(2, "post_id", "bigint", true),
				column(3, "user_id", "bigint", true), column(4, "email", "text", true))
		.constraint(Snapshots.foreignKey("public", "post_reactions", "reactions_post_fk", List.of("post_id"), "posts",
				List.of("id"), "NO ACTION", "NO ACTION", true))
		.constraint(Snapshots.foreignKey("public", "post_reactions", "reactions_pair_fk", List.of("user_id", "post_id"),
				"posts", List.of("id", "id"), "NO ACTION", "NO ACTION", true))
		.index(Snapshots.index("public", "post_reactions", "reactions_user_idx", false, "user_id IS NOT NULL",
				"user_id"))
		.index(Snapshots.index("public", "post_reactions", "reactions_email_idx", true, null, "lower(email)"))
		.index(Snapshots.invalid(Snapshots.index("public", "post_reactions", "reactions_post_idx", false, null,
				"post_id")))
		.build();

	@Test
	void aMissingIndexOnAForeignKeyTakesTheForeignKeySubject() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.post_reactions").index(index("post_id IS NOT NULL", "post_id"))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.ruleId()).isEqualTo("missing-index");
				assertThat(v.subject()).isEqualTo("fk-index:public.post_reactions(post_id)");
				assertThat(v.object().text()).isEqualTo("public.post_reactions.(post_id) WHERE post_id IS NOT NULL");
				assertThat(v.evidence()).containsEntry("where", "post_id IS NOT NULL")
					.containsEntry("columns", List.of("post_id"));
				assertThat(v.repair().automatic()).isTrue();
				assertThat(v.repair().summary()).contains("CONCURRENTLY");
				assertThat(Changes.fromEvidence(v.evidence())).containsExactly(new CreateIndex("public",
						"post_reactions", "post_reactions_post_id_idx", "CREATE INDEX \"post_reactions_post_id_idx\" ON "
								+ "\"public\".\"post_reactions\" (\"post_id\") WHERE post_id IS NOT NULL",
						false));
			});
	}

	@Test
	void expressionsAndOrderingAreKeptAndUnsafeFragmentsRefused() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions")
			.index(new IndexExpectation("by_email", List.of("lower(email) DESC", "id"), null, false, "BTREE"))))))
			.singleElement()
			.satisfies(v -> assertThat(Changes.fromEvidence(v.evidence())).containsExactly(new CreateIndex("public",
					"post_reactions", "by_email", "CREATE INDEX \"by_email\" ON \"public\".\"post_reactions\" USING "
							+ "btree ((lower(email)) DESC, \"id\")",
					false)));
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions")
			.index(index("id > 0; DROP TABLE x", "id"))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.repair().automatic()).isFalse();
				assertThat(v.evidence()).doesNotContainKey(Changes.EVIDENCE_KEY);
			});
	}

	@Test
	void anInvalidIndexDoesNotCountAndIsDroppedFirst() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.post_reactions").index(index(null, "post_id"))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.evidence()).containsEntry("invalidIndex", "reactions_post_idx");
				assertThat(v.repair().summary()).contains("after dropping the INVALID index reactions_post_idx");
				// the failed build's name: the renderer's guard drops it, then it is built again
				assertThat(Changes.fromEvidence(v.evidence())).singleElement()
					.satisfies(c -> assertThat(((CreateIndex) c).name()).isEqualTo("reactions_post_idx"));
			});
	}

	@Test
	void theWidestForeignKeyOnTheLeadingColumnsNamesTheSubject() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.post_reactions").index(index(null, "post_id", "user_id", "id"))))))
			.singleElement()
			.satisfies(v -> assertThat(v.subject()).isEqualTo("fk-index:public.post_reactions(user_id,post_id)"));
	}

	@Test
	void anIndexNotOnAForeignKeyKeepsItsOwnSubject() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.post_reactions").index(index(null, "id", "post_id"))))))
			.singleElement()
			.satisfies(v -> assertThat(v.subject()).isEqualTo("missing-index:" + v.object().text()));
	}

	@Test
	void predicatesAndExpressionsCompareNormalized() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.post_reactions").index(index("(USER_ID is not NULL)", "user_id DESC"))
					.index(new IndexExpectation("any", List.of("LOWER( email )"), null, true, "BTREE"))))))
			.isEmpty();
	}

	@Test
	void predicateUniquenessAndMethodMustMatchWhenGiven() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.post_reactions").index(index(null, "user_id"))
					.index(index("user_id IS NULL", "user_id"))
					.index(new IndexExpectation(null, List.of("user_id"), "user_id IS NOT NULL", true, null))
					.index(new IndexExpectation(null, List.of("lower(email)"), null, null, "hash"))))))
			.hasSize(4);
	}

	@Test
	void aMaterializedViewWithoutAUniqueIndexOnItsKeySharesTheHealthRulesSubject() {
		CatalogSnapshot withView = Snapshots.withViews(snapshot,
				Snapshots.matview("public", "mv_trend", "entity_type", "entity_id", "period_number", "value"));
		var contract = Expect.matviews(
				new MaterializedViewExpectation("public.mv_trend", List.of("entity_type", "entity_id", "period_number")));

		assertThat(rule.evaluate(Expect.contract(withView, contract))).singleElement().satisfies(v -> {
			assertThat(v.subject()).isEqualTo("matview-unique:public.mv_trend");
			assertThat(v.object().text()).isEqualTo("public.mv_trend.UNIQUE (entity_type, entity_id, period_number)");
			assertThat(v.repair().summary()).contains("CREATE UNIQUE INDEX CONCURRENTLY");
		});

		CatalogSnapshot indexed = Snapshots.withViews(TestCatalogs.builder()
			.index(Snapshots.index("public", "mv_trend", "mv_trend_key", true, null, "period_number", "entity_id",
					"entity_type"))
			.build(), Snapshots.matview("public", "mv_trend", "entity_type", "entity_id", "period_number", "value"));
		assertThat(rule.evaluate(Expect.contract(indexed, contract))).isEmpty();
	}
}

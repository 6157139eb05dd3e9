package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.NamespaceChange.CreateExtension;
import dev.tidemark.checks.change.RelationChange.AddConstraint;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ConstraintInfo.ConstraintType;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.Expect.fk;
import static dev.tidemark.checks.rules.Expect.table;
import static dev.tidemark.checks.rules.Expect.tables;
import static dev.tidemark.support.TestCatalogs.Builder.column;
import static org.assertj.core.api.Assertions.assertThat;

class MissingConstraintRuleTests {

	private static final String EXCLUDE = "EXCLUDE USING gist (entity_id WITH =, period WITH &&) WHERE (active)";

	private final MissingConstraint rule = new MissingConstraint();

	private final CatalogSnapshot snapshot = TestCatalogs.builder()
		.table("public", "posts", column(1, "id", "bigint", false))
		.primaryKey("public", "posts", "posts_pkey", "id")
		.table("public", "post_reactions", column(1, "id", "bigint", false), column(2, "post_id", "bigint", true),
				column(3, "user_id", "bigint", false), column(4, "kind", "text", false))
		.constraint(Snapshots.foreignKey("public", "post_reactions", "reactions_post_fk", List.of("post_id"), "posts",
				List.of("id"), "CASCADE", "NO ACTION", false))
		.constraint(Snapshots.constraint("public", "post_reactions", "kind_known", ConstraintType.CHECK,
				List.of("kind"), "CHECK (kind = ANY (ARRAY['like'::text, 'love'::text])) NOT VALID"))
		.table("public", "periods", column(1, "id", "bigint", false), column(2, "entity_id", "bigint", false))
		.build();

	@Test
	void aMissingPrimaryKeySharesItsSubjectWithTheHealthRule() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions").primaryKey("id")))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.subject()).isEqualTo("primary-key:public.post_reactions");
				assertThat(v.object().text()).isEqualTo("public.post_reactions.PRIMARY KEY (id)");
				assertThat(v.evidence()).containsEntry("expectedColumns", List.of("id"));
				assertThat(v.repair().automatic()).isTrue();
				assertThat(v.repair().summary()).contains("CONCURRENTLY").contains("USING INDEX");
			});
	}

	@Test
	void aPrimaryKeyOnOtherColumnsIsReplacedByHand() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.posts").primaryKey("id", "x")))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.evidence()).containsEntry("actualPrimaryKey", "posts_pkey");
				assertThat(v.repair().automatic()).isFalse();
			});
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.posts").primaryKey("id"))))).isEmpty();
	}

	/** A key through a concurrently built index cannot be had on a partitioned table: both kinds are manual. */
	@Test
	void keysOnAPartitionedTableAreRepairedByHand() {
		CatalogSnapshot partitioned = TestCatalogs.builder()
			.partitionedTable("public", "events", column(1, "id", "bigint", false),
					column(2, "occurred_at", "timestamp with time zone", false))
			.build();
		assertThat(rule.evaluate(Expect.contract(partitioned,
				tables(table("public.events").primaryKey("id", "occurred_at").unique("occurred_at", "id")))))
			.hasSize(2)
			.allSatisfy(v -> {
				assertThat(v.repair().automatic()).as(v.object().text()).isFalse();
				assertThat(v.repair().summary()).contains("partitioned table");
				assertThat(v.repair().instead()).contains("maintenance window").contains("partition key");
			});
	}

	@Test
	void uniqueSetsCompareAsSetsAndAPrimaryKeyCounts() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.posts").unique("id"),
				table("public.post_reactions").unique("post_id", "user_id")))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.object().text()).isEqualTo("public.post_reactions.UNIQUE (post_id, user_id)");
				assertThat(v.repair().summary()).contains("fails while duplicates exist");
			});
	}

	@Test
	void foreignKeysMatchByColumnsAndTargetWhateverTheNameOrValidation() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions")
			.foreignKey(fk(List.of("post_id"), "public.posts", List.of("id"), "SET NULL", null))))))
			.isEmpty();
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions")
			.foreignKey(fk(List.of("user_id"), "public.posts", List.of("id"), null, null))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.object().text())
					.isEqualTo("public.post_reactions.FOREIGN KEY (user_id) REFERENCES public.posts(id)");
				assertThat(v.repair().summary()).contains("NOT VALID").contains("VALIDATE");
				assertThat(Changes.fromEvidence(v.evidence())).containsExactly(new AddConstraint("public",
						"post_reactions", "post_reactions_user_id_fkey", "FOREIGN_KEY",
						"FOREIGN KEY (\"user_id\") REFERENCES \"public\".\"posts\" (\"id\")", true, false, null,
						List.of()));
			});
	}

	@Test
	void generatedForeignKeyNamesDoNotCollideAndUnknownActionsAreRefused() {
		var violations = rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions")
			.foreignKey(fk(List.of("user_id"), "public.posts", List.of("id"), "set_null", null))
			.foreignKey(fk(List.of("user_id"), "public.periods", List.of("id"), null, null))
			.foreignKey(fk(List.of("id"), "public.posts", List.of("id"), "explode", null)))));
		assertThat(violations).hasSize(3);
		assertThat(violations.stream().flatMap(v -> Changes.fromEvidence(v.evidence()).stream()))
			.extracting(c -> ((AddConstraint) c).name() + " " + ((AddConstraint) c).definition())
			.containsExactly(
					"post_reactions_user_id_fkey FOREIGN KEY (\"user_id\") REFERENCES \"public\".\"posts\" (\"id\")"
							+ " ON DELETE SET NULL",
					"post_reactions_user_id_2_fkey FOREIGN KEY (\"user_id\") REFERENCES \"public\".\"periods\" (\"id\")");
		assertThat(violations.get(2).repair().automatic()).isFalse();
		assertThat(violations.get(2).repair().summary()).isEqualToIgnoringCase("Unknown foreign key action explode");
	}

	@Test
	void aForeignKeyToAMissingTableWaitsForTheTable() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions")
			.foreignKey(fk(List.of("user_id"), "public.users", List.of("id"), null, null))))))
			.singleElement()
			.satisfies(v -> assertThat(v.repair().automatic()).isFalse());
	}

	@Test
	void namedConstraintsCompareDefinitionsIgnoringLayoutAndValidation() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions").constraint(
				"kind_known", "check (kind = any (array['like', 'love']))")))))
			.isEmpty();
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.post_reactions").constraint(
				"kind_known", "CHECK (kind = ANY (ARRAY['like'::text, 'love'::text, 'wow'::text]))")))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.object().text()).isEqualTo("public.post_reactions.kind_known");
				assertThat(v.evidence()).containsKeys("expectedDefinition", "actualDefinition");
				// replacing a definition is not generated: a manual repair, no typed change
				assertThat(v.repair().automatic()).isFalse();
				assertThat(v.repair().summary())
					.isEqualTo("Replacing an existing constraint's definition is not generated yet");
				assertThat(v.evidence()).doesNotContainKey(Changes.EVIDENCE_KEY);
			});
	}

	@Test
	void aNamedConstraintWithoutDefinitionOnlyNeedsToExist() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.post_reactions").constraint("kind_known", null).constraint("gone", null)))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.object().text()).isEqualTo("public.post_reactions.gone");
				assertThat(v.repair().automatic()).isFalse();
			});
	}

	@Test
	void anExclusionConstraintNeedsBtreeGist() {
		CatalogSnapshot available = Snapshots.withExtensions(snapshot,
				new ExtensionInfo("btree_gist", null, null, "1.7"));
		assertThat(rule.evaluate(Expect.contract(available,
				tables(table("public.periods").constraint("periods_no_overlap", EXCLUDE)))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.evidence()).containsEntry("constraintType", "EXCLUDE")
					.containsEntry("requiresExtension", "btree_gist");
				assertThat(v.repair().automatic()).isTrue();
				assertThat(v.repair().summary()).contains("CREATE EXTENSION btree_gist first");
				assertThat(Changes.fromEvidence(v.evidence())).containsExactly(
						new CreateExtension("btree_gist", null, null), new AddConstraint("public", "periods",
								"periods_no_overlap", "EXCLUDE", EXCLUDE, true, false, null, List.of()));
			});
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.periods").constraint("periods_no_overlap", EXCLUDE)))))
			.singleElement()
			.satisfies(v -> assertThat(v.repair().automatic()).isFalse());
	}

	@Test
	void oneViolationPerMissingConstraintAcrossExpectations() {
		var contract = tables(table("public.post_reactions").primaryKey("id").unique("user_id"));
		assertThat(rule.evaluate(Expect.both(snapshot, contract, contract))).hasSize(2);
	}

	@Test
	void anAbsentTableIsMissingTablesAlone() {
		assertThat(rule.evaluate(Expect.contract(snapshot, tables(table("public.nope").primaryKey("id")))))
			.isEmpty();
	}
}

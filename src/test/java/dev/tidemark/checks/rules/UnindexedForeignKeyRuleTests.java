package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Map;

import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.RelationChange.BuildPartitionedIndex;
import dev.tidemark.checks.change.RelationChange.PartitionIndex;
import dev.tidemark.checks.change.RelationChange.CreateIndex;
import dev.tidemark.inspection.model.ConstraintInfo;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.column;
import static dev.tidemark.checks.rules.HealthTestSnapshots.foreignKey;
import static dev.tidemark.checks.rules.HealthTestSnapshots.index;
import static dev.tidemark.checks.rules.HealthTestSnapshots.inherited;
import static dev.tidemark.checks.rules.HealthTestSnapshots.partitionedTable;
import static dev.tidemark.checks.rules.HealthTestSnapshots.snapshot;
import static dev.tidemark.checks.rules.HealthTestSnapshots.withMethod;
import static dev.tidemark.checks.rules.HealthTestSnapshots.withPredicate;
import static dev.tidemark.checks.rules.HealthTestSnapshots.withState;
import static org.assertj.core.api.Assertions.assertThat;

class UnindexedForeignKeyRuleTests {

	private final UnindexedForeignKeyRule rule = new UnindexedForeignKeyRule();

	private final ConstraintInfo taskFk = foreignKey("public", "maintenance_logs", "maintenance_logs_task_id_fkey",
			List.of("task_id"), "maintenance_tasks", List.of("id"));

	private final ConstraintInfo lineFk = foreignKey("app", "shipment", "shipment_line_fk", List.of("order_id", "line_no"),
			"order_line", List.of("order_id", "line_no"));

	@Test
	void isWeakerThanTheContractsMissingIndex() {
		assertThat(rule.id()).isEqualTo("unindexed-foreign-key");
		assertThat(rule.defaultSeverity()).isEqualTo(Severity.MEDIUM);
		assertThat(rule.precedence()).isEqualTo(30);
	}

	@Test
	void reportsAForeignKeyWhoseColumnIsOnlyASecondIndexColumn() {
		List<Violation> violations = rule.evaluate(snapshot().constraint(taskFk)
			.index(index("public", "maintenance_logs", "maintenance_logs_logged_task_idx", "logged_at", "task_id"))
			.context());
		assertThat(violations).singleElement().satisfies(v -> {
			assertThat(v.subject()).isEqualTo("fk-index:public.maintenance_logs(task_id)");
			assertThat(v.message()).isEqualTo("Foreign key maintenance_logs_task_id_fkey on public.maintenance_logs "
					+ "(task_id) has no supporting index: every delete or key update on public.maintenance_tasks "
					+ "scans public.maintenance_logs");
			assertThat(v.evidence()).containsEntry("suggestedIndex",
					"CREATE INDEX CONCURRENTLY ON \"public\".\"maintenance_logs\" (\"task_id\")")
				.containsEntry("nearMisses", List.of(Map.of("index", "maintenance_logs_logged_task_idx", "columns",
						List.of("logged_at", "task_id"), "reason", "the foreign key columns are not its leading columns")));
			assertThat(v.repair().automatic()).isTrue();
			assertThat(Changes.fromEvidence(v.evidence())).containsExactly(new CreateIndex("public",
					"maintenance_logs", "maintenance_logs_task_id_idx",
					"CREATE INDEX \"maintenance_logs_task_id_idx\" ON \"public\".\"maintenance_logs\" (\"task_id\")",
					false));
		});
	}

	@Test
	void countsLeadingColumnsInAnyOrderAndAPartialIndexOnIsNotNull() {
		assertThat(rule.evaluate(snapshot().constraint(lineFk)
			.index(index("app", "shipment", "shipment_line_rev_idx", "line_no", "order_id", "shipped_at"))
			.context())).isEmpty();
		ConstraintInfo postFk = foreignKey("public", "post_reactions", "post_reactions_post_id_fkey", List.of("post_id"),
				"posts", List.of("id"));
		for (String predicate : List.of("post_id IS NOT NULL", "(post_id IS NOT NULL)")) {
			assertThat(rule.evaluate(snapshot().constraint(postFk)
				.index(withPredicate(index("public", "post_reactions", "pr_post_idx", "post_id"), predicate))
				.context())).as(predicate).isEmpty();
		}
		ConstraintInfo odd = foreignKey("s", "t", "fk", List.of("Post Id", "b"), "p", List.of("x", "y"));
		assertThat(rule.evaluate(snapshot().constraint(odd)
			.index(withPredicate(index("s", "t", "t_idx", "b", "Post Id"), "(\"Post Id\" IS NOT NULL) AND (b IS NOT NULL)"))
			.context())).isEmpty();
	}

	@Test
	void otherPartialInvalidOrUnorderedIndexesDoNotCount() {
		ConstraintInfo postFk = foreignKey("public", "post_reactions", "post_reactions_post_id_fkey", List.of("post_id"),
				"posts", List.of("id"));
		assertThat(rule.evaluate(snapshot().constraint(postFk)
			.index(withPredicate(index("public", "post_reactions", "i1", "post_id"), "post_id IS NOT NULL AND NOT hidden"))
			.index(withState(index("public", "post_reactions", "i2", "post_id"), false, true))
			.index(withMethod(index("public", "post_reactions", "i3", "post_id"), "gin"))
			.context())).singleElement()
			.satisfies(v -> assertThat(nearMisses(v)).extracting(m -> m.get("reason"))
				.containsExactly("partial (WHERE post_id IS NOT NULL AND NOT hidden)", "invalid", "a gin index"));
	}

	@Test
	void foreignKeysOnTheSameColumnsShareOneFindingAndClonesAreSkipped() {
		ConstraintInfo second = foreignKey("public", "maintenance_logs", "maintenance_logs_task_archive_fkey",
				List.of("task_id"), "archived_tasks", List.of("id"));
		List<Violation> violations = rule.evaluate(snapshot().constraint(taskFk)
			.constraint(second)
			.constraint(inherited(foreignKey("public", "logs_2026", "logs_fk", List.of("task_id"), "maintenance_tasks",
					List.of("id"))))
			.context());
		assertThat(violations).singleElement().satisfies(v -> {
			assertThat(v.evidence()).containsEntry("foreignKeys",
					List.of("maintenance_logs_task_id_fkey", "maintenance_logs_task_archive_fkey"))
				.containsEntry("referencedTables", List.of("public.maintenance_tasks", "public.archived_tasks"));
		});
	}

	@Test
	void onAPartitionedTableTheParentsIndexCountsWhileItIsBeingAttached() {
		ConstraintInfo fk = foreignKey("app", "events", "events_user_fk", List.of("user_id"), "users", List.of("id"));
		HealthTestSnapshots s = snapshot().table(partitionedTable("app", "events", column("user_id", "bigint", false)))
			.partitioning(HealthTestSnapshots.rangePartitioned("app", "events", "created_at", "timestamp with time zone",
					null, null, null, HealthTestSnapshots.months("events", 2026, 1, 2)))
			.constraint(fk);
		assertThat(rule.evaluate(s.context()).get(0).repair().summary()).contains("ON ONLY the parent");
		// ON ONLY the parent, then per partition
		assertThat(Changes.fromEvidence(rule.evaluate(s.context()).get(0).evidence())).singleElement()
			.isEqualTo(new BuildPartitionedIndex("app", "events", "events_user_id_idx", "(\"user_id\")", false, null,
					null, "deletes and key updates on the referenced table stop scanning app.events",
					List.of(new PartitionIndex("app", "events_2026_01", "events_2026_01_user_id_idx"),
							new PartitionIndex("app", "events_2026_02", "events_2026_02_user_id_idx")),
					false, true));
		assertThat(rule.evaluate(s.index(withState(index("app", "events", "events_user_idx", "user_id"), false, true))
			.context())).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> nearMisses(Violation v) {
		return (List<Map<String, Object>>) v.evidence().get("nearMisses");
	}

	@Test
	void readsPredicatesAsPgGetExprPrintsThem() {
		assertThat(UnindexedForeignKeyRule.impliedByLookup("((a IS NOT NULL))", List.of("a"))).isTrue();
		assertThat(UnindexedForeignKeyRule.impliedByLookup("\"we\"\"ird (x)\" IS NOT NULL", List.of("we\"ird (x)")))
			.isTrue();
		assertThat(UnindexedForeignKeyRule.impliedByLookup("a IS NULL", List.of("a"))).isFalse();
		assertThat(UnindexedForeignKeyRule.impliedByLookup("(a IS NOT NULL) OR (b IS NOT NULL)", List.of("a", "b")))
			.isFalse();
		assertThat(UnindexedForeignKeyRule.impliedByLookup("c IS NOT NULL", List.of("a"))).isFalse();
	}
}

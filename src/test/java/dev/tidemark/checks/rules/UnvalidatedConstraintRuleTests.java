package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.RelationChange.ValidateConstraint;
import dev.tidemark.inspection.model.ConstraintInfo;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.check;
import static dev.tidemark.checks.rules.HealthTestSnapshots.column;
import static dev.tidemark.checks.rules.HealthTestSnapshots.foreignKey;
import static dev.tidemark.checks.rules.HealthTestSnapshots.inherited;
import static dev.tidemark.checks.rules.HealthTestSnapshots.notValid;
import static dev.tidemark.checks.rules.HealthTestSnapshots.snapshot;
import static dev.tidemark.checks.rules.HealthTestSnapshots.table;
import static org.assertj.core.api.Assertions.assertThat;

class UnvalidatedConstraintRuleTests {

	private final UnvalidatedConstraintRule rule = new UnvalidatedConstraintRule();

	private final ConstraintInfo fk = foreignKey("public", "contents", "contents_analysis_period_id_fkey",
			List.of("analysis_period_id"), "analysis_periods", List.of("id"));

	@Test
	void describesItself() {
		assertThat(rule.id()).isEqualTo("unvalidated-constraint");
		assertThat(rule.defaultSeverity()).isEqualTo(Severity.MEDIUM);
	}

	@Test
	void withOrphansItOffersTheChoicesNotValidation() {
		Violation v = rule.evaluate(snapshot()
			.table(table("public", "contents", column("id", "bigint", false), column("analysis_period_id", "bigint", true)))
			.constraint(notValid(fk, 3L))
			.context()).get(0);
		assertThat(v.object()).isEqualTo(new ObjectRef("constraint", "public", "contents", fk.name()));
		assertThat(v.message()).isEqualTo("Foreign key contents_analysis_period_id_fkey on public.contents is NOT VALID: "
				+ "3 rows of public.contents reference rows missing from public.analysis_periods");
		assertThat(v.evidence()).containsEntry("violatingRows", 3L)
			.containsEntry("violatingRowsCounted", true)
			.containsEntry("nullableColumns", List.of("analysis_period_id"))
			.containsEntry("findRowsQuery", "SELECT c.* FROM \"public\".\"contents\" c WHERE c.\"analysis_period_id\" "
					+ "IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \"public\".\"analysis_periods\" p WHERE p.\"id\" = "
					+ "c.\"analysis_period_id\")")
			.doesNotContainKey("violatingRowsCapped");
		assertThat(v.evidence().get("choices")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.hasSize(3)
			.anySatisfy(c -> assertThat((String) c).startsWith("set (analysis_period_id) to NULL"));
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().summary()).contains("VALIDATE CONSTRAINT would fail");
		assertThat(v.evidence()).doesNotContainKey(Changes.EVIDENCE_KEY);
	}

	@Test
	void withoutOrphansItValidates() {
		Violation v = rule.evaluate(snapshot().constraint(notValid(fk, 0L)).context()).get(0);
		assertThat(v.message()).endsWith("is NOT VALID, though no existing row breaks it");
		assertThat(v.repair().automatic()).isTrue();
		assertThat(v.evidence()).containsEntry("validateStatement",
				"ALTER TABLE \"public\".\"contents\" VALIDATE CONSTRAINT \"contents_analysis_period_id_fkey\"")
			.doesNotContainKey("choices");
		assertThat(Changes.fromEvidence(v.evidence()))
			.containsExactly(new ValidateConstraint("public", "contents", "contents_analysis_period_id_fkey"));
	}

	@Test
	void saysWhenThereAreMoreThanItCounted() {
		Violation v = rule.evaluate(snapshot().constraint(notValid(fk, ConstraintInfo.VIOLATING_ROWS_CAP)).context())
			.get(0);
		assertThat(v.message()).contains("more than 10,000 rows");
		assertThat(v.evidence()).containsEntry("violatingRowsCapped", true);
		// NOT NULL columns (unknown table here): no "set NULL" choice
		assertThat(v.evidence().get("choices")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.noneSatisfy(c -> assertThat((String) c).contains("NULL"));
	}

	@Test
	void uncountedRowsNeedAPerson() {
		Violation v = rule.evaluate(snapshot().constraint(notValid(fk, null)).context()).get(0);
		assertThat(v.evidence()).containsEntry("violatingRowsCounted", false).doesNotContainKey("violatingRows");
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().instead()).startsWith("Count them with: SELECT c.*");
	}

	@Test
	void describesACheckWithItsExpression() {
		Violation v = rule.evaluate(snapshot()
			.constraint(notValid(check("app", "orders", "orders_total_nonneg", "total >= 0::numeric"), 2L))
			.context()).get(0);
		assertThat(v.message()).isEqualTo("CHECK constraint orders_total_nonneg on app.orders is NOT VALID: 2 rows break it");
		assertThat(v.evidence()).containsEntry("findRowsQuery",
				"SELECT * FROM \"app\".\"orders\" WHERE NOT (total >= 0::numeric)");
		assertThat(v.repair().instead()).contains("break CHECK (total >= 0::numeric)");
	}

	@Test
	void leavesOutValidatedConstraintsAndPartitionClones() {
		assertThat(rule.evaluate(snapshot().constraint(fk).constraint(inherited(notValid(fk, 1L))).context())).isEmpty();
	}

	@Test
	void extractsTheCheckExpression() {
		assertThat(UnvalidatedConstraintRule.checkExpression("CHECK (a > 0) NOT VALID")).hasValue("(a > 0)");
		assertThat(UnvalidatedConstraintRule.checkExpression("CHECK (a > 0) NO INHERIT")).hasValue("(a > 0)");
		assertThat(UnvalidatedConstraintRule.checkExpression("FOREIGN KEY (a) REFERENCES b(id)")).isEmpty();
	}
}

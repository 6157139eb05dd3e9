package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Map;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.inspection.model.ViewInfo;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.column;
import static dev.tidemark.checks.rules.HealthTestSnapshots.snapshot;
import static dev.tidemark.checks.rules.HealthTestSnapshots.uniqueIndex;
import static dev.tidemark.checks.rules.HealthTestSnapshots.withPredicate;
import static org.assertj.core.api.Assertions.assertThat;

class MatviewWithoutUniqueIndexRuleTests {

	private final MatviewWithoutUniqueIndexRule rule = new MatviewWithoutUniqueIndexRule();

	private final ViewInfo trend = new ViewInfo("public", "mv_period_metrics_trend", true, "o", true, false, "h",
			List.of(column("entity_type", "text", true), column("entity_id", "bigint", true),
					column("period_number", "integer", true)));

	@Test
	void describesItself() {
		assertThat(rule.id()).isEqualTo("matview-without-unique-index");
		assertThat(rule.defaultSeverity()).isEqualTo(Severity.MEDIUM);
	}

	@Test
	void withoutAKeyInTheContractAPersonMustNameIt() {
		Violation v = rule.evaluate(snapshot().view(trend)
			.index(withPredicate(uniqueIndex("public", "mv_period_metrics_trend", "mv_partial", "entity_id"), "entity_id > 0"))
			.context()).get(0);
		assertThat(v.object()).isEqualTo(ObjectRef.of("materialized-view", "public", "mv_period_metrics_trend"));
		assertThat(v.subject()).isEqualTo("matview-unique:public.mv_period_metrics_trend");
		assertThat(v.message()).isEqualTo(
				"Materialized view public.mv_period_metrics_trend has no unique index, so it cannot be refreshed concurrently");
		assertThat(v.evidence()).containsEntry("unusableUniqueIndexes",
				List.of(Map.of("index", "mv_partial", "reason", "partial (WHERE entity_id > 0)")));
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().instead()).contains("materializedViews[].uniqueKey");
	}

	@Test
	void theContractsKeyMakesItAutomatic() {
		Contract contract = new Contract(List.of(), List.of(), List.of(new Contract.MaterializedViewExpectation(
				"public.mv_period_metrics_trend", List.of("entity_type", "entity_id", "period_number"))), null);
		Violation v = rule.evaluate(snapshot().view(trend).context(contract)).get(0);
		assertThat(v.evidence()).containsEntry("contractUniqueKey", List.of("entity_type", "entity_id", "period_number"));
		assertThat(v.repair().automatic()).isTrue();
		assertThat(v.repair().summary()).contains("(entity_type, entity_id, period_number)",
				"CREATE UNIQUE INDEX CONCURRENTLY");
	}

	@Test
	void quietForPlainViewsAndMatviewsThatCanRefreshConcurrently() {
		ViewInfo plain = new ViewInfo("public", "v", false, "o", null, null, "h", List.of());
		ViewInfo ok = new ViewInfo("public", "mv_ok", true, "o", true, true, "h", List.of());
		assertThat(rule.evaluate(snapshot().view(plain).view(ok).context())).isEmpty();
	}
}

package dev.tidemark.checks.rules;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;

import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.Severity;
import org.junit.jupiter.api.Test;

import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;

/** The TimescaleDB rules as the rule catalog lists them: ids, severities, categories, shape. */
class TimescaleRulesCatalogTests {

	static final List<Rule> RULES = List.of(new ChunkMissingUniqueIndexRule(), new HypertableFkOnUniqueIndexRule(),
			new FailingPolicyJobRule(), new NotAHypertable(), new UnexpectedCompressionPolicy(),
			new UnexpectedCompressedChunks(), new MissingCompressionPolicy(), new CompressionPolicyMismatch(), new MissingRetentionPolicy(),
			new RetentionPolicyMismatch());

	private static final Map<String, Severity> SEVERITIES = Map.of("chunk-missing-unique-index", Severity.HIGH,
			"hypertable-fk-on-unique-index", Severity.CRITICAL, "failing-policy-job", Severity.HIGH,
			"not-a-hypertable", Severity.HIGH, "unexpected-compression-policy", Severity.MEDIUM,
			"unexpected-compressed-chunks", Severity.MEDIUM,
			"missing-compression-policy", Severity.MEDIUM, "compression-policy-mismatch", Severity.MEDIUM,
			"missing-retention-policy", Severity.HIGH, "retention-policy-mismatch", Severity.HIGH);

	@Test
	void everyRuleHasItsIdSeverityAndCategory() {
		assertThat(RULES).extracting(Rule::id).containsExactlyInAnyOrderElementsOf(SEVERITIES.keySet());
		for (Rule rule : RULES) {
			assertThat(rule.defaultSeverity()).as(rule.id()).isEqualTo(SEVERITIES.get(rule.id()));
			boolean health = List.of("chunk-missing-unique-index", "hypertable-fk-on-unique-index", "failing-policy-job")
				.contains(rule.id());
			assertThat(rule.category()).as(rule.id()).isEqualTo(health ? RuleCategory.HEALTH : RuleCategory.CONTRACT);
			assertThat(rule.remediable()).as(rule.id())
				.isEqualTo(!rule.id().equals("hypertable-fk-on-unique-index") && !rule.id().equals("failing-policy-job"));
			assertThat(rule.title()).isNotBlank();
			assertThat(rule.rationale()).isNotBlank();
		}
	}

	@Test
	void rulesAreSmallPackagePrivateFinalComponents() {
		for (Rule rule : RULES) {
			Class<?> type = rule.getClass();
			assertThat(Modifier.isFinal(type.getModifiers())).as(type.getSimpleName()).isTrue();
			assertThat(Modifier.isPublic(type.getModifiers())).as(type.getSimpleName()).isFalse();
			assertThat(type.isAnnotationPresent(Component.class)).as(type.getSimpleName()).isTrue();
		}
	}

	@Test
	void quietOnPlainPostgres() {
		// no timescale section in the snapshot, no timescale expectations: nothing to say
		var context = HealthTestSnapshots.snapshot().table(HealthTestSnapshots.table("public", "orders")).context();
		for (Rule rule : RULES) {
			assertThat(rule.evaluate(context)).as(rule.id()).isEmpty();
		}
	}
}

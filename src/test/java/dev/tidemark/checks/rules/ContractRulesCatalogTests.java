package dev.tidemark.checks.rules;

import java.lang.reflect.Modifier;
import java.util.Map;

import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.Severity;
import org.junit.jupiter.api.Test;

import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract and baseline rules as the rule catalog lists them: ids, severities, categories, shape. */
class ContractRulesCatalogTests {

	private static final Map<String, Severity> SEVERITIES = Map.ofEntries(Map.entry("missing-table", Severity.HIGH),
			Map.entry("unexpected-table", Severity.LOW), Map.entry("unexpected-column", Severity.LOW),
			Map.entry("missing-column", Severity.HIGH), Map.entry("column-type-mismatch", Severity.HIGH),
			Map.entry("column-nullability-mismatch", Severity.MEDIUM),
			Map.entry("column-default-mismatch", Severity.LOW), Map.entry("missing-constraint", Severity.HIGH),
			Map.entry("foreign-key-action-mismatch", Severity.HIGH), Map.entry("missing-index", Severity.MEDIUM),
			Map.entry("missing-extension", Severity.HIGH), Map.entry("extension-version-mismatch", Severity.LOW),
			Map.entry("migration-head-mismatch", Severity.HIGH), Map.entry("migration-not-applied", Severity.HIGH),
			Map.entry("drift-since-baseline", Severity.MEDIUM));

	@Test
	void everyRuleHasItsCatalogIdSeverityAndCategory() {
		assertThat(ContractRulesIntegrationTests.RULES).extracting(Rule::id)
			.doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(SEVERITIES.keySet());
		for (Rule rule : ContractRulesIntegrationTests.RULES) {
			assertThat(rule.id()).matches("[a-z]+(-[a-z]+)*");
			assertThat(rule.defaultSeverity()).as(rule.id()).isEqualTo(SEVERITIES.get(rule.id()));
			assertThat(rule.category()).as(rule.id())
				.isEqualTo(rule.id().equals("drift-since-baseline") ? RuleCategory.BASELINE : RuleCategory.CONTRACT);
			assertThat(rule.precedence()).as(rule.id()).isEqualTo(20);
			assertThat(rule.title()).isNotBlank();
			assertThat(rule.rationale()).isNotBlank();
		}
	}

	@Test
	void rulesAreSmallPackagePrivateFinalComponents() {
		for (Rule rule : ContractRulesIntegrationTests.RULES) {
			Class<?> type = rule.getClass();
			assertThat(Modifier.isFinal(type.getModifiers())).as(type.getSimpleName()).isTrue();
			assertThat(Modifier.isPublic(type.getModifiers())).as(type.getSimpleName()).isFalse();
			assertThat(type.isAnnotationPresent(Component.class)).as(type.getSimpleName()).isTrue();
		}
	}

	@Test
	void remediableMeansSomeFindingsHaveAnAutomaticRepair() {
		assertThat(ContractRulesIntegrationTests.RULES).filteredOn(Rule::remediable)
			.extracting(Rule::id)
			.containsExactlyInAnyOrder("missing-column", "column-nullability-mismatch", "column-default-mismatch",
					"missing-constraint", "foreign-key-action-mismatch", "missing-index", "missing-extension",
					"extension-version-mismatch");
	}
}

package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Optional;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.RoutineChange.EnableTrigger;
import dev.tidemark.checks.contract.Contract.TriggerExpectation;
import dev.tidemark.checks.rules.ContractCatalog.Name;
import dev.tidemark.inspection.model.TriggerInfo;

import org.springframework.stereotype.Component;

/**
 * A trigger the contract lists is absent (no automatic repair: the contract does not hold its definition), or it
 * is DISABLED where {@code enabled: true} is expected, or firing where {@code enabled: false} is: then a typed
 * {@link EnableTrigger} sets its state ({@code ENABLED} or {@code DISABLED}). REPLICA and ALWAYS count as enabled.
 * An absent table is missing-table's finding, or nobody's when the contract does not list it.
 */
@Component
final class MissingTrigger implements Rule {

	private final RuleDescription description = new RuleDescription("missing-trigger",
			"Expected trigger is missing or in the wrong state",
			Severity.HIGH, RuleCategory.CONTRACT,
			"What the trigger maintains (audit rows, updated_at, denormalized totals) silently stops happening, "
					+ "or happens where the applications turned it off.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		ContractCatalog catalog = ContractCatalog.of(context);
		ContractFindings findings = new ContractFindings();
		for (Expectation expectation : context.expectations()) {
			for (TriggerExpectation expected : expectation.contract().triggers()) {
				Name table = Name.parse(expected.table());
				if (catalog.table(table).isEmpty() && catalog.view(table).isEmpty()) {
					continue;
				}
				ObjectRef ref = new ObjectRef("trigger", table.schema(), table.name(), expected.name());
				String source = expectation.source().name();
				Optional<TriggerInfo> actual = catalog.trigger(table, expected.name());
				if (actual.isEmpty()) {
					findings.add(Violation.of(this, ref,
							"Trigger " + expected.name() + " on " + table.text() + " is expected but does not exist",
							ContractFindings.evidence("source", source, "expected", "trigger exists", "actual",
									"no such trigger"),
							Repair.manual("A contract does not hold the trigger's definition",
									"Create it through the application's migrations (run the migration that creates "
											+ "trigger " + expected.name() + " on " + table.text() + ")")));
					continue;
				}
				TriggerInfo trigger = actual.get();
				boolean enabled = !"DISABLED".equals(trigger.enabled());
				if (expected.enabled() == null || expected.enabled() == enabled) {
					continue;
				}
				EnableTrigger change = new EnableTrigger(trigger.schema(), trigger.table(), trigger.name(),
						expected.enabled() ? "ENABLED" : "DISABLED", trigger.enabled());
				var evidence = new java.util.TreeMap<>(ContractFindings.evidence("source", source, "expected",
						expected.enabled() ? "ENABLED" : "DISABLED", "actual", trigger.enabled()));
				evidence.put(Changes.EVIDENCE_KEY, Changes.toEvidence(List.of(change)));
				findings.add(Violation.of(this, ref,
						"Trigger " + expected.name() + " on " + table.text() + " is " + trigger.enabled()
								+ " but the contract expects it " + (expected.enabled() ? "enabled" : "disabled"),
						evidence, Repair.automatic(change.summary())));
			}
		}
		return findings.list();
	}
}

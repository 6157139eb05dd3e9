package dev.tidemark.checks.rules;

import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.change.Difference;

import org.springframework.stereotype.Component;

/** An object that is in the reference but not in the target, found by comparing the two snapshots object by object. */
@Component
final class ReferenceMissing extends ReferenceDifferences {

	private final RuleDescription description = describe("reference-missing", "In the reference, missing from the target",
			Severity.HIGH,
			"The applications released against the reference use it; here it does not exist, so what uses it fails.");

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	Difference.Presence presence() {
		return Difference.Presence.MISSING;
	}

	@Override
	String message(Difference d) {
		return capitalize(d.kind()) + " " + d.object() + " is in the reference but not in the target";
	}

	private static String capitalize(String s) {
		return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}
}

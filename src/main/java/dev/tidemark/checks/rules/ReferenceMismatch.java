package dev.tidemark.checks.rules;

import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.change.Difference;

import org.springframework.stereotype.Component;

/** An object that differs from the reference, found by comparing the two snapshots object by object. */
@Component
final class ReferenceMismatch extends ReferenceDifferences {

	private final RuleDescription description = describe("reference-mismatch", "Defined differently from the reference",
			Severity.MEDIUM,
			"The same object behaves differently here than where the applications were tested.");

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	Difference.Presence presence() {
		return Difference.Presence.MISMATCH;
	}

	@Override
	String message(Difference d) {
		return capitalize(d.kind()) + " " + d.object() + " differs from the reference";
	}

	private static String capitalize(String s) {
		return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}
}

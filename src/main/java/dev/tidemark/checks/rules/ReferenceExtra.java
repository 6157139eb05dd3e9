package dev.tidemark.checks.rules;

import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.change.Difference;

import org.springframework.stereotype.Component;

/** An object that is in the target but not in the reference, found by comparing the two snapshots object by object. */
@Component
final class ReferenceExtra extends ReferenceDifferences {

	private final RuleDescription description = describe("reference-extra", "In the target, not in the reference",
			Severity.LOW,
			"The target holds something the reference does not: a leftover, a hotfix never carried back, or a "
					+ "change made by hand. Removing it is destructive, so it is planned only when a proposal allows "
					+ "destructive changes.");

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	Difference.Presence presence() {
		return Difference.Presence.EXTRA;
	}

	@Override
	String message(Difference d) {
		return capitalize(d.kind()) + " " + d.object() + " is in the target but not in the reference";
	}

	private static String capitalize(String s) {
		return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}
}

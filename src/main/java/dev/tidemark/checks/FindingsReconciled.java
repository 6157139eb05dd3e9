package dev.tidemark.checks;

import java.util.List;
import java.util.UUID;

/**
 * Published, inside the scan's store transaction, when a successful scan has reconciled a target's findings: what
 * it opened (first seen), reopened (was resolved, or its suppression ran out) and resolved, and whether the default
 * release gate (no open finding at or above {@link #GATE_SEVERITY}) passed before and after.
 */
public record FindingsReconciled(UUID targetId, UUID scanId, List<FindingChange> opened, List<FindingChange> reopened,
		List<FindingChange> resolved, boolean gatePassedBefore, boolean gatePassedAfter) {

	/** The severity the gate endpoint uses by default. */
	public static final Severity GATE_SEVERITY = Severity.HIGH;

	public FindingsReconciled {
		opened = List.copyOf(opened);
		reopened = List.copyOf(reopened);
		resolved = List.copyOf(resolved);
	}

	public boolean gateChanged() {
		return gatePassedBefore != gatePassedAfter;
	}

	/** One finding whose status a scan changed. */
	public record FindingChange(UUID findingId, String ruleId, Severity severity, String object) {
	}
}

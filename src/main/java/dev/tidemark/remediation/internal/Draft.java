package dev.tidemark.remediation.internal;

import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;

/**
 * One step a renderer makes of a typed change, before the plan numbers it; {@code runAlways} for guards whose drift
 * can come back (see Plan.Step).
 */
public record Draft(String description, Risk risk, boolean transactional, String sql, Rollback rollback,
		String precondition, int expected, boolean runAlways) {

	Draft(String description, Risk risk, boolean transactional, String sql, Rollback rollback, String precondition,
			int expected) {
		this(description, risk, transactional, sql, rollback, precondition, expected, false);
	}
}

package dev.tidemark.checks;

/** Where a rule's expectation comes from. */
public enum RuleCategory {
	/** Built-in health rules that need no configuration. */
	HEALTH,
	/** Expectations from the target's contract or reference. */
	CONTRACT,
	/** Anything changed since the accepted baseline snapshot. */
	BASELINE
}

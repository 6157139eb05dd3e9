package dev.tidemark.checks;

/** How urgent a finding is; declared from most to least severe. */
public enum Severity {
	/** Writes fail now or within days. */
	CRITICAL,
	HIGH, MEDIUM, LOW, INFO;

	/** Whether this severity is {@code other} or more severe. */
	public boolean atLeast(Severity other) {
		return ordinal() <= other.ordinal();
	}
}

package dev.tidemark.checks;

import java.util.List;

/**
 * One check. Implementations are small, final, stateless classes in {@code checks.rules}; they read the context's
 * snapshots and expectations only and never touch a database, so each is testable on a hand-built snapshot.
 */
public interface Rule {

	/** What the rule is, as one value: id, title, default severity, category, rationale, remediable. */
	RuleDescription description();

	/** Kebab-case, stable, never reused. */
	default String id() {
		return description().id();
	}

	default String title() {
		return description().title();
	}

	default Severity defaultSeverity() {
		return description().severity();
	}

	default RuleCategory category() {
		return description().category();
	}

	/** Why the rule exists: what breaks when it fires. */
	default String rationale() {
		return description().rationale();
	}

	/** Whether Tidemark can propose a remediation for (some of) its findings. */
	default boolean remediable() {
		return description().remediable();
	}

	/**
	 * When two rules report the same {@link Violation#subject()}, the one with the lower precedence is kept.
	 * Health rules default to 10, contract rules to 20.
	 */
	default int precedence() {
		return category() == RuleCategory.HEALTH ? 10 : 20;
	}

	/**
	 * Whether {@link #evaluate} reads {@link CheckContext#now()}. A rule that does not is a function of the
	 * snapshot, expectations and settings alone, so a scan of an unchanged catalog reuses its last result instead
	 * of running it again (ArchitectureTests checks every caller of {@code now()} says so here).
	 */
	default boolean readsClock() {
		return false;
	}

	List<Violation> evaluate(CheckContext context);
}

package dev.tidemark.checks;

/** A rule as the catalog lists it ({@code GET /api/v1/rules}). */
public record RuleDescription(String id, String title, Severity severity, RuleCategory category, String rationale,
		boolean remediable) {

	public static RuleDescription of(Rule rule) {
		return rule.description();
	}
}

package dev.tidemark.checks;

import java.util.Map;

/**
 * What a rule reports about one broken object. {@code subject} identifies the underlying problem across rules, so
 * a contract expectation and a health rule about the same thing yield one finding (the rule with the lower
 * {@link Rule#precedence()} wins); by default it is the rule id and the object.
 *
 * @param evidence catalog facts that show the problem (JSON-serializable values, sorted keys)
 */
public record Violation(String ruleId, Severity severity, ObjectRef object, String message,
		Map<String, Object> evidence, Repair repair, String subject) {

	public Violation {
		evidence = Map.copyOf(evidence);
	}

	public static Violation of(Rule rule, ObjectRef object, String message, Map<String, Object> evidence,
			Repair repair) {
		return new Violation(rule.id(), rule.defaultSeverity(), object, message, evidence, repair,
				rule.id() + ":" + object.text());
	}

	public Violation withSeverity(Severity severity) {
		return new Violation(ruleId, severity, object, message, evidence, repair, subject);
	}

	/** The same violation filed under a shared subject, e.g. {@code primary-key:public.orders}. */
	public Violation about(String sharedSubject) {
		return new Violation(ruleId, severity, object, message, evidence, repair, sharedSubject);
	}
}

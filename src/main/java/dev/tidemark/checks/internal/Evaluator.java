package dev.tidemark.checks.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.Violation;

import org.springframework.stereotype.Component;

/**
 * Runs every rule on a context and reconciles their overlap: violations that share a subject (a health rule and a
 * contract expectation about the same missing key, say) become the one of the rule with the lowest precedence, and
 * identical findings (same fingerprint) are reported once. A rule that throws fails the whole evaluation: a
 * partial result would wrongly resolve findings.
 */
@Component
class Evaluator {

	private final RuleCatalog catalog;

	Evaluator(RuleCatalog catalog) {
		this.catalog = catalog;
	}

	List<Violation> evaluate(CheckContext context) {
		Map<String, Integer> precedence = new LinkedHashMap<>();
		List<Violation> all = new ArrayList<>();
		for (Rule rule : catalog.all()) {
			precedence.put(rule.id(), rule.precedence());
			try {
				all.addAll(rule.evaluate(context));
			}
			catch (RuntimeException e) {
				throw new RuleFailedException(rule.id(), e);
			}
		}
		return reconcile(all, precedence);
	}

	static List<Violation> reconcile(List<Violation> violations, Map<String, Integer> precedence) {
		Map<String, Violation> bySubject = new LinkedHashMap<>();
		for (Violation v : violations) {
			bySubject.merge(v.subject(), v, (a, b) -> rank(b, precedence) < rank(a, precedence) ? b : a);
		}
		Map<String, Violation> byFingerprint = new LinkedHashMap<>();
		for (Violation v : bySubject.values()) {
			byFingerprint.putIfAbsent(Fingerprints.of(v), v);
		}
		List<Violation> result = new ArrayList<>(byFingerprint.values());
		result.sort(Comparator.comparing((Violation v) -> v.severity()).thenComparing(Violation::ruleId)
			.thenComparing(v -> v.object().text()));
		return result;
	}

	private static int rank(Violation v, Map<String, Integer> precedence) {
		return precedence.getOrDefault(v.ruleId(), 100);
	}

	/** A rule threw: the scan fails and findings stay as the last complete scan left them. */
	static final class RuleFailedException extends RuntimeException {

		private final String ruleId;

		RuleFailedException(String ruleId, RuntimeException cause) {
			super("Rule " + ruleId + " failed: " + cause.getMessage(), cause);
			this.ruleId = ruleId;
		}

		String ruleId() {
			return ruleId;
		}
	}
}

package dev.tidemark.checks.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Repair;
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

	/** Health rules whose repair adds an object: refused where the reference lacks it too. */
	private static final Set<String> ADDS_TO_SCHEMA = Set.of("missing-primary-key", "unindexed-foreign-key",
			"matview-without-unique-index", "partition-horizon", "partition-gap");

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
		List<Violation> reconciled = reconcile(all, precedence);
		return context.reference() == null ? reconciled : withoutContradictedRepairs(reconciled, context);
	}

	/**
	 * Health repairs that add to the schema (a primary key, an index, partitions) would move a target away from its
	 * reference when the reference has the same problem: they become manual, with the reason. The reference's own
	 * health is evaluated for those rules only.
	 */
	private List<Violation> withoutContradictedRepairs(List<Violation> violations, CheckContext context) {
		CheckContext ofReference = new CheckContext(context.reference(), List.of(), null, context.now(),
				context.settings());
		Set<String> inReference = new HashSet<>();
		for (Rule rule : catalog.all()) {
			if (ADDS_TO_SCHEMA.contains(rule.id())) {
				try {
					rule.evaluate(ofReference).forEach(v -> inReference.add(v.ruleId() + " " + v.object().text()));
				}
				catch (RuntimeException e) {
					throw new RuleFailedException(rule.id(), e);
				}
			}
		}
		return violations.stream().map(v -> {
			if (!v.repair().automatic() || !inReference.contains(v.ruleId() + " " + v.object().text())) {
				return v;
			}
			return new Violation(v.ruleId(), v.severity(), v.object(), v.message(), v.evidence(),
					Repair.manual("The reference has the same problem, so this repair would make the target differ "
							+ "from its reference (" + v.repair().summary() + ")",
							"Repair the reference first (through its migrations); the comparison then brings the "
									+ "change here as a reference finding"),
					v.subject());
		}).toList();
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

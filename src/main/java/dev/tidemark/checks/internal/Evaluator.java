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
import org.jspecify.annotations.Nullable;

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
		return evaluate(context, null, null).violations();
	}

	/**
	 * What the rules that do not read the clock found, for one set of inputs (snapshot, expectations, baseline,
	 * reference, settings): the same inputs give the same violations, so a scan of an unchanged catalog re-runs
	 * only the rules that read the clock. Per rule, so results combine in the catalog's order as a full run would.
	 */
	record Timeless(@Nullable Object inputs, Map<String, List<Violation>> byRule, Set<String> repairsInReference) {
	}

	record Evaluation(List<Violation> violations, Timeless timeless) {
	}

	/**
	 * Evaluates every rule, except that the clock-free rules' results of {@code previous} are reused when it was
	 * made for equal {@code inputs} (null: nothing is reused).
	 */
	Evaluation evaluate(CheckContext context, @Nullable Object inputs, @Nullable Timeless previous) {
		boolean reuse = inputs != null && previous != null && inputs.equals(previous.inputs());
		Map<String, Integer> precedence = new LinkedHashMap<>();
		Map<String, List<Violation>> timeless = new LinkedHashMap<>();
		List<Violation> all = new ArrayList<>();
		for (Rule rule : catalog.all()) {
			precedence.put(rule.id(), rule.precedence());
			List<Violation> found = reuse && !rule.readsClock() ? previous.byRule().get(rule.id()) : null;
			if (found == null) {
				found = run(rule, context);
			}
			if (!rule.readsClock()) {
				timeless.put(rule.id(), found);
			}
			all.addAll(found);
		}
		List<Violation> reconciled = reconcile(all, precedence);
		if (context.reference() == null) {
			return new Evaluation(reconciled, new Timeless(inputs, timeless, Set.of()));
		}
		Set<String> timelessInReference = reuse ? previous.repairsInReference() : repairsInReference(context, false);
		Set<String> inReference = new HashSet<>(timelessInReference);
		inReference.addAll(repairsInReference(context, true));
		return new Evaluation(withoutContradictedRepairs(reconciled, inReference),
				new Timeless(inputs, timeless, timelessInReference));
	}

	private static List<Violation> run(Rule rule, CheckContext context) {
		try {
			return List.copyOf(rule.evaluate(context));
		}
		catch (RuntimeException e) {
			throw new RuleFailedException(rule.id(), e);
		}
	}

	/**
	 * The reference's own problems, as "rule object" keys, for the rules whose repairs add to the schema that do
	 * (or do not) read the clock.
	 */
	private Set<String> repairsInReference(CheckContext context, boolean readingClock) {
		CheckContext ofReference = new CheckContext(context.reference(), List.of(), null, context.now(),
				context.settings());
		Set<String> inReference = new HashSet<>();
		for (Rule rule : catalog.all()) {
			if (ADDS_TO_SCHEMA.contains(rule.id()) && rule.readsClock() == readingClock) {
				run(rule, ofReference).forEach(v -> inReference.add(v.ruleId() + " " + v.object().text()));
			}
		}
		return inReference;
	}

	/**
	 * Health repairs that add to the schema (a primary key, an index, partitions) would move a target away from its
	 * reference when the reference has the same problem: they become manual, with the reason.
	 */
	private static List<Violation> withoutContradictedRepairs(List<Violation> violations, Set<String> inReference) {
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

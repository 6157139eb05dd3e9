package dev.tidemark.checks.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.checks.ObjectPattern;
import dev.tidemark.checks.Scan;
import dev.tidemark.checks.Violation;
import org.jspecify.annotations.Nullable;

/**
 * Drops the violations that ignore rules select, counting them per rule. A violation matched by several rules is
 * counted once, for the first one (the target's own rules, then the contract's entries, then the global rules), so
 * the counts add up to what was dropped.
 */
final class IgnoreFilter {

	/** One ignore rule, stored or from the contract, ready to match. */
	record Selector(String source, @Nullable UUID ignoreRuleId, @Nullable String contractPath,
			@Nullable String ruleId, @Nullable String objectKind, @Nullable String objectPattern, String reason) {

		boolean matches(Violation v, @Nullable ObjectPattern pattern) {
			return (ruleId == null || ruleId.equals(v.ruleId()))
					&& (objectKind == null || objectKind.equals(v.object().kind()))
					&& (pattern == null || pattern.matches(v.object().text()));
		}
	}

	/** What a scan keeps, and what it left out per rule (only rules that matched something). */
	record Result(List<Violation> kept, List<Scan.Ignored> ignored) {
	}

	private IgnoreFilter() {
	}

	static Result apply(List<Selector> selectors, List<Violation> violations) {
		if (selectors.isEmpty()) {
			return new Result(violations, List.of());
		}
		Map<Selector, ObjectPattern> patterns = new LinkedHashMap<>();
		Map<Selector, List<String>> matched = new LinkedHashMap<>();
		for (Selector s : selectors) {
			patterns.put(s, s.objectPattern() == null ? null : ObjectPattern.compile(s.objectPattern()));
		}
		List<Violation> kept = new ArrayList<>();
		for (Violation v : violations) {
			Selector by = null;
			for (Selector s : selectors) {
				if (s.matches(v, patterns.get(s))) {
					by = s;
					break;
				}
			}
			if (by == null) {
				kept.add(v);
			}
			else {
				matched.computeIfAbsent(by, k -> new ArrayList<>()).add(v.object().text());
			}
		}
		List<Scan.Ignored> ignored = new ArrayList<>();
		matched.forEach((s, objects) -> ignored.add(new Scan.Ignored(s.source(), s.ignoreRuleId(), s.contractPath(),
				s.ruleId(), s.objectKind(), s.objectPattern(), s.reason(), objects.size(),
				objects.stream().distinct().sorted().limit(Scan.Ignored.EXAMPLES).toList())));
		return new Result(kept, ignored);
	}
}

package dev.tidemark.checks.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Violation;
import org.jspecify.annotations.Nullable;

/**
 * Collects a contract rule's violations, one per object: when a contract and a reference (or two entries) expect
 * the same thing of the same object, the first report stands.
 */
final class ContractFindings {

	private final Map<ObjectRef, Violation> byObject = new LinkedHashMap<>();

	void add(Violation violation) {
		byObject.putIfAbsent(violation.object(), violation);
	}

	List<Violation> list() {
		return List.copyOf(byObject.values());
	}

	/**
	 * Evidence from alternating keys and values, sorted by key; null values are left out (a finding's evidence
	 * holds facts, and an absent fact is absent).
	 */
	static Map<String, Object> evidence(@Nullable Object... keysAndValues) {
		Map<String, Object> map = new TreeMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			Object value = keysAndValues[i + 1];
			if (value != null) {
				map.put(String.valueOf(keysAndValues[i]), value);
			}
		}
		return map;
	}
}

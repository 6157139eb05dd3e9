package dev.tidemark.checks.rules;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.inspection.model.TableInfo;

/** What the health rules share: evidence maps, contract look-ups (quoting is {@code dev.tidemark.common.SqlIdentifiers}). */
final class HealthSupport {

	private HealthSupport() {
	}

	/**
	 * Evidence (or a nested object of it) from alternating keys and values, sorted by key so it serialises the
	 * same way every time; null values are left out (Violation copies the map with {@link Map#copyOf}, which
	 * refuses nulls, and "unknown" is better said by absence).
	 */
	static Map<String, Object> evidence(Object... keysAndValues) {
		if (keysAndValues.length % 2 != 0) {
			throw new IllegalArgumentException("keys and values must alternate");
		}
		SortedMap<String, Object> evidence = new TreeMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			if (keysAndValues[i + 1] != null) {
				evidence.put((String) keysAndValues[i], keysAndValues[i + 1]);
			}
		}
		return Collections.unmodifiableSortedMap(evidence);
	}

	/** The first expectation (contract or reference) that describes {@code schema.table}. */
	static Optional<Contract.TableExpectation> tableExpectation(CheckContext context, String schema, String table) {
		String name = schema + "." + table;
		return context.expectations()
			.stream()
			.map(Expectation::contract)
			.flatMap(contract -> contract.tables().stream())
			.filter(t -> name.equals(t.name()))
			.findFirst();
	}

	static Optional<TableInfo> table(CheckContext context, String schema, String name) {
		return context.snapshot()
			.tables()
			.stream()
			.filter(t -> Objects.equals(t.schema(), schema) && Objects.equals(t.name(), name))
			.findFirst();
	}

	static String plural(long count, String singular, String plural) {
		return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? singular : plural);
	}
}

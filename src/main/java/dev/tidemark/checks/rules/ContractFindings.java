package dev.tidemark.checks.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.inspection.model.TableInfo;
import org.jspecify.annotations.Nullable;

/**
 * Collects a contract rule's violations, one per object: when a contract and a reference (or two entries) expect
 * the same thing of the same object, the first report stands.
 */
final class ContractFindings {

	private final Map<ObjectRef, Violation> byObject = new LinkedHashMap<>();

	/** What a contract rule checks of one table expectation whose table exists. */
	@FunctionalInterface
	interface PresentTableCheck {

		void check(ContractCatalog catalog, ExpectedTable expected, TableInfo table, ContractFindings findings);
	}

	/**
	 * Runs a check on every table expectation whose table exists in the snapshot, in order; an absent table is
	 * missing-table's finding alone.
	 */
	static ContractFindings forPresentTables(CheckContext context, PresentTableCheck check) {
		ContractCatalog catalog = ContractCatalog.of(context);
		ContractFindings findings = new ContractFindings();
		for (ExpectedTable expected : ContractCatalog.expectedTables(context)) {
			Optional<TableInfo> table = catalog.table(expected.name());
			if (table.isPresent()) {
				check.check(catalog, expected, table.get(), findings);
			}
		}
		return findings;
	}

	void add(Violation violation) {
		byObject.putIfAbsent(violation.object(), violation);
	}

	List<Violation> list() {
		return List.copyOf(byObject.values());
	}

	/**
	 * The evidence with the typed changes that repair the finding under {@link Changes#EVIDENCE_KEY}, which the
	 * planner renders (the human-readable keys stay beside them).
	 */
	static Map<String, Object> withChanges(Map<String, Object> evidence, List<? extends SchemaChange> changes) {
		Map<String, Object> map = new TreeMap<>(evidence);
		map.put(Changes.EVIDENCE_KEY, Changes.toEvidence(changes));
		return map;
	}

	/** A repair written from its changes' summaries ({@code detail} appended when it says what they do not). */
	static String summary(List<? extends SchemaChange> changes, String detail) {
		return changes.stream().map(SchemaChange::summary).collect(Collectors.joining("; "))
				+ (detail.isEmpty() ? "" : " " + detail);
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

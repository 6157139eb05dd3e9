package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.NamespaceChange.AddEnumValue;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.checks.contract.Contract.EnumExpectation;
import dev.tidemark.checks.rules.ContractCatalog.Name;
import dev.tidemark.inspection.model.TypeInfo;

import org.springframework.stereotype.Component;
import org.jspecify.annotations.Nullable;

/**
 * An enum type's values are not the contract's: the listed values must be there in the listed order, and no
 * other value unless {@code allowExtra: true}. When the only difference is listed values the target lacks, the
 * finding carries typed {@link AddEnumValue} changes placing each one next to its listed neighbour. A value to
 * remove, a value out of order, or a type that is not there (or is no enum) is for the migrations: PostgreSQL
 * cannot drop or move an enum value.
 */
@Component
final class EnumValuesMismatch implements Rule {

	private final RuleDescription description = new RuleDescription("enum-values-mismatch",
			"Enum type's values differ from the contract",
			Severity.HIGH, RuleCategory.CONTRACT,
			"Writing a value the type lacks fails with 'invalid input value for enum'; an unexpected value read "
					+ "back breaks the applications' mapping; a different order changes sorting and comparisons.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		ContractCatalog catalog = ContractCatalog.of(context);
		ContractFindings findings = new ContractFindings();
		for (Expectation expectation : context.expectations()) {
			for (EnumExpectation expected : expectation.contract().enums()) {
				Name name = Name.parse(expected.name());
				Violation v = check(name, expected, catalog.type(name), expectation.source().name());
				if (v != null) {
					findings.add(v);
				}
			}
		}
		return findings.list();
	}

	private @Nullable Violation check(Name name, EnumExpectation expected, Optional<TypeInfo> type, String source) {
		ObjectRef ref = ObjectRef.of("type", name.schema(), name.name());
		boolean allowExtra = Boolean.TRUE.equals(expected.allowExtra());
		if (type.isEmpty() || type.get().kind() != TypeInfo.Kind.ENUM) {
			String found = type.map(t -> "a " + t.kind().name().toLowerCase(java.util.Locale.ROOT) + " type")
				.orElse("no such type");
			return Violation.of(this, ref, "Enum " + name.text() + " is expected but " + (type.isEmpty()
					? "does not exist" : "is " + found),
					ContractFindings.evidence("source", source, "expected", expected.values(), "actual", found),
					Repair.manual("A contract does not create types",
							"Create it through the application's migrations (run the migration that creates "
									+ name.text() + ")"));
		}
		List<String> actual = type.get().enumValues();
		if (allowExtra ? isSubsequence(expected.values(), actual) : expected.values().equals(actual)) {
			return null;
		}
		Set<String> wanted = new HashSet<>(expected.values());
		List<String> extra = actual.stream().filter(v -> !wanted.contains(v)).toList();
		List<String> missing = expected.values().stream().filter(v -> !actual.contains(v)).toList();
		List<String> present = actual.stream().filter(wanted::contains).toList();
		List<String> expectedPresent = expected.values().stream().filter(actual::contains).toList();
		boolean ordered = present.equals(expectedPresent);
		Map<String, Object> evidence = new TreeMap<>(ContractFindings.evidence("source", source, "expected",
				expected.values(), "actual", actual, "missing", missing.isEmpty() ? null : missing, "unexpected",
				extra.isEmpty() || allowExtra ? null : extra, "allowExtra", allowExtra));
		String message = "Enum " + name.text() + " has values " + actual + " but the contract expects "
				+ expected.values() + (allowExtra ? " (other values allowed)" : "");
		if (!ordered || (!extra.isEmpty() && !allowExtra)) {
			String reason = !ordered ? "The target holds the listed values in another order"
					: "The target holds values the contract does not list: " + extra;
			evidence.put("reason", reason);
			return Violation.of(this, ref, message, evidence, Repair.manual(reason
					+ ", and PostgreSQL cannot move or drop an enum value",
					"Recreate the type through the application's migrations (or list the other values, or set "
							+ "allowExtra: true, if the contract is what is wrong)"));
		}
		List<SchemaChange> changes = additions(name, expected.values(), new HashSet<>(actual));
		evidence.put(Changes.EVIDENCE_KEY, Changes.toEvidence(changes));
		return Violation.of(this, ref, message, evidence,
				Repair.automatic(String.join("; ", changes.stream().map(SchemaChange::summary).toList())));
	}

	/** Whether {@code expected} appears in {@code actual} in order, other values in between allowed. */
	static boolean isSubsequence(List<String> expected, List<String> actual) {
		int i = 0;
		for (String value : actual) {
			if (i < expected.size() && expected.get(i).equals(value)) {
				i++;
			}
		}
		return i == expected.size();
	}

	/**
	 * One ADD VALUE per missing value: after the listed value before it, or, for leading values, before the first
	 * listed value the target has; appended when the target has none of them.
	 */
	static List<SchemaChange> additions(Name name, List<String> expected, Set<String> actual) {
		List<SchemaChange> changes = new ArrayList<>();
		String firstPresent = expected.stream().filter(actual::contains).findFirst().orElse(null);
		for (int i = 0; i < expected.size(); i++) {
			String value = expected.get(i);
			if (actual.contains(value)) {
				continue;
			}
			if (i == 0) {
				changes.add(new AddEnumValue(name.schema(), name.name(), value, firstPresent, firstPresent != null,
						false));
			}
			else {
				String previous = expected.get(i - 1);
				changes.add(new AddEnumValue(name.schema(), name.name(), value, previous, false,
						!actual.contains(previous)));
			}
		}
		return changes;
	}
}

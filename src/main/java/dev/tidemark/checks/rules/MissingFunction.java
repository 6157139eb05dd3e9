package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract.FunctionExpectation;
import dev.tidemark.checks.contract.ObjectKinds;
import dev.tidemark.checks.rules.ContractCatalog.Name;
import dev.tidemark.inspection.model.FunctionInfo;

import org.springframework.stereotype.Component;

/**
 * A function or procedure the contract lists is absent, or none of its overloads has the listed identity
 * arguments (compared with runs of blanks as one space, case ignored). No automatic repair: the contract does not
 * hold the body.
 */
@Component
final class MissingFunction implements Rule {

	private final RuleDescription description = new RuleDescription("missing-function", "Expected function is missing",
			Severity.HIGH, RuleCategory.CONTRACT,
			"Calls of the applications, and triggers, defaults or views that use it, fail with 'function does not "
					+ "exist'.",
			false);

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		ContractCatalog catalog = ContractCatalog.of(context);
		ContractFindings findings = new ContractFindings();
		for (Expectation expectation : context.expectations()) {
			for (FunctionExpectation expected : expectation.contract().functions()) {
				Name name = Name.parse(expected.name());
				List<FunctionInfo> overloads = catalog.functions(name);
				String arguments = expected.arguments() == null ? null
						: ObjectKinds.normalizeArguments(expected.arguments());
				if (arguments == null ? !overloads.isEmpty()
						: overloads.stream().anyMatch(f -> ObjectKinds.normalizeArguments(f.arguments()).equals(arguments))) {
					continue;
				}
				String signature = name.text() + (expected.arguments() == null ? "" : "(" + expected.arguments() + ")");
				List<String> found = overloads.stream().map(f -> name.text() + "(" + f.arguments() + ")").sorted().toList();
				findings.add(Violation.of(this, ObjectRef.of("function", name.schema(), name.name()
						+ (expected.arguments() == null ? "" : "(" + expected.arguments() + ")")),
						"Function " + signature + " is expected but does not exist"
								+ (found.isEmpty() ? "" : " (other overloads do: " + String.join(", ", found) + ")"),
						ContractFindings.evidence("source", expectation.source().name(), "expected",
								expected.arguments() == null ? name.text() + " with any arguments" : signature,
								"actual", found.isEmpty() ? "no function of that name" : "other overloads",
								"overloads", found.isEmpty() ? null : found),
						Repair.manual("A contract does not hold the function's body",
								"Create it through the application's migrations (run the migration that creates "
										+ signature + ")")));
			}
		}
		return findings.list();
	}
}

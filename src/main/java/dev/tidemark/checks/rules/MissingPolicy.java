package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract.PolicyExpectation;
import dev.tidemark.checks.rules.ContractCatalog.Name;
import dev.tidemark.inspection.model.PolicyInfo;

import org.springframework.stereotype.Component;

/**
 * A row-level security policy the contract lists is absent, or its command or roles differ from the listed ones
 * (roles compared as sets). No automatic repair: the contract does not hold its USING and WITH CHECK expressions.
 */
@Component
final class MissingPolicy implements Rule {

	private final RuleDescription description = new RuleDescription("missing-policy",
			"Expected policy is missing or differs",
			Severity.HIGH, RuleCategory.CONTRACT,
			"With row security on, a missing policy hides rows from the roles it was for; a policy on other "
					+ "commands or roles shows rows to someone it should not.",
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
			for (PolicyExpectation expected : expectation.contract().policies()) {
				Name table = Name.parse(expected.table());
				if (catalog.table(table).isEmpty()) {
					continue;
				}
				ObjectRef ref = new ObjectRef("policy", table.schema(), table.name(), expected.name());
				Optional<PolicyInfo> actual = catalog.policy(table, expected.name());
				String what = "Policy " + expected.name() + " on " + table.text();
				Repair repair = Repair.manual("A contract does not hold the policy's USING and WITH CHECK expressions",
						"Create or change it through the application's migrations (the migration that creates "
								+ "policy " + expected.name() + " on " + table.text() + ")");
				if (actual.isEmpty()) {
					findings.add(Violation.of(this, ref, what + " is expected but does not exist",
							ContractFindings.evidence("source", expectation.source().name(), "expected",
									"policy exists", "actual", "no such policy"),
							repair));
					continue;
				}
				PolicyInfo policy = actual.get();
				List<String> differences = new ArrayList<>();
				if (expected.command() != null && !expected.command().equals(policy.command())) {
					differences.add("command " + policy.command() + " instead of " + expected.command());
				}
				if (expected.roles() != null && !new HashSet<>(expected.roles()).equals(new HashSet<>(policy.roles()))) {
					differences.add("roles " + policy.roles() + " instead of " + expected.roles().stream().sorted().toList());
				}
				if (differences.isEmpty()) {
					continue;
				}
				findings.add(Violation.of(this, ref, what + " differs: " + String.join("; ", differences),
						ContractFindings.evidence("source", expectation.source().name(), "expectedCommand",
								expected.command(), "actualCommand", policy.command(), "expectedRoles",
								expected.roles() == null ? null : expected.roles().stream().sorted().toList(),
								"actualRoles", policy.roles()),
						repair));
			}
		}
		return findings.list();
	}
}

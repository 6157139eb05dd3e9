package dev.tidemark.checks.rules;

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
import dev.tidemark.checks.contract.Contract.ViewExpectation;
import dev.tidemark.checks.rules.ContractCatalog.Name;
import dev.tidemark.inspection.model.ViewInfo;

import org.springframework.stereotype.Component;

/**
 * A view the contract lists is absent, or is a plain view where a materialized one is expected (or the other way
 * round). No automatic repair: the contract does not hold the view's definition, the migrations do.
 */
@Component
final class MissingView implements Rule {

	private final RuleDescription description = new RuleDescription("missing-view", "Expected view is missing",
			Severity.HIGH, RuleCategory.CONTRACT,
			"Queries of the applications that read the view fail with 'relation does not exist'; a plain view "
					+ "where a materialized one is expected cannot be refreshed, and the other way round its rows go stale.",
			false);

	@Override
	public RuleDescription description() {
		return description;
	}

	static String kind(boolean materialized) {
		return materialized ? "materialized view" : "view";
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		ContractCatalog catalog = ContractCatalog.of(context);
		ContractFindings findings = new ContractFindings();
		for (Expectation expectation : context.expectations()) {
			for (ViewExpectation expected : expectation.contract().views()) {
				Name name = Name.parse(expected.name());
				Optional<ViewInfo> actual = catalog.view(name);
				String wanted = expected.materialized() == null ? "view or materialized view"
						: kind(expected.materialized());
				if (actual.isPresent() && (expected.materialized() == null
						|| expected.materialized() == actual.get().materialized())) {
					continue;
				}
				String found = actual.map(v -> kind(v.materialized())).orElse(
						catalog.table(name).isPresent() ? "a table of that name" : "nothing of that name");
				findings.add(Violation.of(this, ObjectRef.of("view", name.schema(), name.name()),
						actual.isPresent()
								? "View " + name.text() + " is a " + found + " but a " + wanted + " is expected"
								: "View " + name.text() + " is expected but does not exist",
						ContractFindings.evidence("source", expectation.source().name(), "expected", wanted + " exists",
								"actual", found),
						Repair.manual("A contract does not hold the view's definition",
								"Create it through the application's migrations (run the migration that creates "
										+ name.text() + ")")));
			}
		}
		return findings.list();
	}
}

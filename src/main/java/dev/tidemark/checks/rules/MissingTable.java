package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract.ColumnExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;

import org.springframework.stereotype.Component;

/**
 * A table the contract or reference expects is absent. No automatic repair, by decision: a contract lists only
 * the columns the applications use, and even a reference lacks the table's sequences, grants, triggers,
 * partitioning and storage settings, so a generated CREATE TABLE would be a different table from the one the
 * migrations make. The table's other findings (columns, keys, indexes) wait until it exists.
 */
@Component
final class MissingTable implements Rule {

	private final RuleDescription description = new RuleDescription("missing-table", "Expected table is missing",
			Severity.HIGH, RuleCategory.CONTRACT,
			"Every query of the applications that touches the table fails with 'relation does not exist'.",
			false);

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		ContractCatalog catalog = ContractCatalog.of(context);
		ContractFindings findings = new ContractFindings();
		for (ExpectedTable expected : ContractCatalog.expectedTables(context)) {
			if (catalog.table(expected.name()).isPresent() || ContractCatalog.tidemarkOwn(expected.name().name())) {
				continue;
			}
			List<String> columns = expected.table().columns().stream().map(ColumnExpectation::name).toList();
			findings.add(Violation.of(this, ObjectRef.table(expected.name().schema(), expected.name().name()),
					"Table " + expected.name().text() + " is expected but does not exist",
					ContractFindings.evidence("source", expected.source(), "expected", "table exists", "actual",
							"no such table", "expectedColumns", columns),
					Repair.manual("Tidemark does not invent table DDL: the applications' migrations own the table's "
							+ "columns, keys, sequences and grants",
							"Create it through the application's migrations (run the migration that creates "
									+ expected.name().text() + ")")));
		}
		return findings.list();
	}
}

package dev.tidemark.checks.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract.TableExpectation;
import dev.tidemark.checks.rules.ContractCatalog.Name;
import dev.tidemark.inspection.model.TableInfo;

import org.springframework.stereotype.Component;

/**
 * A table exists that an exhaustive expectation (a reference) does not have. Contracts list only what the
 * applications use, so they never make a table unexpected. Partitions (their parent is what counts), migration
 * tools' history tables and Tidemark's own changelog tables are never unexpected.
 */
@Component
final class UnexpectedTable implements Rule {

	private final RuleDescription description = new RuleDescription("unexpected-table", "Table not in the reference",
			Severity.LOW, RuleCategory.CONTRACT,
			"The target has a table its reference lacks: a migration applied here only, a manual hot fix, or a "
					+ "leftover that the next migration may collide with.",
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
			if (!expectation.exhaustive()) {
				continue;
			}
			Set<Name> expected = new HashSet<>();
			for (TableExpectation table : expectation.contract().tables()) {
				expected.add(Name.parse(table.name()));
			}
			for (TableInfo table : context.snapshot().tables()) {
				Name name = new Name(table.schema(), table.name());
				if (table.isPartition() || expected.contains(name) || catalog.bookkeeping(name)) {
					continue;
				}
				findings.add(Violation.of(this, ObjectRef.table(table.schema(), table.name()),
						"Table " + name.text() + " exists but the reference does not have it",
						ContractFindings.evidence("source", expectation.source().name(), "expected",
								"no such table", "actual", "table exists", "kind", table.kind().name(), "columns",
								table.columns().stream().map(c -> c.name() + " " + c.type()).toList()),
						Repair.manual("Tidemark never drops a table: it may hold data another system still needs",
								"Drop it through the application's migrations if it is a leftover, or add it to "
										+ "the reference's migrations if it belongs")));
			}
		}
		return findings.list();
	}
}

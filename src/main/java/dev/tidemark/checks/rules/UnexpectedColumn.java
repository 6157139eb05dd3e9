package dev.tidemark.checks.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.TableInfo;

import org.springframework.stereotype.Component;

/**
 * A column exists that an exhaustive expectation (a reference) does not list for its table. Contracts list only
 * the columns the applications use, so they never make a column unexpected.
 */
@Component
final class UnexpectedColumn implements Rule {

	private final RuleDescription description = new RuleDescription("unexpected-column", "Column not in the reference",
			Severity.LOW, RuleCategory.CONTRACT,
			"The target has a column its reference lacks: a NOT NULL one without a default breaks the "
					+ "applications' inserts, and the next migration that adds it fails.",
			false);

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		return ContractFindings.forPresentTables(context, this::checkTable).list();
	}

	private void checkTable(ContractCatalog catalog, ExpectedTable expected, TableInfo table, ContractFindings findings) {
		if (!expected.exhaustive()) {
			return;
		}
		Set<String> names = new HashSet<>();
		expected.table().columns().stream().map(ColumnExpectation::name).forEach(names::add);
		for (ColumnInfo column : table.columns()) {
			if (names.contains(column.name())) {
				continue;
			}
			boolean breaksInserts = !column.nullable() && column.defaultExpression() == null
					&& column.identity() == null && column.generatedExpression() == null;
			findings.add(Violation.of(this,
					ObjectRef.column(expected.name().schema(), expected.name().name(), column.name()),
					"Column " + column.name() + " of " + expected.name().text()
							+ " exists but the reference does not have it",
					ContractFindings.evidence("source", expected.source(), "expected", "no such column",
							"actualType", column.type(), "actualNullable", column.nullable(), "actualDefault",
							column.defaultExpression(), "breaksInsertsThatOmitIt", breaksInserts),
					ColumnTypeMismatch.onCompressedHypertable(catalog, expected.name(), "drop")
						.orElse(Repair.manual("Tidemark never drops a column: it may hold data",
								"Drop it through the application's migrations if it is a leftover, or add it to "
										+ "the reference's migrations if it belongs"))));
		}
	}
}

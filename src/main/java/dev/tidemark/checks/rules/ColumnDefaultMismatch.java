package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.RelationChange.SetColumnDefault;
import dev.tidemark.checks.contract.Contract.ColumnExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.TableInfo;

import org.springframework.stereotype.Component;

/**
 * A column's default differs from the expected one, compared after {@link DefaultExpressions} normalization. In
 * a contract a null default means "not checked"; in an exhaustive expectation (a reference) it means "no
 * default". Identity and generated columns have no default to compare (and SET DEFAULT refuses them).
 */
@Component
final class ColumnDefaultMismatch implements Rule {

	private final RuleDescription description = new RuleDescription("column-default-mismatch",
			"Column default differs from the expectation",
			Severity.LOW, RuleCategory.CONTRACT,
			"Inserts that omit the column store a different value than the applications assume, or fail on a "
					+ "NOT NULL column without a default.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		return ContractFindings.forPresentTables(context, this::checkTable).list();
	}

	private void checkTable(ContractCatalog catalog, ExpectedTable expected, TableInfo table, ContractFindings findings) {
		for (ColumnExpectation column : expected.table().columns()) {
			Optional<ColumnInfo> found = ContractCatalog.column(table, column.name());
			if (found.isEmpty() || (column.defaultValue() == null && !expected.exhaustive())) {
				continue;
			}
			ColumnInfo actual = found.get();
			if (actual.identity() != null || actual.generatedExpression() != null || DefaultExpressions
				.same(column.defaultValue(), actual.defaultExpression(), expected.name().schema())) {
				continue;
			}
			String wanted = DefaultExpressions.normalize(column.defaultValue(), expected.name().schema()) == null
					? null : column.defaultValue();
			String schema = expected.name().schema();
			Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "expectedDefault",
					wanted, "actualDefault", actual.defaultExpression(), "expectedNormalized",
					DefaultExpressions.normalize(wanted, schema), "actualNormalized",
					DefaultExpressions.normalize(actual.defaultExpression(), schema));
			// the contract's default goes into the changeset verbatim: refused if it could split or cut it
			Optional<Repair> unsafe = ContractSql.unsafeFragment(wanted, "default");
			List<SetColumnDefault> changes = List.of(new SetColumnDefault(schema, expected.name().name(),
					column.name(), wanted == null ? null : wanted.strip(), actual.defaultExpression()));
			findings.add(Violation.of(this, ObjectRef.column(schema, expected.name().name(), column.name()),
					"Column " + column.name() + " of " + expected.name().text() + " has "
							+ (actual.defaultExpression() == null ? "no default"
									: "default " + actual.defaultExpression())
							+ ", expected " + (wanted == null ? "no default" : wanted),
					unsafe.isPresent() ? evidence : ContractFindings.withChanges(evidence, changes),
					unsafe.orElseGet(() -> Repair.automatic(ContractFindings.summary(changes,
							"(catalog-only; existing rows keep their values)")))));
		}
	}
}

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
import dev.tidemark.checks.change.RelationChange;
import dev.tidemark.checks.change.RelationChange.DropNotNull;
import dev.tidemark.checks.change.RelationChange.SetNotNull;
import dev.tidemark.checks.contract.Contract.ColumnExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.TableInfo;

import org.springframework.stereotype.Component;

/**
 * A column is NOT NULL where NULL is expected, or nullable where NOT NULL is expected. Dropping NOT NULL is
 * instant; adding it goes through a CHECK constraint added NOT VALID and validated, so SET NOT NULL can skip its
 * full scan under ACCESS EXCLUSIVE.
 */
@Component
final class ColumnNullabilityMismatch implements Rule {

	private final RuleDescription description = new RuleDescription("column-nullability-mismatch",
			"Column nullability differs from the expectation",
			Severity.MEDIUM, RuleCategory.CONTRACT,
			"NOT NULL where the applications write NULL makes those writes fail (an ON DELETE SET NULL "
					+ "included); a nullable column where NOT NULL is expected lets NULLs in that the applications do "
					+ "not handle.",
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
		List<String> primaryKey = catalog.primaryKey(expected.name())
			.map(ConstraintInfo::columns)
			.orElse(List.of());
		for (ColumnExpectation column : expected.table().columns()) {
			Optional<ColumnInfo> actual = ContractCatalog.column(table, column.name());
			if (column.nullable() == null || actual.isEmpty() || column.nullable() == actual.get().nullable()) {
				continue;
			}
			boolean expectNullable = column.nullable();
			String schema = expected.name().schema();
			String name = expected.name().name();
			Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "expectedNullable",
					expectNullable, "actualNullable", actual.get().nullable(), "identity", actual.get().identity(),
					"inPrimaryKey", primaryKey.contains(column.name()));
			List<RelationChange> changes = List.of(expectNullable ? new DropNotNull(schema, name, column.name())
					: new SetNotNull(schema, name, column.name()));
			Repair repair = expectNullable ? dropNotNull(actual.get(), primaryKey, changes) : setNotNull(changes);
			findings.add(Violation.of(this, ObjectRef.column(schema, name, column.name()),
					"Column " + column.name() + " of " + expected.name().text() + " is "
							+ (expectNullable ? "NOT NULL, expected nullable" : "nullable, expected NOT NULL"),
					repair.automatic() ? ContractFindings.withChanges(evidence, changes) : evidence, repair));
		}
	}

	private static Repair dropNotNull(ColumnInfo column, List<String> primaryKey, List<RelationChange> changes) {
		if (primaryKey.contains(column.name())) {
			return Repair.manual("The column is part of the primary key, which requires NOT NULL",
					"Change the primary key first (through the application's migrations), or correct the expectation");
		}
		if (column.identity() != null) {
			return Repair.manual("An identity column is always NOT NULL",
					"Drop the identity (ALTER COLUMN ... DROP IDENTITY) through the application's migrations first, "
							+ "or correct the expectation");
		}
		return Repair.automatic(ContractFindings.summary(changes, "(catalog-only, brief ACCESS EXCLUSIVE lock)"));
	}

	private static Repair setNotNull(List<RelationChange> changes) {
		return Repair.automatic(ContractFindings.summary(changes, "through a CHECK (... IS NOT NULL) added NOT VALID "
				+ "and validated, so SET NOT NULL uses it instead of a scan; the check is dropped after; fails while "
				+ "NULLs exist"));
	}
}

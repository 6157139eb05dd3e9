package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract.ForeignKeyExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.TableInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * A foreign key exists (same columns and target) but its ON DELETE or ON UPDATE action differs from the expected
 * one; an action the expectation leaves out is not checked. An absent foreign key is {@code missing-constraint}.
 */
@Component
final class ForeignKeyActionMismatch implements Rule {

	@Override
	public String id() {
		return "foreign-key-action-mismatch";
	}

	@Override
	public String title() {
		return "Foreign key action differs from the expectation";
	}

	@Override
	public Severity defaultSeverity() {
		return Severity.HIGH;
	}

	@Override
	public RuleCategory category() {
		return RuleCategory.CONTRACT;
	}

	@Override
	public String rationale() {
		return "Deletes and key updates behave differently than the applications assume: a CASCADE removes rows "
				+ "that should stay, a missing SET NULL makes the delete fail.";
	}

	@Override
	public boolean remediable() {
		return true;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		return ContractFindings.forPresentTables(context, this::checkTable).list();
	}

	private void checkTable(ContractCatalog catalog, ExpectedTable expected, TableInfo table, ContractFindings findings) {
		for (ForeignKeyExpectation foreignKey : expected.table().foreignKeys()) {
			List<ConstraintInfo> matching = catalog.foreignKeys(expected.name())
				.stream()
				.filter(c -> ContractCatalog.sameForeignKey(foreignKey, c))
				.toList();
			if (matching.isEmpty() || matching.stream().anyMatch(c -> actionsMatch(foreignKey, c))) {
				continue;
			}
			ConstraintInfo actual = matching.get(0);
			String onDelete = action(foreignKey.onDelete());
			String onUpdate = action(foreignKey.onUpdate());
			findings.add(Violation.of(this,
					new ObjectRef("constraint", expected.name().schema(), expected.name().name(), actual.name()),
					"Foreign key " + actual.name() + " of " + expected.name().text() + " is ON DELETE "
							+ actual.onDelete() + " ON UPDATE " + actual.onUpdate() + ", expected"
							+ (onDelete == null ? "" : " ON DELETE " + onDelete)
							+ (onUpdate == null ? "" : " ON UPDATE " + onUpdate),
					ContractFindings.evidence("source", expected.source(), "constraint", actual.name(), "columns",
							actual.columns(), "referencedTable",
							actual.referencedSchema() + "." + actual.referencedTable(), "referencedColumns",
							actual.referencedColumns(), "expectedOnDelete", onDelete, "actualOnDelete",
							actual.onDelete(), "expectedOnUpdate", onUpdate, "actualOnUpdate", actual.onUpdate()),
					repair(actual, onDelete, onUpdate, table)));
		}
	}

	private static Repair repair(ConstraintInfo actual, @Nullable String onDelete, @Nullable String onUpdate,
			TableInfo table) {
		String summary = "Add a new foreign key on " + actual.columns() + " with"
				+ (onDelete == null ? "" : " ON DELETE " + onDelete) + (onUpdate == null ? "" : " ON UPDATE " + onUpdate)
				+ " as NOT VALID, VALIDATE it, then drop " + actual.name() + " (the new one takes its name)";
		boolean setNull = "SET NULL".equals(onDelete) || "SET NULL".equals(onUpdate);
		List<String> notNull = actual.columns()
			.stream()
			.filter(c -> ContractCatalog.column(table, c).map(ColumnInfo::nullable).map(n -> !n).orElse(false))
			.toList();
		if (setNull && !notNull.isEmpty()) {
			summary += "; SET NULL needs " + notNull + " to be nullable (see column-nullability-mismatch)";
		}
		return Repair.automatic(summary);
	}

	private static boolean actionsMatch(ForeignKeyExpectation expected, ConstraintInfo actual) {
		String onDelete = action(expected.onDelete());
		String onUpdate = action(expected.onUpdate());
		return (onDelete == null || onDelete.equals(actual.onDelete()))
				&& (onUpdate == null || onUpdate.equals(actual.onUpdate()));
	}

	/** {@code set_null}, {@code set null} and {@code SET NULL} are one action. */
	private static @Nullable String action(@Nullable String action) {
		return action == null || action.isBlank() ? null : SqlText.upper(action);
	}
}

package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.RelationChange.ReplaceConstraint;
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

	private final RuleDescription description = new RuleDescription("foreign-key-action-mismatch",
			"Foreign key action differs from the expectation",
			Severity.HIGH, RuleCategory.CONTRACT,
			"Deletes and key updates behave differently than the applications assume: a CASCADE removes rows "
					+ "that should stay, a missing SET NULL makes the delete fail.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	private static final Set<String> ACTIONS = Set.of("NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT");

	private static final Pattern NOT_VALID = Pattern.compile("(?i)\\s+NOT\\s+VALID\\s*$");

	private static final Pattern DEFERRABLE = Pattern
		.compile("\\s+((?:NOT )?DEFERRABLE(?: INITIALLY (?:DEFERRED|IMMEDIATE))?)\\s*$");

	/** {@code ON UPDATE x} / {@code ON DELETE x}, with PostgreSQL 15's column list after SET NULL / SET DEFAULT. */
	private static final Pattern ACTION_CLAUSE = Pattern
		.compile("\\s+ON (?:UPDATE|DELETE) (?:NO ACTION|RESTRICT|CASCADE|SET NULL|SET DEFAULT)(?:\\s*\\([^)]*\\))?");

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
			findings.add(violation(
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
					actual, onDelete, onUpdate, table));
		}
	}

	/** The finding, with the typed replacement when its repair is automatic. */
	private Violation violation(ObjectRef object, String message, Map<String, Object> evidence, ConstraintInfo actual,
			@Nullable String onDelete, @Nullable String onUpdate, TableInfo table) {
		if (!actual.validated()) {
			return Violation.of(this, object, message, evidence, Repair.manual(
					"The foreign key is NOT VALID, so its replacement's validation could fail on orphans",
					"Fix the orphaned rows and validate it (see unvalidated-constraint), then scan again"));
		}
		String wantedDelete = onDelete != null ? onDelete : actual.onDelete();
		String wantedUpdate = onUpdate != null ? onUpdate : actual.onUpdate();
		if (!ACTIONS.contains(wantedDelete) || !ACTIONS.contains(wantedUpdate)) {
			return Violation.of(this, object, message, evidence, Repair.manual("Unknown foreign key action "
					+ (ACTIONS.contains(wantedDelete) ? wantedUpdate : wantedDelete), "Correct the contract"));
		}
		String from = NOT_VALID.matcher(actual.definition()).replaceAll("");
		ReplaceConstraint change = new ReplaceConstraint(actual.schema(), actual.table(), actual.name(), "FOREIGN_KEY",
				from, withActions(from, wantedDelete, wantedUpdate), true,
				table.kind() == TableInfo.TableKind.PARTITIONED_TABLE, null);
		return Violation.of(this, object, message, ContractFindings.withChanges(evidence, List.of(change)),
				repair(actual, onDelete, onUpdate, table));
	}

	/**
	 * The definition as {@code pg_get_constraintdef} prints it with other actions: its own action clauses and
	 * deferrability taken off, then ON UPDATE and ON DELETE (NO ACTION left out, as PostgreSQL prints it) and the
	 * deferrability put back, so MATCH FULL and the referenced columns stay as they were.
	 */
	static String withActions(String definition, String onDelete, String onUpdate) {
		Matcher deferrable = DEFERRABLE.matcher(definition);
		String tail = deferrable.find() ? " " + deferrable.group(1) : "";
		String base = ACTION_CLAUSE.matcher(DEFERRABLE.matcher(definition).replaceAll("")).replaceAll("");
		return base + (onUpdate.equals("NO ACTION") ? "" : " ON UPDATE " + onUpdate)
				+ (onDelete.equals("NO ACTION") ? "" : " ON DELETE " + onDelete) + tail;
	}

	private static Repair repair(ConstraintInfo actual, @Nullable String onDelete, @Nullable String onUpdate,
			TableInfo table) {
		String summary = "In one transaction drop " + actual.name() + " and add it again on " + actual.columns()
				+ " with" + (onDelete == null ? "" : " ON DELETE " + onDelete)
				+ (onUpdate == null ? "" : " ON UPDATE " + onUpdate)
				+ " as NOT VALID (brief lock; new rows are checked at once), then VALIDATE it (the existing rows "
				+ "satisfied the old one)";
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

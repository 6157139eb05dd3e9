package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.RelationChange.ValidateConstraint;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.ConstraintInfo.ConstraintType;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;
import static dev.tidemark.checks.rules.HealthSupport.plural;
import static dev.tidemark.common.SqlIdentifiers.quote;
import static dev.tidemark.common.SqlIdentifiers.qualified;

/**
 * A foreign key or CHECK added NOT VALID and never validated. The snapshot carries how many existing rows break
 * it, so VALIDATE is offered only when it would succeed; otherwise the finding lists the rows and the choices.
 */
@Component
final class UnvalidatedConstraintRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Constraint not validated",
			Severity.MEDIUM, RuleCategory.HEALTH,
			"A NOT VALID constraint checks new rows only: existing rows may break it (orphans for a foreign key), "
					+ "the planner does not trust it, and SET NOT NULL cannot use it to skip its scan.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "unvalidated-constraint";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		List<Violation> violations = new ArrayList<>();
		for (ConstraintInfo constraint : context.snapshot().constraints()) {
			// clones on partitions follow their parent's constraint: one finding, on the parent
			if (constraint.validated() || constraint.inherited() || (constraint.type() != ConstraintType.FOREIGN_KEY
					&& constraint.type() != ConstraintType.CHECK)) {
				continue;
			}
			violations.add(violation(context, constraint));
		}
		return violations;
	}

	private Violation violation(CheckContext context, ConstraintInfo c) {
		boolean fk = c.type() == ConstraintType.FOREIGN_KEY;
		String table = c.schema() + "." + c.table();
		String kind = fk ? "Foreign key" : "CHECK constraint";
		Long rows = c.violatingRows();
		boolean capped = rows != null && rows >= ConstraintInfo.VIOLATING_ROWS_CAP;
		String rowsText = rows == null ? null
				: capped ? "more than " + plural(ConstraintInfo.VIOLATING_ROWS_CAP - 1, "row", "rows")
						: plural(rows, "row", "rows");
		String referenced = fk ? c.referencedSchema() + "." + c.referencedTable() : null;
		String findRows = fk ? orphanQuery(c) : checkQuery(c);
		String validate = "ALTER TABLE " + qualified(c.schema(), c.table()) + " VALIDATE CONSTRAINT " + quote(c.name());

		String message;
		if (rows == null) {
			message = kind + " " + c.name() + " on " + table + " is NOT VALID; the rows that break it could not be "
					+ "counted";
		}
		else if (rows == 0) {
			message = kind + " " + c.name() + " on " + table + " is NOT VALID, though no existing row breaks it";
		}
		else if (fk) {
			message = kind + " " + c.name() + " on " + table + " is NOT VALID: " + rowsText + " of " + table
					+ " reference rows missing from " + referenced;
		}
		else {
			message = kind + " " + c.name() + " on " + table + " is NOT VALID: " + rowsText + " break it";
		}

		List<String> nullable = fk ? nullableColumns(context, c) : List.of();
		List<String> choices = rows == null || rows == 0 ? null : choices(c, fk, rowsText, nullable);
		Map<String, Object> evidence = evidence("table", table, "constraintType", fk ? "FOREIGN KEY" : "CHECK",
				"definition", c.definition(), "columns", c.columns(), "referencedTable", referenced,
				"referencedColumns", fk ? c.referencedColumns() : null, "violatingRows", rows,
				"violatingRowsCounted", rows != null, "violatingRowsCapped", capped ? true : null,
				"violatingRowsNote",
				capped ? "counting stops at " + ConstraintInfo.VIOLATING_ROWS_CAP + ": there are more" : null,
				"findRowsQuery", findRows, "nullableColumns", fk ? nullable : null, "choices", choices,
				"validateStatement", validate);
		Repair repair = repair(rows, rowsText, choices, findRows);
		if (repair.automatic()) {
			// only when no row breaks it: the refusals above keep a VALIDATE that would fail out of the plan
			evidence = ContractFindings.withChanges(evidence,
					List.of(new ValidateConstraint(c.schema(), c.table(), c.name())));
		}
		return Violation.of(this, new ObjectRef("constraint", c.schema(), c.table(), c.name()), message, evidence,
				repair);
	}

	private static Repair repair(Long rows, String rowsText, List<String> choices, String findRows) {
		if (rows == null) {
			return Repair.manual("The rows that break it could not be counted (no SELECT privilege on the tables "
					+ "involved, row-level security that could hide rows, or the count failed or timed out), so "
					+ "validating might fail.",
					"Count them with: " + findRows + " -- if there are none, validate it; otherwise fix them first.");
		}
		if (rows == 0) {
			return Repair.automatic("Validate it with ALTER TABLE ... VALIDATE CONSTRAINT; the scan takes SHARE "
					+ "UPDATE EXCLUSIVE, so reads and writes go on.");
		}
		return Repair.manual(rowsText + " break it: VALIDATE CONSTRAINT would fail, and which rows to change is a "
				+ "decision about data.", "Choose one, then validate: " + String.join("; ", choices) + ".");
	}

	private static List<String> choices(ConstraintInfo c, boolean fk, String rowsText, List<String> nullable) {
		String table = c.schema() + "." + c.table();
		List<String> choices = new ArrayList<>();
		if (fk) {
			String columns = "(" + String.join(", ", c.columns()) + ")";
			choices.add("delete the " + rowsText + " of " + table + " whose " + columns + " has no match in "
					+ c.referencedSchema() + "." + c.referencedTable() + ", or point them at existing rows");
			if (!nullable.isEmpty() && nullable.size() == c.columns().size()) {
				choices.add("set " + columns + " to NULL in those rows (the columns are nullable)");
			}
			else {
				choices.add("insert the missing rows into " + c.referencedSchema() + "." + c.referencedTable());
			}
		}
		else {
			choices.add("fix or delete the " + rowsText + " of " + table + " that break CHECK "
					+ checkExpression(c.definition()).orElse(c.definition()));
		}
		choices.add("drop the constraint if the applications do not need it");
		return choices;
	}

	private static List<String> nullableColumns(CheckContext context, ConstraintInfo c) {
		Map<String, Boolean> nullable = HealthSupport.table(context, c.schema(), c.table())
			.map(t -> t.columns().stream().collect(Collectors.toMap(ColumnInfo::name, ColumnInfo::nullable)))
			.orElse(Map.of());
		return c.columns().stream().filter(col -> Boolean.TRUE.equals(nullable.get(col))).toList();
	}

	/** Lists the orphans (MATCH SIMPLE reading: a NULL in any key column is not an orphan). */
	private static String orphanQuery(ConstraintInfo c) {
		String notNull = c.columns()
			.stream()
			.map(col -> "c." + quote(col) + " IS NOT NULL")
			.collect(Collectors.joining(" AND "));
		String matches = IntStream.range(0, Math.min(c.columns().size(), c.referencedColumns().size()))
			.mapToObj(i -> "p." + quote(c.referencedColumns().get(i)) + " = c." + quote(c.columns().get(i)))
			.collect(Collectors.joining(" AND "));
		return "SELECT c.* FROM " + qualified(c.schema(), c.table()) + " c WHERE " + notNull + " AND NOT EXISTS (SELECT 1 "
				+ "FROM " + qualified(c.referencedSchema(), c.referencedTable()) + " p WHERE " + matches + ")";
	}

	private static String checkQuery(ConstraintInfo c) {
		return "SELECT * FROM " + qualified(c.schema(), c.table()) + " WHERE NOT "
				+ checkExpression(c.definition()).orElse("(<the CHECK expression>)");
	}

	/** {@code CHECK (total >= 0::numeric) NOT VALID} gives {@code (total >= 0::numeric)}. */
	static Optional<String> checkExpression(String definition) {
		if (definition == null || !definition.startsWith("CHECK ")) {
			return Optional.empty();
		}
		String expression = definition.substring("CHECK ".length());
		if (expression.endsWith(" NOT VALID")) {
			expression = expression.substring(0, expression.length() - " NOT VALID".length());
		}
		if (expression.endsWith(" NO INHERIT")) {
			expression = expression.substring(0, expression.length() - " NO INHERIT".length());
		}
		return Optional.of(expression);
	}
}

package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.PartitioningInfo;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;
import static dev.tidemark.common.SqlIdentifiers.qualified;

/**
 * A DEFAULT partition that holds rows. Unknown (the inspector may not read it) is not reported: the snapshot
 * says null then, and guessing from statistics would flap.
 */
@Component
final class DefaultPartitionRowsRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Default partition holds rows",
			Severity.MEDIUM, RuleCategory.HEALTH,
			"Creating a partition for a range that already has rows in the default partition fails, and every "
					+ "new partition scans the default partition under an ACCESS EXCLUSIVE lock.",
			false);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "default-partition-rows";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		List<Violation> violations = new ArrayList<>();
		for (PartitioningInfo p : context.snapshot().partitioning()) {
			if (p.defaultPartition() != null && Boolean.TRUE.equals(p.defaultPartitionHasRows())) {
				violations.add(violation(p));
			}
		}
		return violations;
	}

	private Violation violation(PartitioningInfo p) {
		String table = p.schema() + "." + p.table();
		String defaultSchema = p.defaultPartition().substring(0, p.defaultPartition().indexOf('.'));
		String defaultName = p.defaultPartition().substring(p.defaultPartition().indexOf('.') + 1);
		String quotedDefault = qualified(defaultSchema, defaultName);
		String key = p.keyColumns().isEmpty() ? "<partition key>"
				: SqlIdentifiers.quoteAll(p.keyColumns());
		String findRows = p.keyColumns().size() == 1
				? "SELECT min(" + key + "), max(" + key + "), count(*) FROM " + quotedDefault
				: "SELECT " + key + ", count(*) FROM " + quotedDefault + " GROUP BY " + key;
		String newPartition = qualified(p.schema(), p.table() + "_<range>");
		boolean range = "RANGE".equals(p.strategy());
		String where = range ? key + " >= <from> AND " + key + " < <to>" : key + " IN (<values>)";
		String bound = range ? "FOR VALUES FROM (<from>) TO (<to>)" : "FOR VALUES IN (<values>)";
		String steps = String.join("\n", "BEGIN;", "SET LOCAL lock_timeout = '2s';",
				"CREATE TABLE " + newPartition + " (LIKE " + qualified(p.schema(), p.table())
						+ " INCLUDING DEFAULTS INCLUDING CONSTRAINTS);",
				"WITH moved AS (DELETE FROM " + quotedDefault + " WHERE " + where + " RETURNING *)",
				"INSERT INTO " + newPartition + " SELECT * FROM moved;",
				"ALTER TABLE " + qualified(p.schema(), p.table()) + " ATTACH PARTITION " + newPartition + " " + bound + ";",
				"COMMIT;");
		return Violation.of(this, ObjectRef.table(p.schema(), p.table()),
				"Default partition " + p.defaultPartition() + " of " + table + " holds rows: creating a partition "
						+ "for their range fails until they are moved",
				evidence("table", table, "defaultPartition", p.defaultPartition(), "strategy", p.strategy(),
						"partitionKey", p.partitionKey(), "findRowsQuery", findRows, "moveRowsTemplate", steps),
				Repair.manual("Which ranges the rows belong to, and when to move them, are a person's decision: "
						+ "moving takes an ACCESS EXCLUSIVE lock on the default partition.",
						"Find the ranges with " + findRows + "; then per range, in one transaction with a short "
								+ "lock_timeout: create the partition as a table LIKE the parent, move the rows into it "
								+ "(DELETE ... RETURNING feeding an INSERT), and ATTACH it. See moveRowsTemplate."));
	}
}

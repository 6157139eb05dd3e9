package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.RelationChange.RebuildInvalidIndex;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.TableInfo;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;

/**
 * An index left INVALID (or not ready) by a failed CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY. On a
 * partitioned parent that is the normal state while partitions' indexes are still being attached.
 */
@Component
final class InvalidIndexRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Invalid index",
			Severity.HIGH, RuleCategory.HEALTH,
			"The planner never uses an invalid index, yet once ready it is still maintained on every write and, "
					+ "if unique, still rejects duplicates; a retry with CREATE INDEX CONCURRENTLY IF NOT EXISTS "
					+ "silently keeps it.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "invalid-index";

	/** What a failed REINDEX CONCURRENTLY leaves behind next to the good copy (_ccnew before the swap, _ccold after). */
	private static final Pattern CREATE_INDEX = Pattern.compile("^CREATE (UNIQUE )?INDEX ");

	private static final Pattern REINDEX_LEFTOVER = Pattern.compile(".*_cc(new|old)[0-9]*$");

	@Override
	public List<Violation> evaluate(CheckContext context) {
		Set<String> partitionedParents = context.snapshot()
			.tables()
			.stream()
			.filter(t -> t.kind() == TableInfo.TableKind.PARTITIONED_TABLE)
			.map(TableInfo::key)
			.collect(Collectors.toSet());
		List<Violation> violations = new ArrayList<>();
		for (IndexInfo index : context.snapshot().indexes()) {
			if ((index.valid() && index.ready()) || partitionedParents.contains(index.tableKey())) {
				continue;
			}
			violations.add(violation(index));
		}
		return violations;
	}

	private Violation violation(IndexInfo index) {
		boolean leftover = REINDEX_LEFTOVER.matcher(index.name()).matches();
		boolean rejectsWrites = index.unique() && index.ready();
		String message = "Index " + index.schema() + "." + index.name() + " on " + index.tableKey()
				+ " is invalid" + (rejectsWrites ? " but still enforces uniqueness on writes"
						: index.ready() ? " but still costs time on every write" : "");
		Repair repair = leftover
				? Repair.automatic("Drop the leftover of a failed REINDEX CONCURRENTLY with DROP INDEX CONCURRENTLY; "
						+ "the valid copy of the index is still in place.")
				: Repair.automatic("Drop the index with DROP INDEX CONCURRENTLY and build it again with CREATE INDEX "
						+ "CONCURRENTLY from its definition. If the build failed on the data (duplicate keys of a "
						+ "unique index), the rebuild fails the same way until the data is fixed.");
		Map<String, Object> evidence = evidence("table", index.tableKey(), "valid", index.valid(), "ready",
				index.ready(), "unique", index.unique(), "rejectsDuplicateWrites", rejectsWrites, "definition",
				index.definition(), "leftByReindexConcurrently", leftover, "dropStatement",
				"DROP INDEX CONCURRENTLY IF EXISTS " + SqlIdentifiers.qualified(index.schema(), index.name()));
		Optional<Repair> refused = unsafe(index, leftover);
		if (refused.isPresent()) {
			repair = refused.get();
		}
		else {
			evidence = ContractFindings.withChanges(evidence, List.of(new RebuildInvalidIndex(index.schema(),
					index.table(), index.name(), leftover ? null : index.definition(), index.unique())));
		}
		return Violation.of(this, ObjectRef.of("index", index.schema(), index.name()), message, evidence, repair);
	}

	/**
	 * An index of a constraint is rebuilt with the constraint, not alone; a definition that is not a one-line
	 * CREATE INDEX statement is not rebuilt from.
	 */
	private static Optional<Repair> unsafe(IndexInfo index, boolean leftover) {
		if (index.constraint() != null) {
			return Optional.of(Repair.manual("The index belongs to constraint " + index.constraint(),
					"Drop and re-add the constraint by hand"));
		}
		if (leftover) {
			return Optional.empty();
		}
		if (!CREATE_INDEX.matcher(index.definition()).find()) {
			return Optional.of(Repair.manual("The index definition is not a CREATE INDEX statement: "
					+ index.definition(), "Rebuild it by hand"));
		}
		return ContractSql.unsafeFragment(index.definition(), "index definition");
	}
}

package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.RelationChange.CreatePartition;
import dev.tidemark.checks.change.RelationChange.Name;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.PartitioningInfo;

/**
 * The missing RANGE partitions partition-horizon and partition-gap list (name, from, to), as typed changes: each
 * created as a plain table like the parent with a CHECK matching its bound, then attached. What cannot be created
 * that way is refused with the reason and what to do instead.
 */
final class PartitionRepairs {

	/** A RANGE bound the rules print: MINVALUE, MAXVALUE, an integer, a date or a timestamp (UTC offset). */
	private static final Pattern BOUND = Pattern.compile("MINVALUE|MAXVALUE|-?\\d+|\\d{4,}-\\d{2}-\\d{2}"
			+ "( \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?)?([+-]\\d{2}(:?\\d{2}){0,2})?( BC)?");

	private PartitionRepairs() {
	}

	/** The violation with its partitions as changes, or with a manual repair saying why they cannot be made. */
	static Violation withPartitions(Violation v, CatalogSnapshot snapshot, PartitioningInfo p,
			List<Map<String, Object>> missing) {
		if (!v.repair().automatic()) {
			return v;
		}
		try {
			return new Violation(v.ruleId(), v.severity(), v.object(), v.message(),
					ContractFindings.withChanges(v.evidence(), partitions(snapshot, p, missing)), v.repair(),
					v.subject());
		}
		catch (IndexRepairs.Refused refused) {
			return new Violation(v.ruleId(), v.severity(), v.object(), v.message(), v.evidence(), refused.repair(),
					v.subject());
		}
	}

	private static List<CreatePartition> partitions(CatalogSnapshot snapshot, PartitioningInfo p,
			List<Map<String, Object>> missing) {
		String text = p.schema() + "." + p.table();
		if (!"RANGE".equals(p.strategy())) {
			throw new IndexRepairs.Refused(text + " is partitioned by " + p.strategy() + ", which has no FROM/TO bounds",
					"Create the partitions by hand");
		}
		// the snapshot knows whether the default partition has rows, not whether any fall in the new ranges
		if (Boolean.TRUE.equals(p.defaultPartitionHasRows())) {
			throw new IndexRepairs.Refused("The default partition " + p.defaultPartition() + " holds rows; ATTACH "
					+ "fails if any of them fall in a new partition's range, after scanning it under lock",
					"Move those rows into the new partition in one transaction (postgres-catalog.md §2.4), then "
							+ "attach it");
		}
		if (p.keyColumns().size() != 1) {
			throw new IndexRepairs.Refused("Multi-column partition keys are not generated",
					"Create the partitions by hand");
		}
		if (missing == null || missing.isEmpty()) {
			throw new IndexRepairs.Refused("The finding lists no missing partitions", "Scan again");
		}
		Set<String> claimed = new HashSet<>();
		List<CreatePartition> changes = new ArrayList<>();
		for (Map<String, Object> slot : missing) {
			String from = String.valueOf(slot.get("from"));
			String to = String.valueOf(slot.get("to"));
			if (!BOUND.matcher(from).matches() || !BOUND.matcher(to).matches()) {
				throw new IndexRepairs.Refused("The bounds " + from + " .. " + to
						+ " are not a date, timestamp or integer", "Create the partition by hand");
			}
			// a detached old partition may still carry the name: never adopt it with its rows
			String name = IndexRepairs.freeName(snapshot, claimed, p.schema(), String.valueOf(slot.get("name")), "");
			changes.add(new CreatePartition(p.schema(), name, new Name(p.schema(), p.table()), p.keyColumns().get(0),
					from, to, p.defaultPartition()));
		}
		return changes;
	}
}

package dev.tidemark.checks.rules;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.rules.PartitionRanges.Interval;
import dev.tidemark.checks.rules.PartitionRanges.KeyType;
import dev.tidemark.checks.rules.PartitionRanges.Range;
import dev.tidemark.inspection.model.PartitioningInfo;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;

/**
 * Holes between consecutive RANGE partitions (below the highest bound) of a table partitioned on one date,
 * timestamp or integer column: inserts there fail, or land in the default partition.
 * <p>
 * Repair: automatic when every gap of a time-keyed table is a whole number of partition intervals laid end to
 * end from the gap's start (the missing partitions are then as certain as the next month's); otherwise manual,
 * because the bounds are a person's choice.
 */
@Component
final class PartitionGapRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Gap between partitions",
			Severity.HIGH, RuleCategory.HEALTH,
			"Rows whose key falls between two partitions have nowhere to go: the insert fails, or the row lands "
					+ "in the default partition and later blocks creating the partition it belongs to.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "partition-gap";

	private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint", "numeric");

	private static final int MAX_SLOTS_PER_GAP = 1_000;

	@Override
	public List<Violation> evaluate(CheckContext context) {
		List<Violation> violations = new ArrayList<>();
		for (PartitioningInfo p : context.snapshot().partitioning()) {
			Optional<KeyType> time = PartitionRanges.timeKey(p);
			if (time.isPresent()) {
				timeGaps(context, p, time.get()).ifPresent(violations::add);
			}
			else if ("RANGE".equals(p.strategy()) && p.keyColumns().size() == 1
					&& INTEGER_TYPES.contains(p.keyType())) {
				integerGaps(p).ifPresent(violations::add);
			}
		}
		return violations;
	}

	private Optional<Violation> timeGaps(CheckContext context, PartitioningInfo p, KeyType type) {
		List<Range> ranges = PartitionRanges.ranges(p);
		List<Gap> gaps = new ArrayList<>();
		for (int i = 1; i < ranges.size(); i++) {
			Range before = ranges.get(i - 1);
			Range after = ranges.get(i);
			if (before.to().isBefore(after.from())) {
				gaps.add(new Gap(before.partition(), after.partition(), before.toText(), after.fromText()));
			}
		}
		if (gaps.isEmpty()) {
			return Optional.empty();
		}
		Optional<Contract.PartitioningExpectation> expected = HealthSupport
			.tableExpectation(context, p.schema(), p.table())
			.map(Contract.TableExpectation::partitioning);
		Optional<Interval> interval = expected.flatMap(e -> Interval.parse(e.interval()))
			.or(() -> Optional.ofNullable(p.partman()).flatMap(pm -> Interval.parse(pm.interval())))
			.or(() -> Interval.infer(ranges));
		// fill each gap with whole intervals from its start; any remainder makes the repair a person's job
		List<Map<String, Object>> missing = new ArrayList<>();
		boolean whole = interval.isPresent();
		if (interval.isPresent()) {
			Function<LocalDateTime, String> namer = PartitionRanges.namer(p.table(),
					expected.map(Contract.PartitioningExpectation::namePattern).orElse(null), ranges, interval.get());
			for (Gap gap : gaps) {
				LocalDateTime from = PartitionRanges.parse(gap.from());
				LocalDateTime to = PartitionRanges.parse(gap.to());
				LocalDateTime t = from;
				int slots = 0;
				while (t.isBefore(to) && slots++ < MAX_SLOTS_PER_GAP) {
					LocalDateTime next = interval.get().plus(t, 1);
					missing.add(evidence("name", namer.apply(t), "from", PartitionRanges.literal(t, type), "to",
							PartitionRanges.literal(next, type)));
					t = next;
				}
				whole &= t.equals(to);
			}
		}
		List<Map<String, Object>> fill = whole ? missing : null;
		return Optional.of(PartitionRepairs.withPartitions(
				violation(p, gaps, interval.map(Interval::label).orElse(null), fill), context.snapshot(), p, fill));
	}

	private Optional<Violation> integerGaps(PartitioningInfo p) {
		record Bounds(String partition, BigDecimal from, BigDecimal to, String fromText, String toText) {
		}
		List<Bounds> bounds = new ArrayList<>();
		for (PartitioningInfo.Partition partition : p.partitions()) {
			BigDecimal from = number(partition.from());
			BigDecimal to = number(partition.to());
			if (from != null && to != null) {
				bounds.add(new Bounds(partition.name(), from, to, partition.from(), partition.to()));
			}
		}
		bounds.sort(Comparator.comparing(Bounds::from));
		List<Gap> gaps = new ArrayList<>();
		for (int i = 1; i < bounds.size(); i++) {
			if (bounds.get(i - 1).to().compareTo(bounds.get(i).from()) < 0) {
				gaps.add(new Gap(bounds.get(i - 1).partition(), bounds.get(i).partition(), bounds.get(i - 1).toText(),
						bounds.get(i).fromText()));
			}
		}
		return gaps.isEmpty() ? Optional.empty() : Optional.of(violation(p, gaps, null, null));
	}

	private static BigDecimal number(String text) {
		if (text == null) {
			return null;
		}
		// MINVALUE and MAXVALUE sit at the ends and never bound a gap
		try {
			return new BigDecimal(text.strip());
		}
		catch (NumberFormatException e) {
			return null;
		}
	}

	private Violation violation(PartitioningInfo p, List<Gap> gaps, String interval,
			List<Map<String, Object>> missing) {
		String table = p.schema() + "." + p.table();
		boolean hasDefault = p.defaultPartition() != null;
		List<Map<String, Object>> gapEvidence = gaps.stream()
			.map(g -> evidence("from", g.from(), "to", g.to(), "after", g.after(), "before", g.before()))
			.toList();
		Gap first = gaps.get(0);
		String message = "Partitions of " + table + " leave " + HealthSupport.plural(gaps.size(), "gap", "gaps")
				+ ": " + first.from() + " .. " + first.to() + (gaps.size() > 1 ? " and more" : "")
				+ " has no partition, so " + (hasDefault ? "rows there land in the default partition "
						+ p.defaultPartition() : "inserts there fail");
		Repair repair = missing != null
				? Repair.automatic("Create and attach " + HealthSupport.plural(missing.size(), "partition", "partitions")
						+ " of " + interval + " that fill the gaps exactly, each created as a table and then "
						+ "attached" + (hasDefault ? "; rows the default partition holds for these ranges must "
								+ "move first" : "")
						+ ".")
				: Repair.manual("The gaps are not whole partition intervals"
						+ (interval == null ? " (no interval could be inferred)" : "")
						+ ", so the bounds of the partitions that close them must be chosen by a person.",
						"Create partitions whose bounds meet the neighbours exactly (FROM the lower neighbour's upper "
								+ "bound TO the upper neighbour's lower bound), then ATTACH PARTITION.");
		return Violation.of(this, ObjectRef.table(p.schema(), p.table()), message,
				evidence("table", table, "partitionKey", p.keyColumns().get(0), "keyType", p.keyType(), "gaps",
						gapEvidence, "gapCount", gaps.size(), "interval", interval, "defaultPartition",
						p.defaultPartition(), "missingPartitions", missing),
				repair);
	}

	private record Gap(String after, String before, String from, String to) {
	}
}

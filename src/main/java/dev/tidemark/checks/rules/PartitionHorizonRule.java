package dev.tidemark.checks.rules;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.rules.PartitionRanges.Fill;
import dev.tidemark.checks.rules.PartitionRanges.Interval;
import dev.tidemark.checks.rules.PartitionRanges.KeyType;
import dev.tidemark.checks.rules.PartitionRanges.Range;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.PartitioningInfo;
import dev.tidemark.inspection.model.TableInfo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;

/**
 * Whether the partitions of a table RANGE-partitioned on one date/timestamp column cover now and reach far
 * enough ahead. CRITICAL when nothing covers now (inserts fail), HIGH when a default partition catches those rows
 * or when the back-to-back run of partitions from now ends before now + premake intervals. Premake comes from the
 * contract, else pg_partman, else the settings; the interval from the contract, else pg_partman, else the bounds.
 * Sub-partitions are left to their parent: their range ends by design.
 */
@Component
final class PartitionHorizonRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Partitions do not reach far enough ahead",
			Severity.CRITICAL, RuleCategory.HEALTH,
			"An insert whose key no partition covers fails (or lands in the default partition, which then blocks "
					+ "creating that partition); partitions created just in time compete with traffic for their lock.",
			true);

	@Override
	public boolean readsClock() {
		return true;
	}

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "partition-horizon";

	/** At most this many missing partitions are listed in the evidence; the count is always exact. */
	static final int LISTED = 60;

	private static final int MAX_SLOTS = 100_000;

	@Override
	public List<Violation> evaluate(CheckContext context) {
		Memo memo = MEMOS.get(context.snapshot(), Memo::new);
		List<Violation> violations = new ArrayList<>();
		for (PartitioningInfo p : context.snapshot().partitioning()) {
			Optional<KeyType> type = PartitionRanges.timeKey(p);
			if (type.isEmpty() || memo.subPartitions().contains(p.key())) {
				continue;
			}
			evaluate(context, p, type.get(), memo.made()).ifPresent(violations::add);
		}
		return violations;
	}

	/**
	 * Per snapshot (weak keys compare by identity, so an unchanged catalog's scans share it): its sub-partitions,
	 * and each partitioned table's last finding with the situation it was made in. The clock moves every scan, the
	 * situation rarely: a finding is rebuilt only when its situation changes.
	 */
	private static final Cache<CatalogSnapshot, Memo> MEMOS = Caffeine.newBuilder().weakKeys().build();

	private record Memo(Set<String> subPartitions, Map<PartitioningInfo, Made> made) {

		Memo(CatalogSnapshot snapshot) {
			this(snapshot.tables().stream().filter(TableInfo::isPartition).map(TableInfo::key)
				.collect(Collectors.toUnmodifiableSet()), Collections.synchronizedMap(new IdentityHashMap<>()));
		}
	}

	private record Made(Situation situation, Violation violation) {
	}

	/**
	 * Everything a table's finding is made of besides the table (and its snapshot): what the clock decided (whether a
	 * partition holds now, where the back-to-back run ends, where filling starts, the end of the slot the horizon
	 * falls in) and what the contract and settings decided. Equal situations make equal findings.
	 */
	private record Situation(KeyType type, Optional<Contract.PartitioningExpectation> expected,
			Settled<Interval> interval, Settled<Integer> premake, Optional<LocalDateTime> end,
			@Nullable LocalDateTime start, @Nullable LocalDateTime mustCoverUntil) {
	}

	private Optional<Violation> evaluate(CheckContext context, PartitioningInfo p, KeyType type,
			Map<PartitioningInfo, Made> made) {
		List<Range> ranges = PartitionRanges.ranges(p);
		Optional<Contract.PartitioningExpectation> expected = HealthSupport
			.tableExpectation(context, p.schema(), p.table())
			.map(Contract.TableExpectation::partitioning);
		Settled<Interval> interval = interval(expected, p, ranges);
		Settled<Integer> premake = premake(context, expected, p);
		LocalDateTime now = PartitionRanges.now(context.now(), type);
		Optional<LocalDateTime> end = PartitionRanges.contiguousEnd(ranges, now);
		Optional<LocalDateTime> target = Optional.ofNullable(interval.value())
			.map(i -> i.plus(now, premake.value()));

		boolean coversNow = end.isPresent();
		if (coversNow && (target.isEmpty() || end.get().isAfter(target.get()))) {
			// covered now and far enough ahead, or no interval to measure "ahead" in
			return Optional.empty();
		}
		LocalDateTime start = null;
		LocalDateTime mustCoverUntil = null;
		if (interval.value() != null) {
			start = coversNow ? end.get() : start(ranges, now, interval.value());
			mustCoverUntil = slotEnd(start, target.get(), interval.value());
		}
		Situation situation = new Situation(type, expected, interval, premake, end, start, mustCoverUntil);
		Made last = made.get(p);
		if (last != null && last.situation().equals(situation)) {
			return Optional.of(last.violation());
		}
		Violation violation = violation(context.snapshot(), p, ranges, situation);
		made.put(p, new Made(situation, violation));
		return Optional.of(violation);
	}

	/** The finding a situation makes. */
	private Violation violation(CatalogSnapshot snapshot, PartitioningInfo p, List<Range> ranges, Situation s) {
		KeyType type = s.type();
		Settled<Interval> interval = s.interval();
		Settled<Integer> premake = s.premake();
		boolean coversNow = s.end().isPresent();
		boolean hasDefault = p.defaultPartition() != null;
		Severity severity = coversNow || hasDefault ? Severity.HIGH : Severity.CRITICAL;

		Fill fill = null;
		if (interval.value() != null) {
			Function<LocalDateTime, String> namer = PartitionRanges.namer(p.table(),
					s.expected().map(Contract.PartitioningExpectation::namePattern).orElse(null), ranges,
					interval.value());
			// the grid's slots that begin before mustCoverUntil: those that begin at or before now + premake
			fill = PartitionRanges.fill(ranges, s.start(), s.mustCoverUntil().minusNanos(1), interval.value(), namer,
					MAX_SLOTS);
		}

		String table = p.schema() + "." + p.table();
		String highest = ranges.stream()
			.max(Comparator.comparing(Range::to))
			.map(Range::toText)
			.orElse(null);
		String message;
		if (!coversNow) {
			message = "No partition of " + table + " covers the current time: "
					+ (hasDefault ? "rows land in the default partition " + p.defaultPartition()
							: "every insert dated now fails")
					+ (highest == null ? "" : "; the partitions end at " + highest);
		}
		else {
			message = "Partitions of " + table + " reach only " + PartitionRanges.literal(s.end().get(), type)
					+ ", short of the " + interval.value().times(premake.value()).label() + " ahead they should cover";
		}

		List<String> missingLabels = fill == null ? null
				: fill.missing().stream().limit(LISTED)
					.map(slot -> PartitionRanges.label(slot.from(), interval.value()))
					.toList();
		List<Map<String, Object>> missingPartitions = fill == null ? null
				: fill.missing().stream().limit(LISTED)
					.map(slot -> evidence("name", slot.name(), "from",
							PartitionRanges.literal(slot.from(), type), "to", PartitionRanges.literal(slot.to(), type)))
					.toList();
		Map<String, Object> evidence = evidence("table", table, "partitionKey", p.keyColumns().get(0), "keyType",
				p.keyType(), "partitions", ranges.size(), "highestBound", highest, "interval",
				interval.value() == null ? null : interval.value().label(), "intervalSource", interval.source(),
				"premake", premake.value(), "premakeSource", premake.source(), "coversNow", coversNow,
				"coveredUntil", s.end().map(e -> PartitionRanges.literal(e, type)).orElse(null),
				"mustCoverUntil", s.mustCoverUntil() == null ? null : PartitionRanges.literal(s.mustCoverUntil(), type),
				"defaultPartition", p.defaultPartition(), "rowsLandInDefaultPartition",
				!coversNow && hasDefault ? true : null, "missing", missingLabels, "missingPartitions",
				missingPartitions, "missingCount", fill == null ? null : fill.missing().size(), "boundsNote",
				type == KeyType.TIMESTAMP ? "timestamp without time zone bounds are read as UTC" : null,
				"irregularBounds", fill != null && fill.irregular() ? true : null);
		return PartitionRepairs.withPartitions(Violation.of(this, ObjectRef.table(p.schema(), p.table()),
				message, evidence, repair(fill, interval, missingLabels, hasDefault))
			.withSeverity(severity), snapshot, p, missingPartitions);
	}

	private static Repair repair(Fill fill, Settled<Interval> interval, List<String> labels, boolean hasDefault) {
		if (fill == null) {
			return Repair.manual("The partition interval cannot be inferred from the bounds.",
					"Name the interval in the contract (tables[].partitioning.interval, e.g. 1 month) and scan again, "
							+ "or create the partitions by hand.");
		}
		if (fill.irregular()) {
			return Repair.manual("Existing partition bounds are off the " + interval.value().label()
					+ " grid, so the new bounds must be chosen by a person.",
					"Create the missing partitions by hand with bounds that meet the existing ones.");
		}
		if (fill.missing().size() > LISTED) {
			// a bounded plan that stopped short of now would leave the finding open after an "applied" repair
			return Repair.manual("Reaching now and the horizon takes " + fill.missing().size()
					+ " partitions; one repair creates at most " + LISTED + ", which would not reach now",
					"Create the partitions with a script or pg_partman (partman.create_parent / run_maintenance), or "
							+ "drop or archive the old partitioning and start the ranges near now; then scan again.");
		}
		String range = labels.isEmpty() ? "" : " (" + labels.get(0)
				+ (fill.missing().size() > 1 ? " through " + labels.get(labels.size() - 1) : "")
				+ ")";
		return Repair.automatic("Create and attach " + HealthSupport.plural(fill.missing().size(),
				"missing partition", "missing partitions") + range
				+ ": each is created as a table, then attached with ATTACH PARTITION, which locks the parent only "
				+ "briefly" + (hasDefault ? "; rows the default partition holds for these ranges must move first"
						: "")
				+ ".");
	}

	/**
	 * The end of the slot, on the grid from {@code start}, that holds {@code target}: what the partitions must reach.
	 * Shown instead of {@code target} itself (now + premake intervals), which moves every second: a finding's
	 * content changes when the target's partitions or the slot change, not at every scan.
	 */
	private static LocalDateTime slotEnd(LocalDateTime start, LocalDateTime target, Interval interval) {
		LocalDateTime t = start;
		for (int i = 0; i < MAX_SLOTS && !t.isAfter(target); i++) {
			t = interval.plus(t, 1);
		}
		return t;
	}

	/** Where the run to fill starts when nothing covers now: the last bound at or before now, on the grid. */
	private static LocalDateTime start(List<Range> ranges, LocalDateTime now, Interval interval) {
		Optional<LocalDateTime> lastEnd = ranges.stream()
			.map(Range::to)
			.filter(t -> !t.isAfter(now) && !t.equals(PartitionRanges.MIN))
			.max(Comparator.naturalOrder());
		if (lastEnd.isPresent()) {
			return lastEnd.get();
		}
		if (!ranges.isEmpty() && !ranges.get(0).from().equals(PartitionRanges.MIN)) {
			// every partition lies ahead: step back from the first one onto now's slot
			LocalDateTime t = ranges.get(0).from();
			for (int i = 0; i < MAX_SLOTS && t.isAfter(now); i++) {
				t = interval.plus(t, -1);
			}
			return t;
		}
		return interval.floor(now);
	}

	private static Settled<Interval> interval(Optional<Contract.PartitioningExpectation> expected,
			PartitioningInfo p, List<Range> ranges) {
		Optional<Interval> fromContract = expected.flatMap(e -> Interval.parse(e.interval()));
		if (fromContract.isPresent()) {
			return new Settled<>(fromContract.get(), "contract");
		}
		Optional<Interval> fromPartman = Optional.ofNullable(p.partman()).flatMap(pm -> Interval.parse(pm.interval()));
		if (fromPartman.isPresent()) {
			return new Settled<>(fromPartman.get(), "pg_partman");
		}
		return Interval.infer(ranges)
			.map(i -> new Settled<>(i, "partition bounds"))
			.orElse(new Settled<>(null, null));
	}

	private static Settled<Integer> premake(CheckContext context, Optional<Contract.PartitioningExpectation> expected,
			PartitioningInfo p) {
		Optional<Integer> fromContract = expected.map(Contract.PartitioningExpectation::premake);
		if (fromContract.isPresent()) {
			return new Settled<>(fromContract.get(), "contract");
		}
		if (p.partman() != null && p.partman().premake() != null) {
			return new Settled<>(p.partman().premake(), "pg_partman");
		}
		return new Settled<>(context.settings().partitionPremake(), "settings");
	}

	/** A value and where it came from. */
	private record Settled<T>(T value, String source) {
	}
}

package dev.tidemark.checks.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.inspection.model.PartitioningInfo;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.contractWithTable;
import static dev.tidemark.checks.rules.HealthTestSnapshots.months;
import static dev.tidemark.checks.rules.HealthTestSnapshots.partition;
import static dev.tidemark.checks.rules.HealthTestSnapshots.rangePartitioned;
import static dev.tidemark.checks.rules.HealthTestSnapshots.snapshot;
import static dev.tidemark.checks.rules.HealthTestSnapshots.tableExpectation;
import static org.assertj.core.api.Assertions.assertThat;

/** "Now" is 2026-11-21T12:00:00Z throughout. */
class PartitionHorizonRuleTests {

	private static final String TSTZ = "timestamp with time zone";

	private final PartitionHorizonRule rule = new PartitionHorizonRule();

	/** Scenario 2: monthly partitions 2024-09 through 2026-10, none for the current month. */
	private final PartitioningInfo messages = rangePartitioned("public", "messages", "timestamp", TSTZ, null, null, null,
			months("messages", 2024, 9, 26));

	@Test
	void describesItself() {
		assertThat(rule.id()).isEqualTo("partition-horizon");
		assertThat(rule.defaultSeverity()).isEqualTo(Severity.CRITICAL);
	}

	@Test
	void nothingCoversNowAndTheContractWantsTwelveMonthsAhead() {
		Contract contract = contractWithTable(tableExpectation("public.messages", null,
				new Contract.PartitioningExpectation("timestamp", "1 month", 12, "messages_{yyyy}_{MM}")));
		Violation v = single(snapshot().partitioning(messages).context(contract));
		assertThat(v.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(v.object()).isEqualTo(ObjectRef.table("public", "messages"));
		assertThat(v.message()).isEqualTo("No partition of public.messages covers the current time: every insert dated "
				+ "now fails; the partitions end at 2026-11-01 00:00:00+00");
		assertThat(v.evidence()).containsEntry("partitions", 26)
			.containsEntry("highestBound", "2026-11-01 00:00:00+00")
			.containsEntry("interval", "1 month")
			.containsEntry("intervalSource", "contract")
			.containsEntry("premake", 12)
			.containsEntry("premakeSource", "contract")
			.containsEntry("coversNow", false)
			// the end of the month holding now + 12 months: where the partitions must reach
			.containsEntry("mustCoverUntil", "2027-12-01 00:00:00+00")
			.containsEntry("missingCount", 13)
			.containsEntry("missing", List.of("2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05",
					"2027-06", "2027-07", "2027-08", "2027-09", "2027-10", "2027-11"))
			.doesNotContainKey("coveredUntil")
			.doesNotContainKey("defaultPartition");
		assertThat(missingPartitions(v)).first()
			.isEqualTo(Map.of("name", "messages_2026_11", "from", "2026-11-01 00:00:00+00", "to", "2026-12-01 00:00:00+00"));
		assertThat(missingPartitions(v)).last()
			.isEqualTo(Map.of("name", "messages_2027_11", "from", "2027-11-01 00:00:00+00", "to", "2027-12-01 00:00:00+00"));
		assertThat(v.repair().automatic()).isTrue();
		assertThat(v.repair().summary()).startsWith("Create and attach 13 missing partitions (2026-11 through 2027-11)");
	}

	@Test
	void partitionsThatEndedLongAgoAreNotRepairedByAPlanThatCannotReachNow() {
		PartitioningInfo ancient = rangePartitioned("public", "readings", "taken_at", TSTZ, null, null, null,
				months("readings", 2004, 1, 36));
		Violation v = single(snapshot().partitioning(ancient).context());
		assertThat(v.evidence()).containsEntry("coversNow", false);
		assertThat((Integer) v.evidence().get("missingCount")).isGreaterThan(PartitionHorizonRule.LISTED);
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().summary()).startsWith("Reaching now and the horizon takes ")
			.endsWith("one repair creates at most 60, which would not reach now");
	}

	@Test
	void withoutAContractTheIntervalComesFromTheBoundsAndPremakeFromTheSettings() {
		Violation v = single(snapshot().partitioning(messages).context());
		assertThat(v.evidence()).containsEntry("intervalSource", "partition bounds")
			.containsEntry("premake", 3)
			.containsEntry("premakeSource", "settings")
			.containsEntry("missing", List.of("2026-11", "2026-12", "2027-01", "2027-02"));
		// names follow the newest partition's pattern
		assertThat(missingPartitions(v)).extracting(m -> m.get("name"))
			.containsExactly("messages_2026_11", "messages_2026_12", "messages_2027_01", "messages_2027_02");
	}

	@Test
	void aDefaultPartitionCatchesTheRowsSoItIsHigh() {
		PartitioningInfo withDefault = rangePartitioned("public", "messages", "timestamp", TSTZ, "messages_default",
				false, null, months("messages", 2026, 1, 10));
		Violation v = single(snapshot().partitioning(withDefault).context());
		assertThat(v.severity()).isEqualTo(Severity.HIGH);
		assertThat(v.message()).contains("rows land in the default partition public.messages_default");
		assertThat(v.evidence()).containsEntry("rowsLandInDefaultPartition", true)
			.containsEntry("defaultPartition", "public.messages_default");
		assertThat(v.repair().summary()).contains("default partition holds for these ranges must move first");
	}

	@Test
	void coveredNowButNotFarEnoughAheadIsHigh() {
		PartitioningInfo shortRun = rangePartitioned("public", "api_logs", "timestamp", TSTZ, null, null, null,
				months("api_logs", 2026, 10, 3));
		Violation v = single(snapshot().partitioning(shortRun).context());
		assertThat(v.severity()).isEqualTo(Severity.HIGH);
		assertThat(v.message()).isEqualTo(
				"Partitions of public.api_logs reach only 2027-01-01 00:00:00+00, short of the 3 months ahead they should cover");
		assertThat(v.evidence()).containsEntry("coversNow", true)
			.containsEntry("coveredUntil", "2027-01-01 00:00:00+00")
			.containsEntry("missing", List.of("2027-01", "2027-02"));
	}

	@Test
	void quietWhenTheRunReachesPastNowPlusPremake() {
		// through February: now + 3 months (2027-02-21) is covered
		assertThat(rule.evaluate(snapshot()
			.partitioning(rangePartitioned("public", "api_logs", "timestamp", TSTZ, null, null, null,
					months("api_logs", 2026, 10, 5)))
			.context())).isEmpty();
		// through January only: it is not
		assertThat(rule.evaluate(snapshot()
			.partitioning(rangePartitioned("public", "api_logs", "timestamp", TSTZ, null, null, null,
					months("api_logs", 2026, 10, 4)))
			.context())).hasSize(1);
	}

	@Test
	void aGapAheadShortensTheRun() {
		String[] parts = concat(months("ledger", 2026, 11, 2), months("ledger", 2027, 2, 6));
		Violation v = single(snapshot().partitioning(rangePartitioned("part", "ledger", "at", TSTZ, null, null, null, parts))
			.context());
		assertThat(v.evidence()).containsEntry("coveredUntil", "2027-01-01 00:00:00+00")
			.containsEntry("missing", List.of("2027-01"));
	}

	@Test
	void pgPartmansPremakeAndIntervalCountWhenTheContractIsSilent() {
		PartitioningInfo managed = rangePartitioned("public", "events", "created_at", TSTZ, null, null,
				new PartitioningInfo.Partman("1 mon", 6, "native", "on"), months("events_p", 2026, 9, 6));
		Violation v = single(snapshot().partitioning(managed).context());
		assertThat(v.evidence()).containsEntry("premake", 6)
			.containsEntry("premakeSource", "pg_partman")
			.containsEntry("intervalSource", "pg_partman")
			.containsEntry("missing", List.of("2027-03", "2027-04", "2027-05"));
	}

	@Test
	void understandsDailyPartitionsOfADateKey() {
		List<String> days = new ArrayList<>();
		for (int d = 15; d <= 21; d++) {
			days.addAll(List.of(String.format("visits_%04d%02d%02d", 2026, 11, d), String.format("2026-11-%02d", d),
					String.format("2026-11-%02d", d + 1)));
		}
		Violation v = single(snapshot()
			.partitioning(rangePartitioned("web", "visits", "day", "date", null, null, null, days.toArray(String[]::new)))
			.context());
		assertThat(v.severity()).isEqualTo(Severity.HIGH);
		assertThat(v.evidence()).containsEntry("interval", "1 day")
			.containsEntry("missing", List.of("2026-11-22", "2026-11-23", "2026-11-24"));
		assertThat(missingPartitions(v)).first()
			.isEqualTo(Map.of("name", "visits_20261122", "from", "2026-11-22", "to", "2026-11-23"));
	}

	@Test
	void understandsWeeklyPartitionsOfATimestampKeyReadAsUtc() {
		// ISO weeks, Monday to Monday; 2026-11-16 is a Monday
		Violation v = single(snapshot()
			.partitioning(rangePartitioned("app", "metrics", "at", "timestamp without time zone", null, null, null,
					"metrics_p2026w46", "2026-11-09 00:00:00", "2026-11-16 00:00:00", "metrics_p2026w47",
					"2026-11-16 00:00:00", "2026-11-23 00:00:00"))
			.context());
		assertThat(v.evidence()).containsEntry("interval", "1 week")
			.containsEntry("boundsNote", "timestamp without time zone bounds are read as UTC")
			.containsEntry("missingCount", 3);
		assertThat(missingPartitions(v)).extracting(m -> m.get("name"))
			.containsExactly("metrics_p2026w48", "metrics_p2026w49", "metrics_p2026w50");
	}

	@Test
	void understandsYearlyPartitions() {
		Violation v = single(snapshot()
			.partitioning(rangePartitioned("app", "archive", "at", TSTZ, null, null, null, "archive_2025",
					"2025-01-01 00:00:00+00", "2026-01-01 00:00:00+00"))
			.context());
		// premake counts intervals: three years ahead of 2026
		assertThat(v.evidence()).containsEntry("interval", "1 year")
			.containsEntry("missing", List.of("2026", "2027", "2028", "2029"));
		assertThat(missingPartitions(v)).extracting(m -> m.get("name"))
			.containsExactly("archive_2026", "archive_2027", "archive_2028", "archive_2029");
	}

	@Test
	void noPartitionsAtAllStartAtTheCurrentMonth() {
		Contract contract = contractWithTable(tableExpectation("public.messages", null,
				new Contract.PartitioningExpectation("timestamp", "monthly", 1, null)));
		Violation v = single(snapshot().partitioning(rangePartitioned("public", "messages", "timestamp", TSTZ, null, null,
				null)).context(contract));
		assertThat(v.evidence()).containsEntry("partitions", 0).doesNotContainKey("highestBound");
		assertThat(missingPartitions(v)).extracting(m -> m.get("name"), m -> m.get("from"))
			.containsExactly(org.assertj.core.groups.Tuple.tuple("messages_p2026_11", "2026-11-01 00:00:00+00"),
					org.assertj.core.groups.Tuple.tuple("messages_p2026_12", "2026-12-01 00:00:00+00"));
	}

	@Test
	void withoutAnIntervalTheRepairNeedsOne() {
		Violation v = single(snapshot()
			.partitioning(rangePartitioned("app", "old", "at", TSTZ, null, null, null, "old_all", "MINVALUE",
					"2026-01-01 00:00:00+00"))
			.context());
		assertThat(v.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(v.evidence()).doesNotContainKey("interval").doesNotContainKey("missing");
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().instead()).contains("tables[].partitioning.interval");
	}

	@Test
	void boundsOffTheGridNeedAPerson() {
		String[] parts = concat(months("t", 2026, 10, 2),
				new String[] { "t_odd", "2026-12-15 00:00:00+00", "2027-01-15 00:00:00+00" });
		Violation v = single(snapshot().partitioning(rangePartitioned("app", "t", "at", TSTZ, null, null, null, parts))
			.context());
		assertThat(v.evidence()).containsEntry("irregularBounds", true);
		assertThat(v.repair().automatic()).isFalse();
	}

	@Test
	void leavesOutSubPartitionsListPartitioningAndExpressionKeys() {
		PartitioningInfo sub = rangePartitioned("app", "events_2025", "at", TSTZ, null, null, null,
				months("events_2025", 2025, 1, 12));
		PartitioningInfo list = new PartitioningInfo("app", "by_region", "LIST", "LIST (region)", List.of("region"),
				"text", null, null, List.of(), null);
		PartitioningInfo expression = new PartitioningInfo("app", "by_day", "RANGE", "RANGE (((at)::date))", List.of(),
				"date", null, null, List.of(), null);
		assertThat(rule.evaluate(snapshot().table(partition("app", "events_2025", "app.events"))
			.partitioning(sub)
			.partitioning(list)
			.partitioning(expression)
			.context())).isEmpty();
	}

	@Test
	void theFindingStaysTheSameWhileTheClockMovesWithinItsSlot() {
		// scans minutes or days apart find the same finding, content and all: nothing rewrites it at every scan
		Contract contract = contractWithTable(tableExpectation("public.messages", null,
				new Contract.PartitioningExpectation("timestamp", "1 month", 12, "messages_{yyyy}_{MM}")));
		CheckContext context = snapshot().partitioning(messages).context(contract);
		Violation atNoon = single(context);
		Violation nineDaysLater = single(at(context, "2026-11-30T23:59:59Z"));
		// made once per situation for a snapshot (an unchanged catalog's scans share it), and equal to a fresh one
		assertThat(nineDaysLater).isSameAs(atNoon)
			.isEqualTo(single(at(snapshot().partitioning(messages).context(contract), "2026-11-30T23:59:59Z")));
		// the next month is a different slot: one more partition is missing and the horizon moves with it
		Violation nextMonth = single(at(context, "2026-12-01T00:00:00Z"));
		assertThat(nextMonth.evidence()).containsEntry("missingCount", 14)
			.containsEntry("mustCoverUntil", "2028-01-01 00:00:00+00");
		assertThat(nextMonth).isEqualTo(single(at(snapshot().partitioning(messages).context(contract),
				"2026-12-01T00:00:00Z")));
	}

	private static CheckContext at(CheckContext context, String instant) {
		return new CheckContext(context.snapshot(), context.expectations(), null, Instant.parse(instant),
				context.settings());
	}

	private Violation single(CheckContext context) {
		List<Violation> violations = rule.evaluate(context);
		assertThat(violations).hasSize(1);
		return violations.get(0);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> missingPartitions(Violation v) {
		return (List<Map<String, Object>>) v.evidence().get("missingPartitions");
	}

	private static String[] concat(String[] a, String[] b) {
		List<String> all = new ArrayList<>(Arrays.asList(a));
		all.addAll(Arrays.asList(b));
		return all.toArray(String[]::new);
	}
}

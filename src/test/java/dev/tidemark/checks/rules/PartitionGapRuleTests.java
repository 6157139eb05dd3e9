package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.model.PartitioningInfo;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.months;
import static dev.tidemark.checks.rules.HealthTestSnapshots.rangePartitioned;
import static dev.tidemark.checks.rules.HealthTestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class PartitionGapRuleTests {

	private static final String TSTZ = "timestamp with time zone";

	private final PartitionGapRule rule = new PartitionGapRule();

	@Test
	void describesItself() {
		assertThat(rule.id()).isEqualTo("partition-gap");
		assertThat(rule.defaultSeverity()).isEqualTo(Severity.HIGH);
	}

	@Test
	void aGapOfWholeMonthsIsFilledAutomatically() {
		Violation v = single(rangePartitioned("part", "ledger", "booked_at", TSTZ, null, null, null,
				concat(months("ledger", 2026, 6, 3), months("ledger", 2026, 10, 6))));
		assertThat(v.message()).isEqualTo("Partitions of part.ledger leave 1 gap: 2026-09-01 00:00:00+00 .. "
				+ "2026-10-01 00:00:00+00 has no partition, so inserts there fail");
		assertThat(v.evidence()).containsEntry("gapCount", 1)
			.containsEntry("interval", "1 month")
			.containsEntry("gaps", List.of(Map.of("from", "2026-09-01 00:00:00+00", "to", "2026-10-01 00:00:00+00",
					"after", "ledger_2026_08", "before", "ledger_2026_10")))
			.containsEntry("missingPartitions", List.of(Map.of("name", "ledger_2026_09", "from",
					"2026-09-01 00:00:00+00", "to", "2026-10-01 00:00:00+00")));
		assertThat(v.repair().automatic()).isTrue();
		assertThat(v.repair().summary()).startsWith("Create and attach 1 partition of 1 month");
	}

	@Test
	void aGapThatIsNotWholeIntervalsNeedsAPersonAndGapsAreOneFinding() {
		String[] parts = concat(months("ledger", 2026, 1, 2), new String[] { "ledger_odd", "2026-03-15 00:00:00+00",
				"2026-04-01 00:00:00+00" }, months("ledger", 2026, 5, 2));
		Violation v = single(rangePartitioned("part", "ledger", "booked_at", TSTZ, "ledger_default", false, null, parts));
		assertThat(v.evidence()).containsEntry("gapCount", 2).doesNotContainKey("missingPartitions");
		assertThat(v.message()).contains("and more", "rows there land in the default partition part.ledger_default");
		assertThat(v.repair().automatic()).isFalse();
	}

	@Test
	void findsGapsInIntegerRanges() {
		PartitioningInfo ids = new PartitioningInfo("app", "items", "RANGE", "RANGE (id)", List.of("id"), "bigint", null,
				null, List.of(partition("items_1", "0", "1000"), partition("items_3", "2000", "3000"),
						partition("items_top", "3000", "MAXVALUE")),
				null);
		Violation v = single(ids);
		assertThat(v.evidence()).containsEntry("gaps",
				List.of(Map.of("from", "1000", "to", "2000", "after", "items_1", "before", "items_3")));
		assertThat(v.repair().automatic()).isFalse();
	}

	@Test
	void quietWithoutGaps() {
		assertThat(rule.evaluate(snapshot()
			.partitioning(rangePartitioned("part", "ledger", "booked_at", TSTZ, null, null, null,
					concat(new String[] { "ledger_old", "MINVALUE", "2026-01-01 00:00:00+00" }, months("ledger", 2026, 1, 3))))
			.context())).isEmpty();
	}

	private Violation single(PartitioningInfo p) {
		List<Violation> violations = rule.evaluate(snapshot().partitioning(p).context());
		assertThat(violations).hasSize(1);
		return violations.get(0);
	}

	private static PartitioningInfo.Partition partition(String name, String from, String to) {
		return new PartitioningInfo.Partition("app", name, "FOR VALUES FROM (" + from + ") TO (" + to + ")", from, to,
				false);
	}

	private static String[] concat(String[]... arrays) {
		List<String> all = new ArrayList<>();
		for (String[] a : arrays) {
			all.addAll(Arrays.asList(a));
		}
		return all.toArray(String[]::new);
	}
}

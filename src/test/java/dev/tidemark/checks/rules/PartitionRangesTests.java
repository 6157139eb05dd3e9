package dev.tidemark.checks.rules;

import java.time.LocalDateTime;
import java.util.List;

import dev.tidemark.checks.rules.PartitionRanges.Interval;
import dev.tidemark.checks.rules.PartitionRanges.Range;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionRangesTests {

	@Test
	void parsesBoundLiteralsAsUtc() {
		assertThat(PartitionRanges.parse("2026-11-01")).isEqualTo(LocalDateTime.of(2026, 11, 1, 0, 0));
		assertThat(PartitionRanges.parse("2026-11-01 00:00:00")).isEqualTo(LocalDateTime.of(2026, 11, 1, 0, 0));
		assertThat(PartitionRanges.parse("2026-02-01 10:00:00.5")).isEqualTo(LocalDateTime.of(2026, 2, 1, 10, 0, 0, 500_000_000));
		assertThat(PartitionRanges.parse("2026-11-01 00:00:00+00")).isEqualTo(LocalDateTime.of(2026, 11, 1, 0, 0));
		assertThat(PartitionRanges.parse("2026-11-01 02:00:00+02")).isEqualTo(LocalDateTime.of(2026, 11, 1, 0, 0));
		assertThat(PartitionRanges.parse("2026-11-01 00:00:00-05:30")).isEqualTo(LocalDateTime.of(2026, 11, 1, 5, 30));
		assertThat(PartitionRanges.parse("MINVALUE")).isEqualTo(PartitionRanges.MIN);
		assertThat(PartitionRanges.parse("-infinity")).isEqualTo(PartitionRanges.MIN);
		assertThat(PartitionRanges.parse("infinity")).isEqualTo(PartitionRanges.MAX);
		assertThat(PartitionRanges.parse("0001-01-01 00:00:00+00 BC")).isEqualTo(PartitionRanges.MIN);
		assertThat(PartitionRanges.parse("1000")).isNull();
		assertThat(PartitionRanges.parse("'2026-11-01', 5")).isNull();
	}

	@Test
	void parsesIntervalsAsTheContractAndPgPartmanWriteThem() {
		assertThat(Interval.parse("1 month")).hasValue(new Interval(1, 0, 0));
		assertThat(Interval.parse("1 mon")).hasValue(new Interval(1, 0, 0));
		assertThat(Interval.parse("monthly")).hasValue(new Interval(1, 0, 0));
		assertThat(Interval.parse("3 months")).hasValue(new Interval(3, 0, 0));
		assertThat(Interval.parse("1 week")).hasValue(new Interval(0, 7, 0));
		assertThat(Interval.parse("7 days")).hasValue(new Interval(0, 7, 0));
		assertThat(Interval.parse("1 day")).hasValue(new Interval(0, 1, 0));
		assertThat(Interval.parse("1 year")).hasValue(new Interval(12, 0, 0));
		assertThat(Interval.parse("01:00:00")).hasValue(new Interval(0, 0, 3600));
		assertThat(Interval.parse("10000")).isEmpty();
		assertThat(Interval.parse(null)).isEmpty();
		assertThat(new Interval(0, 7, 0).label()).isEqualTo("1 week");
		assertThat(new Interval(24, 0, 0).label()).isEqualTo("2 years");
	}

	@Test
	void infersTheIntervalFromBounds() {
		assertThat(Interval.of(range("2026-01-31", "2026-02-28"))).hasValue(new Interval(0, 28, 0));
		assertThat(Interval.of(range("2026-01-01", "2026-02-01"))).hasValue(new Interval(1, 0, 0));
		assertThat(Interval.of(range("2026-01-01", "2027-01-01"))).hasValue(new Interval(12, 0, 0));
		assertThat(Interval.of(range("2026-01-01 00:00:00", "2026-01-01 06:00:00"))).hasValue(new Interval(0, 0, 21600));
		// the most common span wins over one odd partition
		assertThat(Interval.infer(List.of(range("2026-01-01", "2026-02-01"), range("2026-02-01", "2026-03-01"),
				range("2026-03-01", "2026-03-15")))).hasValue(new Interval(1, 0, 0));
	}

	@Test
	void followsTheNamingOfTheNewestPartition() {
		Interval month = new Interval(1, 0, 0);
		LocalDateTime dec = LocalDateTime.of(2026, 12, 1, 0, 0);
		assertThat(PartitionRanges.namer("events", null, List.of(named("events_p202611", "2026-11-01")), month)
			.apply(dec)).isEqualTo("events_p202612");
		assertThat(PartitionRanges.namer("events", null, List.of(named("y2026m11_events", "2026-11-01")), month)
			.apply(dec)).isEqualTo("events_p2026_12");
		assertThat(PartitionRanges.namer("events", "ev_{yyyy}{MM}", List.of(), month).apply(dec)).isEqualTo("ev_202612");
	}

	private static Range range(String from, String to) {
		return new Range("s", "p", PartitionRanges.parse(from), PartitionRanges.parse(to), from, to);
	}

	private static Range named(String name, String from) {
		return new Range("s", name, PartitionRanges.parse(from), PartitionRanges.parse(from).plusMonths(1), from, from);
	}
}

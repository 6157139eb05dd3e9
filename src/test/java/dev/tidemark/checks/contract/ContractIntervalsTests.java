package dev.tidemark.checks.contract;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@link Intervals} and {@link PgInterval}: interval text as contracts and TimescaleDB write it. */
class ContractIntervalsTests {

	@ParameterizedTest(name = "{0} -> {1} months {2} days {3} us")
	@CsvSource(delimiter = '|', textBlock = """
			7 days                | 0  | 7   | 0
			1 week                | 0  | 7   | 0
			2 weeks               | 0  | 14  | 0
			90 days               | 0  | 90  | 0
			90d                   | 0  | 90  | 0
			1 day                 | 0  | 1   | 0
			168:00:00             | 0  | 0   | 604800000000
			24:00:00              | 0  | 0   | 86400000000
			01:30                 | 0  | 0   | 5400000000
			00:00:01.5            | 0  | 0   | 1500000
			1 day 02:00:00        | 0  | 1   | 7200000000
			1 month               | 1  | 0   | 0
			1 mon                 | 1  | 0   | 0
			2 mons                | 2  | 0   | 0
			1 year                | 12 | 0   | 0
			1 year 2 mons 3 days  | 14 | 3   | 0
			1.5 months            | 1  | 15  | 0
			1.5 days              | 0  | 1   | 43200000000
			36 hours              | 0  | 0   | 129600000000
			90 minutes            | 0  | 0   | 5400000000
			30 seconds            | 0  | 0   | 30000000
			500 ms                | 0  | 0   | 500000
			@ 7 days              | 0  | 7   | 0
			7 days ago            | 0  | -7  | 0
			-1 day                | 0  | -1  | 0
			1 DAY                 | 0  | 1   | 0
			P7D                   | 0  | 7   | 0
			P1W                   | 0  | 7   | 0
			PT168H                | 0  | 0   | 604800000000
			P1M                   | 1  | 0   | 0
			P1Y2M3DT4H5M6S        | 14 | 3   | 14706000000
			1 decade              | 120| 0   | 0
			""")
	void parsesPostgresIntervalInput(String text, int months, int days, long micros) {
		assertThat(Intervals.parse(text)).isEqualTo(new PgInterval(months, days, micros));
	}

	@Test
	void sameComparesAsPostgresDoes() {
		assertThat(Intervals.same("7 days", "168:00:00")).isTrue();
		assertThat(Intervals.same("7 days", "1 week")).isTrue();
		assertThat(Intervals.same("1 week", "168:00:00")).isTrue();
		assertThat(Intervals.same("90 days", "2160:00:00")).isTrue();
		assertThat(Intervals.same("1 month", "1 mon")).isTrue();
		// PostgreSQL's interval = counts a month as 30 days
		assertThat(Intervals.same("1 month", "30 days")).isTrue();
		assertThat(Intervals.same("7 days", "8 days")).isFalse();
		assertThat(Intervals.same("7 days", "not an interval")).isFalse();
		assertThat(Intervals.same(null, "7 days")).isFalse();
		// the records themselves stay apart: 1 day is not 24:00:00 field by field
		assertThat(Intervals.parse("1 day")).isNotEqualTo(Intervals.parse("24:00:00"));
		assertThat(Intervals.parse("1 day").sameAs(Intervals.parse("24:00:00"))).isTrue();
	}

	@Test
	void intervalsOrderAndConvert() {
		assertThat(Intervals.parse("7 days")).isLessThan(Intervals.parse("90 days"));
		assertThat(Intervals.parse("1 month").compareTo(Intervals.parse("30 days"))).isZero();
		assertThat(Intervals.parse("168:00:00").toDuration()).isEqualTo(Duration.ofDays(7));
		assertThat(Intervals.parse("1 month").toDuration()).isEqualTo(Duration.ofDays(30));
		assertThat(Intervals.parse("7 days").positive()).isTrue();
		assertThat(Intervals.parse("0 days").positive()).isFalse();
		assertThat(PgInterval.parse("1 year 2 mons 3 days 04:05:06.5")).hasToString("1 year 2 mons 3 days 04:05:06.5");
		assertThat(PgInterval.parse("7 days")).hasToString("7 days");
		assertThat(PgInterval.parse("168:00:00")).hasToString("168:00:00");
		assertThat(PgInterval.parse("0 days")).hasToString("00:00:00");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "  ", "7", "seven days", "7 fortnights", "P", "PT", "1 day and 2 hours", "1:2:3:4",
			"99999999999 years" })
	void refusesWhatIsNotAnInterval(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Intervals.parse(text)).withMessageContaining("'");
		assertThat(Intervals.tryParse(text)).isEmpty();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			daily      | 1 day
			Daily      | 1 day
			weekly     | 1 week
			monthly    | 1 month
			yearly     | 1 year
			annually   | 1 year
			1 day      | 1 day
			1d         | 1 day
			7 days     | 1 week
			1 week     | 1 week
			1 mon      | 1 month
			1 month    | 1 month
			P1M        | 1 month
			12 months  | 1 year
			1 year     | 1 year
			24:00:00   | 24:00:00
			30 days    | 30 days
			2 months   | 2 months
			fortnightly| fortnightly
			""")
	void partitionIntervalsAreCanonical(String text, String canonical) {
		assertThat(Intervals.partitionInterval(text)).isEqualTo(canonical);
	}
}

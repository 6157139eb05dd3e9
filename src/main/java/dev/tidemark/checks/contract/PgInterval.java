package dev.tidemark.checks.contract;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * A PostgreSQL {@code interval} as the server stores it: months, days and microseconds kept apart, because a
 * month is not a fixed number of days. Record equality is field by field ({@code 1 day} is not {@code 24:00:00});
 * {@link #sameAs} compares as PostgreSQL's {@code =} does, with a month as 30 days and a day as 24 hours, so
 * {@code 7 days}, {@code 1 week} and {@code 168:00:00} are the same, and so are {@code 1 month} and {@code 30 days}.
 */
public record PgInterval(int months, int days, long micros) implements Comparable<PgInterval> {

	static final long MICROS_PER_DAY = 86_400_000_000L;

	/** Total length as PostgreSQL compares intervals: a month counts 30 days, a day 24 hours. */
	public long normalizedMicros() {
		return Math.addExact(Math.multiplyExact(Math.addExact(months * 30L, days), MICROS_PER_DAY), micros);
	}

	public boolean sameAs(PgInterval other) {
		return normalizedMicros() == other.normalizedMicros();
	}

	/** Longer than zero by PostgreSQL's comparison. */
	public boolean positive() {
		return normalizedMicros() > 0;
	}

	/** The normalized length (a month as 30 days) as a {@link Duration}. */
	public Duration toDuration() {
		return Duration.of(normalizedMicros(), ChronoUnit.MICROS);
	}

	@Override
	public int compareTo(PgInterval other) {
		return Long.compare(normalizedMicros(), other.normalizedMicros());
	}

	/** Parses PostgreSQL interval input; see {@link Intervals#parse(String)}. */
	public static PgInterval parse(String text) {
		return Intervals.parse(text);
	}

	/** PostgreSQL's own output style: {@code 1 year 2 mons 3 days 04:05:06}. */
	@Override
	public String toString() {
		StringBuilder out = new StringBuilder();
		int years = months / 12;
		int mons = months % 12;
		append(out, years, "year");
		append(out, mons, "mon");
		append(out, days, "day");
		if (micros != 0 || out.isEmpty()) {
			long abs = Math.abs(micros);
			long seconds = abs / 1_000_000;
			long fraction = abs % 1_000_000;
			if (!out.isEmpty()) {
				out.append(' ');
			}
			out.append(micros < 0 ? "-" : "")
				.append(String.format("%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60));
			if (fraction != 0) {
				out.append('.').append(String.format("%06d", fraction).replaceAll("0+$", ""));
			}
		}
		return out.toString();
	}

	private static void append(StringBuilder out, int value, String unit) {
		if (value != 0) {
			if (!out.isEmpty()) {
				out.append(' ');
			}
			out.append(value).append(' ').append(unit).append(Math.abs(value) == 1 ? "" : "s");
		}
	}
}

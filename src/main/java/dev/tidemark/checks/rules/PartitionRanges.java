package dev.tidemark.checks.rules;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tidemark.inspection.model.PartitioningInfo;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.jspecify.annotations.Nullable;

/**
 * RANGE partitions on one date or timestamp column, read from the snapshot's bound text (printed in UTC by the
 * reader). Every instant is a UTC {@link LocalDateTime}: {@code timestamp without time zone} bounds are read as
 * UTC, {@code date} bounds as midnight. MINVALUE/-infinity and MAXVALUE/infinity become {@link #MIN}/{@link #MAX}.
 */
final class PartitionRanges {

	static final LocalDateTime MIN = LocalDateTime.MIN;

	static final LocalDateTime MAX = LocalDateTime.MAX;

	/** {@code 2026-11-01}, {@code 2026-11-01 00:00:00}, {@code 2026-11-01 00:00:00.5+00}, optionally BC. */
	private static final Pattern LITERAL = Pattern.compile(
			"^(\\d{4,})-(\\d{2})-(\\d{2})(?: (\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?)?(?:([+-])(\\d{2})(?::?(\\d{2}))?(?::?(\\d{2}))?)?( BC)?$");

	private PartitionRanges() {
	}

	enum KeyType {
		DATE("date"), TIMESTAMP("timestamp without time zone"), TIMESTAMPTZ("timestamp with time zone");

		final String sqlName;

		KeyType(String sqlName) {
			this.sqlName = sqlName;
		}
	}

	/** One partition's range; {@code fromText}/{@code toText} as the snapshot has them. */
	record Range(String schema, String partition, LocalDateTime from, LocalDateTime to, String fromText,
			String toText) {

		boolean contains(LocalDateTime t) {
			return !t.isBefore(from) && t.isBefore(to);
		}
	}

	/** The key type when the table is RANGE-partitioned on exactly one date/timestamp column, else empty. */
	static Optional<KeyType> timeKey(PartitioningInfo p) {
		if (!"RANGE".equals(p.strategy()) || p.keyColumns().size() != 1 || p.keyType() == null) {
			return Optional.empty();
		}
		for (KeyType type : KeyType.values()) {
			if (type.sqlName.equals(p.keyType())) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

	/**
	 * Every partition with a parsable single-value range bound, sorted by its lower bound. Parsed once per
	 * partitioning object (weak keys compare by identity): scans of an unchanged catalog evaluate the partition
	 * rules again on the same cached snapshot, and parsing thousands of bounds was most of their time.
	 */
	static List<Range> ranges(PartitioningInfo p) {
		return RANGES.get(p, PartitionRanges::parseRanges);
	}

	private static final Cache<PartitioningInfo, List<Range>> RANGES = Caffeine.newBuilder().weakKeys().build();

	private static List<Range> parseRanges(PartitioningInfo p) {
		List<Range> ranges = new ArrayList<>();
		for (PartitioningInfo.Partition partition : p.partitions()) {
			if (partition.from() == null || partition.to() == null) {
				continue;
			}
			LocalDateTime from = parse(partition.from());
			LocalDateTime to = parse(partition.to());
			if (from != null && to != null) {
				ranges.add(new Range(partition.schema(), partition.name(), from, to, partition.from(), partition.to()));
			}
		}
		ranges.sort(Comparator.comparing(Range::from));
		return List.copyOf(ranges);
	}

	/** A bound literal as UTC; null when it is not a single date/timestamp literal. */
	static @Nullable LocalDateTime parse(String text) {
		String t = text.strip();
		if (t.equals("MINVALUE") || t.equals("-infinity")) {
			return MIN;
		}
		if (t.equals("MAXVALUE") || t.equals("infinity")) {
			return MAX;
		}
		Matcher m = LITERAL.matcher(t);
		if (!m.matches()) {
			return null;
		}
		if (m.group(12) != null) {
			// before the common era: below any bound a partition horizon cares about
			return MIN;
		}
		LocalDateTime value = LocalDate
			.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
			.atStartOfDay();
		if (m.group(4) != null) {
			value = value.plusHours(Integer.parseInt(m.group(4)))
				.plusMinutes(Integer.parseInt(m.group(5)))
				.plusSeconds(Integer.parseInt(m.group(6)));
			if (m.group(7) != null) {
				String fraction = (m.group(7).substring(1) + "000000000").substring(0, 9);
				value = value.plusNanos(Long.parseLong(fraction));
			}
		}
		if (m.group(8) != null) {
			int sign = m.group(8).equals("+") ? 1 : -1;
			long offset = Integer.parseInt(m.group(9)) * 3600L
					+ (m.group(10) == null ? 0 : Integer.parseInt(m.group(10)) * 60L)
					+ (m.group(11) == null ? 0 : Integer.parseInt(m.group(11)));
			value = value.minusSeconds(sign * offset);
		}
		return value;
	}

	/** A bound as PostgreSQL prints it for the key type, in UTC. */
	static String literal(LocalDateTime t, KeyType type) {
		if (t.equals(MIN)) {
			return "MINVALUE";
		}
		if (t.equals(MAX)) {
			return "MAXVALUE";
		}
		String date = t.toLocalDate().toString();
		String time = String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
		return switch (type) {
			case DATE -> date;
			case TIMESTAMP -> date + " " + time;
			case TIMESTAMPTZ -> date + " " + time + "+00";
		};
	}

	/** "Now" in the key's terms: a UTC wall-clock time, or today for a date key. */
	static LocalDateTime now(Instant now, KeyType type) {
		LocalDateTime utc = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
		return type == KeyType.DATE ? utc.truncatedTo(ChronoUnit.DAYS) : utc;
	}

	/** The end of the run of back-to-back partitions that starts with the one containing {@code t}. */
	static Optional<LocalDateTime> contiguousEnd(List<Range> ranges, LocalDateTime t) {
		Optional<Range> containing = ranges.stream().filter(r -> r.contains(t)).findFirst();
		if (containing.isEmpty()) {
			return Optional.empty();
		}
		LocalDateTime end = containing.get().to();
		boolean extended = true;
		while (extended && !end.equals(MAX)) {
			extended = false;
			for (Range r : ranges) {
				if (r.from().equals(end)) {
					end = r.to();
					extended = true;
					break;
				}
			}
		}
		return Optional.of(end);
	}

	/**
	 * A partition interval: calendar months, days, or a fixed number of seconds (hourly sets). {@code 1 week} is
	 * seven days.
	 */
	record Interval(int months, int days, long seconds) {

		static final Pattern TEXT = Pattern.compile(
				"^(\\d+)\\s*(years?|mons?|months?|weeks?|days?|hours?|minutes?|mins?)$");

		static final Pattern CLOCK = Pattern.compile("^(\\d{1,2}):(\\d{2}):(\\d{2})$");

		LocalDateTime plus(LocalDateTime t, long times) {
			if (t.equals(MIN) || t.equals(MAX)) {
				return t;
			}
			return t.plusMonths(months * times).plusDays(days * times).plusSeconds(seconds * times);
		}

		Interval times(int n) {
			return new Interval(months * n, days * n, seconds * n);
		}

		String label() {
			if (months > 0 && days == 0 && seconds == 0) {
				return months % 12 == 0 ? count(months / 12, "year") : count(months, "month");
			}
			if (months == 0 && days > 0 && seconds == 0) {
				return days % 7 == 0 ? count(days / 7, "week") : count(days, "day");
			}
			if (months == 0 && days == 0 && seconds > 0) {
				return seconds % 3600 == 0 ? count(seconds / 3600, "hour") : count(seconds, "second");
			}
			return months + " months " + days + " days " + seconds + " seconds";
		}

		private static String count(long n, String unit) {
			return n + " " + unit + (n == 1 ? "" : "s");
		}

		/**
		 * A contract's or pg_partman's interval text: {@code 1 month}, {@code 1 mon}, {@code 7 days},
		 * {@code 1 week}, {@code 1 year}, {@code 01:00:00}, or {@code daily}, {@code weekly}, {@code monthly},
		 * {@code quarterly}, {@code yearly}, {@code hourly}.
		 */
		static Optional<Interval> parse(@Nullable String text) {
			if (text == null) {
				return Optional.empty();
			}
			String t = text.strip().toLowerCase(Locale.ROOT);
			switch (t) {
				case "hourly":
					return Optional.of(new Interval(0, 0, 3600));
				case "daily":
					return Optional.of(new Interval(0, 1, 0));
				case "weekly":
					return Optional.of(new Interval(0, 7, 0));
				case "monthly":
					return Optional.of(new Interval(1, 0, 0));
				case "quarterly":
					return Optional.of(new Interval(3, 0, 0));
				case "yearly":
					return Optional.of(new Interval(12, 0, 0));
				default:
					break;
			}
			Matcher clock = CLOCK.matcher(t);
			if (clock.matches()) {
				long seconds = Long.parseLong(clock.group(1)) * 3600 + Long.parseLong(clock.group(2)) * 60
						+ Long.parseLong(clock.group(3));
				return seconds > 0 ? Optional.of(new Interval(0, 0, seconds)) : Optional.empty();
			}
			Matcher m = TEXT.matcher(t);
			if (!m.matches()) {
				return Optional.empty();
			}
			int n = Integer.parseInt(m.group(1));
			if (n <= 0) {
				return Optional.empty();
			}
			String unit = m.group(2);
			if (unit.startsWith("year")) {
				return Optional.of(new Interval(12 * n, 0, 0));
			}
			if (unit.startsWith("mon")) {
				return Optional.of(new Interval(n, 0, 0));
			}
			if (unit.startsWith("week")) {
				return Optional.of(new Interval(0, 7 * n, 0));
			}
			if (unit.startsWith("day")) {
				return Optional.of(new Interval(0, n, 0));
			}
			if (unit.startsWith("hour")) {
				return Optional.of(new Interval(0, 0, 3600L * n));
			}
			return Optional.of(new Interval(0, 0, 60L * n));
		}

		/** The interval one range spans: whole months when the day and time match, else whole days, else seconds. */
		static Optional<Interval> of(Range r) {
			if (r.from().equals(MIN) || r.to().equals(MAX) || !r.to().isAfter(r.from())) {
				return Optional.empty();
			}
			LocalDateTime from = r.from();
			LocalDateTime to = r.to();
			if (from.toLocalTime().equals(to.toLocalTime())) {
				if (from.getDayOfMonth() == to.getDayOfMonth()) {
					long months = ChronoUnit.MONTHS.between(from, to);
					if (months > 0 && from.plusMonths(months).equals(to)) {
						return Optional.of(new Interval((int) months, 0, 0));
					}
				}
				long days = ChronoUnit.DAYS.between(from, to);
				return Optional.of(new Interval(0, (int) days, 0));
			}
			return Optional.of(new Interval(0, 0, Duration.between(from, to).toSeconds()));
		}

		/** The most common interval among the ranges; ties go to the one the newest partition has. */
		static Optional<Interval> infer(List<Range> ranges) {
			Map<Interval, Integer> counts = new HashMap<>();
			Interval newest = null;
			for (Range r : ranges) {
				Optional<Interval> i = of(r);
				if (i.isPresent()) {
					counts.merge(i.get(), 1, Integer::sum);
					newest = i.get();
				}
			}
			if (newest == null) {
				return Optional.empty();
			}
			Interval best = newest;
			for (Map.Entry<Interval, Integer> e : counts.entrySet()) {
				if (e.getValue() > counts.get(best)) {
					best = e.getKey();
				}
			}
			return Optional.of(best);
		}

		/** The start of the interval holding {@code t} when no bound anchors the grid: calendar-aligned. */
		LocalDateTime floor(LocalDateTime t) {
			if (months > 0 && days == 0 && seconds == 0) {
				LocalDateTime month = t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
				return months % 12 == 0 ? month.withMonth(1) : month;
			}
			if (months == 0 && days > 0 && seconds == 0) {
				LocalDateTime day = t.truncatedTo(ChronoUnit.DAYS);
				return days % 7 == 0 ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : day;
			}
			return seconds % 3600 == 0 ? t.truncatedTo(ChronoUnit.HOURS) : t.truncatedTo(ChronoUnit.SECONDS);
		}
	}

	/**
	 * How to name a new partition: the contract's pattern ({yyyy}, {MM}, {dd}, {ww} placeholders) or the one the
	 * newest existing partition follows (its lower bound's date embedded in the name), else
	 * {@code <table>_p<date>}.
	 */
	static Function<LocalDateTime, String> namer(String table, @Nullable String contractPattern, List<Range> ranges,
			Interval interval) {
		if (contractPattern != null && !contractPattern.isBlank()) {
			return t -> contractPattern.replace("{yyyy}", String.format(Locale.ROOT, "%04d", t.getYear()))
				.replace("{MM}", String.format(Locale.ROOT, "%02d", t.getMonthValue()))
				.replace("{dd}", String.format(Locale.ROOT, "%02d", t.getDayOfMonth()))
				.replace("{ww}", String.format(Locale.ROOT, "%02d", t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)))
				.replace("{table}", table);
		}
		List<Function<LocalDateTime, String>> formats = List.of(
				t -> String.format(Locale.ROOT, "%04d_%02d_%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth()),
				t -> String.format(Locale.ROOT, "%04d%02d%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth()),
				t -> String.format(Locale.ROOT, "%04dw%02d", t.get(IsoFields.WEEK_BASED_YEAR),
						t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
				t -> String.format(Locale.ROOT, "%04d_%02d", t.getYear(), t.getMonthValue()),
				t -> String.format(Locale.ROOT, "%04d%02d", t.getYear(), t.getMonthValue()),
				t -> String.format(Locale.ROOT, "%04d", t.getYear()));
		for (int i = ranges.size() - 1; i >= 0; i--) {
			Range newest = ranges.get(i);
			if (newest.from().equals(MIN)) {
				continue;
			}
			for (Function<LocalDateTime, String> format : formats) {
				String stamp = format.apply(newest.from());
				int at = newest.partition().lastIndexOf(stamp);
				// the stamp must tell consecutive partitions apart (a year alone does not for months)
				if (at >= 0 && !stamp.equals(format.apply(interval.plus(newest.from(), 1)))) {
					String prefix = newest.partition().substring(0, at);
					String suffix = newest.partition().substring(at + stamp.length());
					return t -> prefix + format.apply(t) + suffix;
				}
			}
			break;
		}
		Function<LocalDateTime, String> fallback = interval.months() > 0 && interval.days() == 0
				&& interval.seconds() == 0 ? formats.get(3) : formats.get(0);
		return t -> table + "_p" + fallback.apply(t);
	}

	/** A missing partition: its bounds and a suggested name. */
	record Slot(String name, LocalDateTime from, LocalDateTime to) {
	}

	/** What filling the run up to {@code target} takes: the slots, and whether existing bounds are off the grid. */
	record Fill(List<Slot> missing, boolean irregular) {
	}

	/**
	 * The interval-sized slots from {@code start} until the one holding {@code target}, leaving out slots an
	 * existing partition covers. A slot that an existing partition only partly covers makes the fill irregular:
	 * its bounds must be chosen by a person.
	 */
	static Fill fill(List<Range> ranges, LocalDateTime start, LocalDateTime target, Interval interval,
			Function<LocalDateTime, String> namer, int limit) {
		List<Slot> missing = new ArrayList<>();
		boolean irregular = false;
		LocalDateTime from = start;
		for (int i = 0; i < limit && !from.isAfter(target); i++) {
			LocalDateTime to = interval.plus(from, 1);
			LocalDateTime slotFrom = from;
			boolean covered = ranges.stream().anyMatch(r -> !r.from().isAfter(slotFrom) && !r.to().isBefore(to));
			boolean overlaps = ranges.stream().anyMatch(r -> r.from().isBefore(to) && r.to().isAfter(slotFrom));
			if (!covered && overlaps) {
				irregular = true;
			}
			else if (!covered) {
				missing.add(new Slot(namer.apply(from), from, to));
			}
			from = to;
		}
		return new Fill(List.copyOf(missing), irregular);
	}

	/** A slot's label for people: the month, day, week or year it holds. */
	static String label(LocalDateTime from, Interval interval) {
		if (interval.months() > 0 && interval.days() == 0 && interval.seconds() == 0) {
			return interval.months() % 12 == 0 ? String.valueOf(from.getYear())
					: String.format(Locale.ROOT, "%04d-%02d", from.getYear(), from.getMonthValue());
		}
		if (interval.months() == 0 && interval.days() > 0 && interval.seconds() == 0) {
			return interval.days() % 7 == 0
					? String.format(Locale.ROOT, "week of %s", from.toLocalDate())
					: from.toLocalDate().toString();
		}
		return from.toString().replace('T', ' ');
	}
}

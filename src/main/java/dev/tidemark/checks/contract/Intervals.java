package dev.tidemark.checks.contract;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Interval strings as a contract writes them and as PostgreSQL and TimescaleDB print them: {@code 7 days},
 * {@code 1 week}, {@code 168:00:00}, {@code 1 mon}, {@code 1 day 02:00:00}, {@code 90d}, ISO 8601 {@code P7D},
 * {@code PT168H}, with {@code ago} and a leading {@code @} as PostgreSQL allows. Fractions spill over as in
 * PostgreSQL: {@code 1.5 months} is 1 month 15 days, {@code 1.5 days} is 1 day 12 hours. A bare number is refused:
 * PostgreSQL would read it as seconds, which a contract author rarely means.
 */
public final class Intervals {

	/** The partition intervals a contract may name, in canonical spelling. */
	public static final String DAY = "1 day", WEEK = "1 week", MONTH = "1 month", YEAR = "1 year";

	private static final Pattern ISO = Pattern.compile(
			"([+-])?p(?:([+-]?\\d+(?:\\.\\d+)?)y)?(?:([+-]?\\d+(?:\\.\\d+)?)m)?(?:([+-]?\\d+(?:\\.\\d+)?)w)?"
					+ "(?:([+-]?\\d+(?:\\.\\d+)?)d)?(?:t(?:([+-]?\\d+(?:\\.\\d+)?)h)?(?:([+-]?\\d+(?:\\.\\d+)?)m)?"
					+ "(?:([+-]?\\d+(?:\\.\\d+)?)s)?)?");

	private static final Pattern TIME = Pattern.compile("([+-])?(\\d+):(\\d{1,2})(?::(\\d{1,2}(?:\\.\\d{1,6})?))?");

	private static final Pattern QUANTITY = Pattern.compile("([+-]?\\d+(?:\\.\\d+)?)\\s*([a-z]+)");

	private static final Pattern TOKEN = Pattern
		.compile("\\s*(?:(?<time>" + TIME.pattern() + ")|(?<qty>" + QUANTITY.pattern() + "))\\s*");

	private enum Unit {
		MICROSECOND, MILLISECOND, SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, YEAR, DECADE, CENTURY
	}

	private static final Map<String, Unit> UNITS = Map.ofEntries(Map.entry("us", Unit.MICROSECOND),
			Map.entry("usec", Unit.MICROSECOND), Map.entry("usecs", Unit.MICROSECOND),
			Map.entry("microsecond", Unit.MICROSECOND), Map.entry("microseconds", Unit.MICROSECOND),
			Map.entry("ms", Unit.MILLISECOND), Map.entry("msec", Unit.MILLISECOND),
			Map.entry("msecs", Unit.MILLISECOND), Map.entry("millisecond", Unit.MILLISECOND),
			Map.entry("milliseconds", Unit.MILLISECOND), Map.entry("s", Unit.SECOND), Map.entry("sec", Unit.SECOND),
			Map.entry("secs", Unit.SECOND), Map.entry("second", Unit.SECOND), Map.entry("seconds", Unit.SECOND),
			Map.entry("m", Unit.MINUTE), Map.entry("min", Unit.MINUTE), Map.entry("mins", Unit.MINUTE),
			Map.entry("minute", Unit.MINUTE), Map.entry("minutes", Unit.MINUTE), Map.entry("h", Unit.HOUR),
			Map.entry("hr", Unit.HOUR), Map.entry("hrs", Unit.HOUR), Map.entry("hour", Unit.HOUR),
			Map.entry("hours", Unit.HOUR), Map.entry("d", Unit.DAY), Map.entry("day", Unit.DAY),
			Map.entry("days", Unit.DAY), Map.entry("w", Unit.WEEK), Map.entry("week", Unit.WEEK),
			Map.entry("weeks", Unit.WEEK), Map.entry("mon", Unit.MONTH), Map.entry("mons", Unit.MONTH),
			Map.entry("month", Unit.MONTH), Map.entry("months", Unit.MONTH), Map.entry("y", Unit.YEAR),
			Map.entry("yr", Unit.YEAR), Map.entry("yrs", Unit.YEAR), Map.entry("year", Unit.YEAR),
			Map.entry("years", Unit.YEAR), Map.entry("decade", Unit.DECADE), Map.entry("decades", Unit.DECADE),
			Map.entry("century", Unit.CENTURY), Map.entry("centuries", Unit.CENTURY));

	private static final Map<String, String> PARTITION_WORDS = Map.of("daily", DAY, "day", DAY, "weekly", WEEK,
			"week", WEEK, "monthly", MONTH, "month", MONTH, "yearly", YEAR, "year", YEAR, "annually", YEAR);

	private static final BigDecimal MICROS_PER_SECOND = BigDecimal.valueOf(1_000_000);

	private static final BigDecimal MICROS_PER_DAY = BigDecimal.valueOf(PgInterval.MICROS_PER_DAY);

	private Intervals() {
	}

	/**
	 * Parses an interval.
	 * @throws IllegalArgumentException with a message fit for a contract author when the text is not an interval
	 */
	public static PgInterval parse(String text) {
		String s = text.trim().toLowerCase(Locale.ROOT);
		if (s.startsWith("@")) {
			s = s.substring(1).trim();
		}
		boolean ago = false;
		if (s.endsWith(" ago") || s.equals("ago")) {
			ago = true;
			s = s.substring(0, s.length() - 3).trim();
		}
		if (s.isEmpty()) {
			throw new IllegalArgumentException("'" + text + "' is not an interval: it is empty");
		}
		Accumulator sum = new Accumulator();
		Matcher iso = ISO.matcher(s);
		if (s.matches("[+-]?p.*")) {
			if (!iso.matches() || s.endsWith("t") || s.matches("[+-]?p")) {
				throw invalid(text);
			}
			boolean negative = "-".equals(iso.group(1));
			Unit[] units = { Unit.YEAR, Unit.MONTH, Unit.WEEK, Unit.DAY, Unit.HOUR, Unit.MINUTE, Unit.SECOND };
			for (int i = 0; i < units.length; i++) {
				String value = iso.group(i + 2);
				if (value != null) {
					BigDecimal amount = new BigDecimal(value);
					sum.add(negative ? amount.negate() : amount, units[i]);
				}
			}
		}
		else {
			Matcher token = TOKEN.matcher(s);
			int at = 0;
			while (at < s.length()) {
				token.region(at, s.length());
				if (!token.lookingAt()) {
					throw invalid(text);
				}
				if (token.group("time") != null) {
					sum.addTime(token.group("time"));
				}
				else {
					Matcher q = QUANTITY.matcher(token.group("qty"));
					if (!q.matches()) {
						throw invalid(text);
					}
					Unit unit = UNITS.get(q.group(2));
					if (unit == null) {
						throw new IllegalArgumentException("'" + text + "' is not an interval: unknown unit '"
								+ q.group(2) + "' (use e.g. 7 days, 1 week, 1 month, 168:00:00)");
					}
					sum.add(new BigDecimal(q.group(1)), unit);
				}
				at = token.end();
			}
		}
		PgInterval result = sum.result(text);
		return ago ? new PgInterval(-result.months(), -result.days(), -result.micros()) : result;
	}

	/** The parse, or empty when the text is not an interval. */
	public static Optional<PgInterval> tryParse(@Nullable String text) {
		if (text == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(parse(text));
		}
		catch (IllegalArgumentException | ArithmeticException e) {
			return Optional.empty();
		}
	}

	/** Equal as PostgreSQL compares intervals ({@code 7 days} = {@code 168:00:00}); false if either does not parse. */
	public static boolean same(@Nullable String a, @Nullable String b) {
		Optional<PgInterval> x = tryParse(a);
		Optional<PgInterval> y = tryParse(b);
		return x.isPresent() && y.isPresent() && x.get().sameAs(y.get());
	}

	/**
	 * The canonical partition interval ({@value #DAY}, {@value #WEEK}, {@value #MONTH}, {@value #YEAR}) for the
	 * words {@code daily} ... {@code yearly} and for any interval that is exactly one of those ({@code 7 days},
	 * {@code 1 mon}, {@code P1Y}); any other text comes back unchanged for the validator to report.
	 */
	public static @Nullable String partitionInterval(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String word = PARTITION_WORDS.get(text.trim().toLowerCase(Locale.ROOT));
		if (word != null) {
			return word;
		}
		// field by field, not sameAs: a 30-day partition is not a monthly one
		return tryParse(text).map(i -> switch (i) {
			case PgInterval(int m, int d, long us) when m == 0 && d == 1 && us == 0 -> DAY;
			case PgInterval(int m, int d, long us) when m == 0 && d == 7 && us == 0 -> WEEK;
			case PgInterval(int m, int d, long us) when m == 1 && d == 0 && us == 0 -> MONTH;
			case PgInterval(int m, int d, long us) when m == 12 && d == 0 && us == 0 -> YEAR;
			default -> text;
		}).orElse(text);
	}

	private static IllegalArgumentException invalid(String text) {
		return new IllegalArgumentException(
				"'" + text + "' is not an interval (use e.g. 7 days, 1 week, 1 month, 168:00:00 or P7D)");
	}

	/** Sums units the way PostgreSQL does: fractions of months become days, fractions of days become time. */
	private static final class Accumulator {

		private BigDecimal months = BigDecimal.ZERO;

		private BigDecimal days = BigDecimal.ZERO;

		private BigDecimal micros = BigDecimal.ZERO;

		void add(BigDecimal amount, Unit unit) {
			switch (unit) {
				case MICROSECOND -> micros = micros.add(amount);
				case MILLISECOND -> micros = micros.add(amount.multiply(BigDecimal.valueOf(1000)));
				case SECOND -> micros = micros.add(amount.multiply(MICROS_PER_SECOND));
				case MINUTE -> micros = micros.add(amount.multiply(MICROS_PER_SECOND).multiply(BigDecimal.valueOf(60)));
				case HOUR -> micros = micros.add(amount.multiply(MICROS_PER_SECOND).multiply(BigDecimal.valueOf(3600)));
				case DAY -> days = days.add(amount);
				case WEEK -> days = days.add(amount.multiply(BigDecimal.valueOf(7)));
				case MONTH -> months = months.add(amount);
				case YEAR -> months = months.add(amount.multiply(BigDecimal.valueOf(12)));
				case DECADE -> months = months.add(amount.multiply(BigDecimal.valueOf(120)));
				case CENTURY -> months = months.add(amount.multiply(BigDecimal.valueOf(1200)));
			}
		}

		void addTime(String text) {
			Matcher m = TIME.matcher(text);
			if (!m.matches()) {
				throw new IllegalArgumentException("'" + text + "' is not a time of day");
			}
			BigDecimal value = BigDecimal.valueOf(Long.parseLong(m.group(2)) * 3600 + Long.parseLong(m.group(3)) * 60)
				.add(m.group(4) == null ? BigDecimal.ZERO : new BigDecimal(m.group(4)))
				.multiply(MICROS_PER_SECOND);
			micros = micros.add("-".equals(m.group(1)) ? value.negate() : value);
		}

		PgInterval result(String text) {
			BigDecimal wholeMonths = months.setScale(0, RoundingMode.DOWN);
			BigDecimal allDays = days.add(months.subtract(wholeMonths).multiply(BigDecimal.valueOf(30)));
			BigDecimal wholeDays = allDays.setScale(0, RoundingMode.DOWN);
			BigDecimal allMicros = micros.add(allDays.subtract(wholeDays).multiply(MICROS_PER_DAY));
			try {
				return new PgInterval(wholeMonths.intValueExact(), wholeDays.intValueExact(),
						allMicros.setScale(0, RoundingMode.HALF_EVEN).longValueExact());
			}
			catch (ArithmeticException e) {
				throw new IllegalArgumentException("'" + text + "' is too large for an interval");
			}
		}
	}
}

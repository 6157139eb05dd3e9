package dev.tidemark.checks.change;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What changing a column's type costs, judged from {@code format_type} text alone: catalog-only (a varchar or
 * numeric widened, varchar to text), a rewrite that keeps every value (int to bigint, anything to text), or
 * refused (narrowing, a scale change, a conversion whose values Tidemark cannot vouch for).
 */
final class RelationTypes {

	/** The verdict: {@code refusal} non-null means no change; else {@code rewrite} and {@code using}. */
	record Verdict(boolean rewrite, boolean using, @Nullable String refusal) {

		static Verdict catalogOnly() {
			return new Verdict(false, false, null);
		}

		static Verdict rewrite(boolean using) {
			return new Verdict(true, using, null);
		}

		static Verdict refuse(String why) {
			return new Verdict(false, false, why);
		}
	}

	/** name(mod1[,mod2]) rest: {@code timestamp(3) without time zone} is base "timestamp without time zone". */
	private static final Pattern TYPE = Pattern.compile("^([^()\\[\\]]*?)\\s*(?:\\((\\d+)(?:\\s*,\\s*(\\d+))?\\))?([^()\\[\\]]*)$");

	private static final Set<String> STRINGS = Set.of("text", "character varying");

	private static final Set<String> PRECISION = Set.of("timestamp without time zone", "timestamp with time zone",
			"time without time zone", "time with time zone", "interval");

	/** Lossless widenings, each a rewrite; to numeric only when its precision holds every value. */
	private static final Map<String, List<String>> WIDER = Map.of("smallint", List.of("integer", "bigint", "numeric",
			"real", "double precision"), "integer", List.of("bigint", "numeric", "double precision"), "bigint",
			List.of("numeric"), "real", List.of("double precision"), "date",
			List.of("timestamp without time zone"));

	/** Decimal digits each integer type needs: numeric(p, s) holds it when p - s is at least this. */
	private static final Map<String, Integer> DIGITS = Map.of("smallint", 5, "integer", 10, "bigint", 19, "real", 39,
			"double precision", 309);

	private record Parsed(String base, @Nullable Integer a, @Nullable Integer b) {
	}

	private RelationTypes() {
	}

	static Verdict classify(String from, String to) {
		if (from.endsWith("[]") || to.endsWith("[]")) {
			return Verdict.refuse("array types are not converted automatically");
		}
		Parsed f = parse(from);
		Parsed t = parse(to);
		if (f == null || t == null) {
			return Verdict.refuse("the type text is not one Tidemark can read");
		}
		if (f.base().equals(t.base())) {
			return sameBase(f, t, from, to);
		}
		// to a string type without a length: every value has a text form (the I/O assignment cast)
		if (STRINGS.contains(t.base()) && t.a() == null) {
			if (STRINGS.contains(f.base())) {
				return Verdict.catalogOnly(); // varchar(n) -> text, text -> varchar: binary coercible
			}
			return Verdict.rewrite(false);
		}
		if (STRINGS.contains(f.base()) && STRINGS.contains(t.base())) {
			return Verdict.refuse("narrowing " + from + " to " + to + " truncates or rejects longer values");
		}
		if (STRINGS.contains(f.base()) || "character".equals(f.base())) {
			if (t.a() != null) {
				// an explicit cast to a limited type truncates or rounds instead of failing
				return Verdict.refuse("casting " + from + " to " + to + " may truncate or round values");
			}
			// text to a type with an input function: converted by a cast; fails (atomically) on a value it cannot read
			return Verdict.rewrite(true);
		}
		if ("json".equals(f.base()) && "jsonb".equals(t.base())) {
			return Verdict.rewrite(true);
		}
		List<String> wider = WIDER.get(f.base());
		if (wider != null && wider.contains(t.base())) {
			if ("numeric".equals(t.base()) && t.a() != null) {
				int integral = t.a() - (t.b() == null ? 0 : t.b());
				if (integral < DIGITS.getOrDefault(f.base(), Integer.MAX_VALUE)) {
					return Verdict.refuse(to + " cannot hold every " + from + " value");
				}
			}
			return Verdict.rewrite(false);
		}
		return Verdict.refuse("converting " + from + " to " + to + " may lose or reject values, or has no cast "
				+ "Tidemark can vouch for");
	}

	private static Verdict sameBase(Parsed f, Parsed t, String from, String to) {
		String base = f.base();
		boolean modsEqual = java.util.Objects.equals(f.a(), t.a()) && java.util.Objects.equals(f.b(), t.b());
		if (modsEqual) {
			// same text once parsed but spelled differently: nothing to change in substance
			return Verdict.refuse("the types " + from + " and " + to + " differ only in spelling");
		}
		if (t.a() == null && (base.equals("character varying") || base.equals("numeric") || base.equals("bit varying")
				|| PRECISION.contains(base))) {
			return Verdict.catalogOnly(); // dropping the limit keeps every value, binary coercible
		}
		if (f.a() == null) {
			return Verdict.refuse("limiting " + from + " to " + to + " rejects or rounds existing values");
		}
		int fa = f.a();
		int ta = t.a();
		switch (base) {
			case "character varying", "bit varying" -> {
				return ta >= fa ? Verdict.catalogOnly()
						: Verdict.refuse("narrowing " + from + " to " + to + " rejects longer values");
			}
			case "numeric" -> {
				int fs = f.b() == null ? 0 : f.b();
				int ts = t.b() == null ? 0 : t.b();
				if (fs != ts) {
					return Verdict.refuse("changing the scale of " + from + " to " + to + " rounds or rewrites every value");
				}
				return ta >= fa ? Verdict.catalogOnly()
						: Verdict.refuse("narrowing " + from + " to " + to + " rejects larger values");
			}
			case "character" -> {
				return ta >= fa ? Verdict.rewrite(false)
						: Verdict.refuse("narrowing " + from + " to " + to + " rejects longer values");
			}
			default -> {
				if (PRECISION.contains(base)) {
					return ta >= fa ? Verdict.catalogOnly()
							: Verdict.refuse("lowering the precision of " + from + " to " + to + " rounds values");
				}
				return Verdict.refuse("changing " + from + " to " + to + " is not a change Tidemark can judge");
			}
		}
	}

	private static @Nullable Parsed parse(String type) {
		Matcher m = TYPE.matcher(type.strip());
		if (!m.matches()) {
			return null;
		}
		String base = (m.group(1) + m.group(4)).strip().replaceAll("\\s+", " ");
		Integer a = m.group(2) == null ? null : Integer.valueOf(m.group(2));
		Integer b = m.group(3) == null ? null : Integer.valueOf(m.group(3));
		if (base.equals("varchar")) {
			base = "character varying";
		}
		return new Parsed(base, a, b);
	}
}

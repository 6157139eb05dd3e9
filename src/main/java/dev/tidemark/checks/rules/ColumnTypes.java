package dev.tidemark.checks.rules;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.tidemark.common.SqlIdentifiers;

/**
 * Compares a column type as a person writes it ({@code int8}, {@code varchar(10)}, {@code timestamptz},
 * {@code citext}) with {@code format_type} output ({@code bigint}, {@code character varying(10)},
 * {@code timestamp with time zone}, {@code public.citext}). Spellings are mapped to PostgreSQL's canonical
 * names; an unqualified user type matches that type in any schema. Array dimensions are not compared (PostgreSQL
 * does not enforce them either).
 */
final class ColumnTypes {

	/** A parsed type: schema when written, canonical name with modifiers, and whether it is an array. */
	record Canonical(@Nullable String schema, String name, boolean array) {

		String text() {
			return (schema == null ? "" : SqlIdentifiers.quoteIdent(schema) + ".") + name + (array ? "[]" : "");
		}
	}

	private static final Pattern ARRAY_SUFFIX = Pattern
		.compile("(?is)^(.*?)\\s*(?:\\[\\s*\\d*\\s*]|(?<![a-z0-9_$\"])array(?:\\s*\\[\\s*\\d*\\s*])?)$");

	private record Alias(Pattern pattern, Function<Matcher, String> canonical) {
	}

	private static final Alias[] ALIASES = {
			alias("int8|bigint|bigserial|serial8", m -> "bigint"),
			alias("int|int4|integer|serial|serial4", m -> "integer"),
			alias("int2|smallint|smallserial|serial2", m -> "smallint"),
			alias("float8|double precision|float", m -> "double precision"),
			alias("float4|real", m -> "real"),
			alias("float\\((\\d+)\\)", m -> Integer.parseInt(m.group(1)) <= 24 ? "real" : "double precision"),
			alias("bool|boolean", m -> "boolean"),
			alias("(?:varchar|character varying|char varying)(\\(\\d+\\))?", m -> "character varying" + opt(m, 1)),
			alias("(?:char|character)(\\(\\d+\\))?", m -> "character" + (m.group(1) == null ? "(1)" : m.group(1))),
			alias("bpchar(\\(\\d+\\))?", m -> m.group(1) == null ? "bpchar" : "character" + m.group(1)),
			alias("(?:decimal|numeric)(\\(\\d+(?:,\\d+)?\\))?", m -> "numeric" + opt(m, 1)),
			alias("timestamptz(\\(\\d+\\))?", m -> "timestamp" + opt(m, 1) + " with time zone"),
			alias("timestamp(\\(\\d+\\))?(?: (with|without) time zone)?",
					m -> "timestamp" + opt(m, 1) + zone(m.group(2))),
			alias("timetz(\\(\\d+\\))?", m -> "time" + opt(m, 1) + " with time zone"),
			alias("time(\\(\\d+\\))?(?: (with|without) time zone)?", m -> "time" + opt(m, 1) + zone(m.group(2))),
			alias("(?:varbit|bit varying)(\\(\\d+\\))?", m -> "bit varying" + opt(m, 1)),
			alias("bit(\\(\\d+\\))?", m -> "bit" + (m.group(1) == null ? "(1)" : m.group(1))) };

	private ColumnTypes() {
	}

	/** Both sides are drawn from a few hundred distinct spellings: compare each pair once per JVM. */
	private static final java.util.Map<String, Boolean> SAME = new java.util.concurrent.ConcurrentHashMap<>();

	/** Whether {@code expected} (any common spelling) names the type {@code actual} ({@code format_type}). */
	static boolean same(String expected, String actual) {
		if (expected.equals(actual)) {
			return true;
		}
		if (SAME.size() > 100_000) {
			SAME.clear(); // bounded: hostile or generated type names cannot grow it without end
		}
		return SAME.computeIfAbsent(expected + '\u0000' + actual, key -> compare(expected, actual));
	}

	private static boolean compare(String expected, String actual) {
		Canonical e = parse(expected);
		Canonical a = parse(actual);
		return e.name().equals(a.name()) && e.array() == a.array()
				&& (e.schema() == null || a.schema() == null || e.schema().equals(a.schema()));
	}

	static Canonical parse(String type) {
		String s = type.strip();
		boolean array = false;
		Matcher suffix = ARRAY_SUFFIX.matcher(s);
		while (suffix.matches()) {
			array = true;
			s = suffix.group(1);
			suffix = ARRAY_SUFFIX.matcher(s);
		}
		s = squeeze(s);
		String schema = null;
		int schemaEnd = identifierEnd(s);
		if (schemaEnd > 0 && schemaEnd < s.length() && s.charAt(schemaEnd) == '.') {
			schema = SqlIdentifiers.unquote(s.substring(0, schemaEnd));
			s = s.substring(schemaEnd + 1);
			if (schema.equals("pg_catalog")) {
				schema = null;
			}
		}
		if (s.startsWith("\"")) {
			// a quoted name is taken literally: "char" is not char
			int end = identifierEnd(s);
			return new Canonical(schema, SqlIdentifiers.unquote(s.substring(0, end)) + s.substring(end), array);
		}
		for (Alias alias : ALIASES) {
			Matcher m = alias.pattern().matcher(s);
			if (m.matches()) {
				return new Canonical(schema, alias.canonical().apply(m), array);
			}
		}
		return new Canonical(schema, s, array);
	}

	/** Lower case outside double quotes, single spaces, none inside or before parentheses or around commas. */
	private static String squeeze(String s) {
		StringBuilder out = new StringBuilder();
		StringBuilder plain = new StringBuilder();
		boolean quoted = false;
		for (char c : s.toCharArray()) {
			if (c == '"' && !quoted) {
				out.append(squeezePlain(plain.toString()));
				plain.setLength(0);
				quoted = true;
				out.append(c);
			}
			else if (quoted) {
				// a doubled quote toggles twice and stays inside the identifier
				quoted = c != '"';
				out.append(c);
			}
			else {
				plain.append(c);
			}
		}
		out.append(squeezePlain(plain.toString()));
		return out.toString().strip();
	}

	private static String squeezePlain(String s) {
		return s.toLowerCase(Locale.ROOT)
			.replaceAll("\\s+", " ")
			.replaceAll(" ?([(,]) ?", "$1")
			.replaceAll(" \\)", ")");
	}

	/** End of the identifier at the start of {@code s} (quoted or not), or 0 when there is none. */
	private static int identifierEnd(String s) {
		if (s.startsWith("\"")) {
			int i = 1;
			while (i < s.length()) {
				if (s.charAt(i) == '"') {
					if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
						i += 2;
						continue;
					}
					return i + 1;
				}
				i++;
			}
			return s.length();
		}
		int i = 0;
		while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
			i++;
		}
		return i;
	}

	private static Alias alias(String regex, Function<Matcher, String> canonical) {
		return new Alias(Pattern.compile(regex), canonical);
	}

	private static String opt(Matcher m, int group) {
		return m.group(group) == null ? "" : m.group(group);
	}

	private static String zone(@Nullable String withOrWithout) {
		return "with".equals(withOrWithout) ? " with time zone" : " without time zone";
	}
}

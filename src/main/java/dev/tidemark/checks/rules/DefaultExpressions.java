package dev.tidemark.checks.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.tidemark.common.SqlIdentifiers;

/**
 * Compares column defaults as a contract writes them ({@code 'x'}, {@code now()}, {@code false},
 * {@code nextval('t_id_seq')}) with what the catalog prints ({@code 'x'::text}, {@code now()}, {@code false},
 * {@code nextval('public.t_id_seq'::regclass)}). Conservative: besides layout it only drops casts of string
 * literals (a default is coerced to the column type anyway), unquotes a lone numeric literal ({@code '-1'::integer}
 * is how PostgreSQL prints {@code -1}), qualifies sequence names with the table's schema, drops {@code public.} and
 * {@code pg_catalog.} before function names, and treats {@code CURRENT_TIMESTAMP} as {@code now()}, which the
 * documentation defines as equivalent. Anything else must be written the way PostgreSQL prints it.
 */
final class DefaultExpressions {

	private static final Pattern NEXTVAL = Pattern.compile("nextval\\('((?:[^']|'')*)'\\)");

	private static final Pattern FUNCTION_QUALIFIER = Pattern
		.compile("(?<![a-z0-9_$\".])(?:pg_catalog|public)\\.(?=[a-z_][a-z0-9_$]*\\()");

	private static final Pattern NOW = Pattern
		.compile("(?<![a-z0-9_$\".])(?:current_timestamp(?![a-z0-9_$(])|transaction_timestamp\\(\\))");

	private static final Pattern NUMERIC_LITERAL = Pattern.compile("'(-?\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?)'");

	private DefaultExpressions() {
	}

	/** Whether two defaults mean the same; null (or {@code NULL}) is "no default". */
	static boolean same(@Nullable String expected, @Nullable String actual, String tableSchema) {
		String e = normalize(expected, tableSchema);
		String a = normalize(actual, tableSchema);
		return e == null ? a == null : e.equals(a);
	}

	/** The comparable form, or null for "no default". */
	/** Defaults repeat across thousands of columns (now(), false, 0): normalize each spelling once per JVM. */
	private static final java.util.Map<String, java.util.Optional<String>> NORMALIZED =
			new java.util.concurrent.ConcurrentHashMap<>();

	static @Nullable String normalize(@Nullable String expression, String tableSchema) {
		if (expression == null) {
			return normalizeOnce(null, tableSchema);
		}
		if (NORMALIZED.size() > 100_000) {
			NORMALIZED.clear(); // bounded: unique defaults cannot grow it without end
		}
		return NORMALIZED.computeIfAbsent(tableSchema + '\u0000' + expression,
				key -> java.util.Optional.ofNullable(normalizeOnce(expression, tableSchema))).orElse(null);
	}

	private static @Nullable String normalizeOnce(@Nullable String expression, String tableSchema) {
		if (expression == null || expression.isBlank()) {
			return null;
		}
		String s = SqlText.stripLiteralCasts(SqlText.normalize(expression));
		s = qualifySequences(s, tableSchema);
		s = SqlText.replaceOutsideQuotes(s, FUNCTION_QUALIFIER, "");
		s = SqlText.replaceOutsideQuotes(s, NOW, "now()");
		s = SqlText.stripOuterParentheses(s);
		if (s.equals("null") || s.startsWith("null::")) {
			return null;
		}
		Matcher number = NUMERIC_LITERAL.matcher(s);
		return number.matches() ? number.group(1) : s;
	}

	private static String qualifySequences(String s, String tableSchema) {
		Matcher m = NEXTVAL.matcher(s);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String name = m.group(1);
			String qualified = qualified(name) ? name : SqlIdentifiers.quoteIdent(tableSchema).replace("'", "''") + "." + name;
			m.appendReplacement(out, Matcher.quoteReplacement("nextval('" + qualified + "')"));
		}
		m.appendTail(out);
		return out.toString();
	}

	/** Whether a regclass literal names its schema: a dot outside double quotes. */
	private static boolean qualified(String name) {
		boolean quoted = false;
		for (char c : name.toCharArray()) {
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == '.' && !quoted) {
				return true;
			}
		}
		return false;
	}
}

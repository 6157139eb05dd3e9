package dev.tidemark.checks.rules;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalizes SQL fragments (defaults, index predicates, constraint definitions) so that what a person wrote and
 * what the catalog prints compare equal when they differ only in layout: case outside quotes, whitespace, outer
 * parentheses, and (on request) casts of string literals. Both sides always go through the same steps, so a
 * normalization can only make two texts equal that PostgreSQL would also treat alike.
 */
final class SqlText {

	/** A type name as it may follow {@code ::} in normalized text (lower case, spaces only between words). */
	private static final Pattern CAST_TYPE = Pattern.compile("::(?:(?:character varying|double precision|bit varying"
			+ "|(?:timestamp|time)(?:\\(\\d+\\))?(?: ?with(?:out)? time zone)?"
			+ "|(?:\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)(?:\\.(?:\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*))?)"
			+ "(?![a-z0-9_$])(?:\\(\\d+(?:,\\d+)?\\))?(?:\\[\\d*\\])*)");

	private SqlText() {
	}

	/**
	 * Lower case outside quotes, whitespace dropped except one space between two word characters, outer
	 * parentheses removed. String literals and quoted identifiers are kept as they are.
	 */
	static String normalize(String sql) {
		StringBuilder out = new StringBuilder(sql.length());
		boolean pendingSpace = false;
		int i = 0;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c)) {
				pendingSpace = true;
				i++;
				continue;
			}
			if (c == '\'' || c == '"') {
				int end = quotedEnd(sql, i);
				out.append(sql, i, end);
				i = end;
			}
			else {
				char lower = Character.toLowerCase(c);
				if (pendingSpace && !out.isEmpty() && isWord(out.charAt(out.length() - 1)) && isWord(lower)) {
					out.append(' ');
				}
				out.append(lower);
				i++;
			}
			pendingSpace = false;
		}
		return stripOuterParentheses(out.toString());
	}

	/** Removes {@code ::type} after string literals: {@code 'x'::text} and {@code 'x'} mean the same default. */
	static String stripLiteralCasts(String normalized) {
		StringBuilder out = new StringBuilder(normalized.length());
		int i = 0;
		while (i < normalized.length()) {
			char c = normalized.charAt(i);
			if (c == '\'' || c == '"') {
				int end = quotedEnd(normalized, i);
				out.append(normalized, i, end);
				i = end;
				if (c == '\'') {
					Matcher cast = CAST_TYPE.matcher(normalized);
					while (i < normalized.length() && cast.region(i, normalized.length()).lookingAt()) {
						i = cast.end();
					}
				}
			}
			else {
				out.append(c);
				i++;
			}
		}
		return out.toString();
	}

	/** Applies {@code pattern} to the text outside string literals and quoted identifiers only. */
	static String replaceOutsideQuotes(String text, Pattern pattern, String replacement) {
		StringBuilder out = new StringBuilder(text.length());
		int plainStart = 0;
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '\'' || c == '"') {
				out.append(pattern.matcher(text.substring(plainStart, i)).replaceAll(replacement));
				int end = quotedEnd(text, i);
				out.append(text, i, end);
				i = end;
				plainStart = end;
			}
			else {
				i++;
			}
		}
		out.append(pattern.matcher(text.substring(plainStart)).replaceAll(replacement));
		return out.toString();
	}

	/** Removes parentheses that enclose the whole text, as often as they do. */
	static String stripOuterParentheses(String text) {
		String s = text.strip();
		while (s.length() >= 2 && s.charAt(0) == '(' && closingParenthesis(s, 0) == s.length() - 1) {
			s = s.substring(1, s.length() - 1).strip();
		}
		return s;
	}

	static String upper(String keyword) {
		return keyword.strip().replace('_', ' ').replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
	}

	/** Index just past the quoted text that starts at {@code start}; doubled quotes are escapes. */
	private static int quotedEnd(String s, int start) {
		char quote = s.charAt(start);
		int i = start + 1;
		while (i < s.length()) {
			if (s.charAt(i) == quote) {
				if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		return s.length();
	}

	private static int closingParenthesis(String s, int open) {
		int depth = 0;
		int i = open;
		while (i < s.length()) {
			char c = s.charAt(i);
			if (c == '\'' || c == '"') {
				i = quotedEnd(s, i);
				continue;
			}
			if (c == '(') {
				depth++;
			}
			else if (c == ')' && --depth == 0) {
				return i;
			}
			i++;
		}
		return -1;
	}

	private static boolean isWord(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$';
	}
}

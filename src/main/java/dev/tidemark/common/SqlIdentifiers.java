package dev.tidemark.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Quoting of SQL identifiers and string literals for PostgreSQL, in one place.
 * <p>
 * {@link #quote} always quotes: it is what generated SQL uses, because names with quotes, spaces, capitals, unicode
 * and reserved words are real, and an always-quoted name is never mistaken for a keyword. {@link #quoteIdent}
 * follows PostgreSQL's {@code quote_ident} instead (quotes only when needed), for text that has to read the way the
 * catalog prints it. Neither accepts NUL, which PostgreSQL cannot store in a name or a text value.
 */
public final class SqlIdentifiers {

	/**
	 * The keywords {@code quote_ident} quotes: every category but the unreserved one (reserved, type/function-name
	 * and column-name keywords, from {@code pg_get_keywords()} of PostgreSQL 15, plus {@code system_user}, reserved
	 * since 16).
	 */
	private static final Set<String> KEYWORDS = Set.of("all", "analyse", "analyze", "and", "any", "array", "as",
			"asc", "asymmetric", "authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case",
			"cast", "char", "character", "check", "coalesce", "collate", "collation", "column", "concurrently",
			"constraint", "create", "cross", "current_catalog", "current_date", "current_role", "current_schema",
			"current_time", "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc",
			"distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for",
			"foreign", "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
			"initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is", "isnull", "join",
			"lateral", "leading", "least", "left", "like", "limit", "localtime", "localtimestamp", "national",
			"natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric", "offset", "on",
			"only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position", "precision",
			"primary", "real", "references", "returning", "right", "row", "select", "session_user", "setof",
			"similar", "smallint", "some", "substring", "symmetric", "system_user", "table", "tablesample", "then",
			"time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using",
			"values", "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes",
			"xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
			"xmlserialize", "xmltable");

	private SqlIdentifiers() {
	}

	/** Always quoted, embedded quotes doubled. Refuses the empty name and NUL. */
	public static String quote(String identifier) {
		if (identifier.isEmpty()) {
			throw new IllegalArgumentException("An identifier cannot be empty");
		}
		refuseNul(identifier, "An identifier");
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	/** {@code "schema"."name"}, or just {@code "name"} without a schema. */
	public static String qualified(@Nullable String schema, String name) {
		return schema == null ? quote(name) : quote(schema) + "." + quote(name);
	}

	/** {@code quote} of each name, joined with {@code ", "}. */
	public static String quoteAll(List<String> identifiers) {
		return identifiers.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
	}

	/**
	 * What PostgreSQL's {@code quote_ident} returns: the name as it is when it is a lower-case simple identifier
	 * that is not a keyword needing quotes, otherwise quoted with embedded quotes doubled.
	 */
	public static String quoteIdent(String identifier) {
		refuseNul(identifier, "An identifier");
		if (identifier.matches("[a-z_][a-z0-9_$]*") && !KEYWORDS.contains(identifier)) {
			return identifier;
		}
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	/** A lone identifier, unquoted when written quoted ({@code "select"} is the name {@code select}); stripped. */
	public static String unquote(String identifier) {
		String s = identifier.strip();
		if (s.length() >= 2 && s.charAt(0) == '"' && quotedEnd(s) == s.length()) {
			return s.substring(1, s.length() - 1).replace("\"\"", "\"");
		}
		return s;
	}

	/**
	 * A standard string literal, embedded single quotes doubled. Backslashes are kept as they are: they are plain
	 * characters under {@code standard_conforming_strings} (on by default since PostgreSQL 9.1).
	 */
	public static String literal(String value) {
		refuseNul(value, "A literal");
		return "'" + value.replace("'", "''") + "'";
	}

	private static void refuseNul(String text, String what) {
		if (text.indexOf('\0') >= 0) {
			throw new IllegalArgumentException(what + " cannot contain NUL");
		}
	}

	/** Index just past the quoted identifier that starts at 0 (doubled quotes are escapes), -1 if unterminated. */
	private static int quotedEnd(String s) {
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
		return -1;
	}

	/** PostgreSQL's NAMEDATALEN - 1, in bytes. */
	public static final int MAX_NAME_BYTES = 63;

	/**
	 * A name made of {@code base} and {@code suffix} that fits in 63 bytes: when it does not, base is cut on a
	 * code point boundary and a hash of the whole keeps it unique.
	 */
	public static String fitName(String base, String suffix) {
		String whole = base + suffix;
		if (whole.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
			return whole;
		}
		String tail = "_" + shortHash(whole) + suffix;
		int budget = MAX_NAME_BYTES - tail.getBytes(StandardCharsets.UTF_8).length;
		StringBuilder cut = new StringBuilder();
		int used = 0;
		for (int i = 0; i < base.length();) {
			int cp = base.codePointAt(i);
			int bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
			if (used + bytes > budget) {
				break;
			}
			cut.appendCodePoint(cp);
			used += bytes;
			i += Character.charCount(cp);
		}
		return cut + tail;
	}

	/** Eight hex digits of a SHA-256: short, stable names for generated objects. */
	public static String shortHash(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}

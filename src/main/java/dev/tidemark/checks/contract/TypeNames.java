package dev.tidemark.checks.contract;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Type names as PostgreSQL normalizes them, so a contract's {@code int8} or {@code varchar(10)} compares with the
 * catalog's {@code format_type} output ({@code bigint}, {@code character varying(10)}). Case-insensitive and
 * whitespace-insensitive outside double quotes; quoted names keep their case.
 */
public final class TypeNames {

	/** Aliases whose canonical spelling takes no modifier handling beyond keeping it. */
	private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("int2", "smallint"),
			Map.entry("smallint", "smallint"), Map.entry("smallserial", "smallint"), Map.entry("serial2", "smallint"),
			Map.entry("int4", "integer"), Map.entry("int", "integer"), Map.entry("integer", "integer"),
			Map.entry("serial", "integer"), Map.entry("serial4", "integer"), Map.entry("int8", "bigint"),
			Map.entry("bigint", "bigint"), Map.entry("bigserial", "bigint"), Map.entry("serial8", "bigint"),
			Map.entry("float4", "real"), Map.entry("real", "real"), Map.entry("float8", "double precision"),
			Map.entry("double precision", "double precision"), Map.entry("bool", "boolean"),
			Map.entry("boolean", "boolean"), Map.entry("varchar", "character varying"),
			Map.entry("character varying", "character varying"), Map.entry("char varying", "character varying"),
			Map.entry("decimal", "numeric"), Map.entry("numeric", "numeric"), Map.entry("varbit", "bit varying"),
			Map.entry("bit varying", "bit varying"));

	/** name, optional (modifier), optional time zone clause: {@code timestamp(3) with time zone}. */
	private static final Pattern SHAPE = Pattern
		.compile("([a-z_][a-z0-9_$ ]*?)(?:\\(([^()]*)\\))?(?: (with|without) time zone)?");

	private static final Pattern ARRAY_SUFFIX = Pattern.compile("(?:\\[\\d*\\]|\\s+array(?:\\[\\d*\\])?)+$");

	private TypeNames() {
	}

	/**
	 * The canonical spelling: {@code format_type}'s for built-in types ({@code int8} → {@code bigint},
	 * {@code timestamptz} → {@code timestamp with time zone}, {@code numeric(10)} → {@code numeric(10,0)},
	 * {@code serial} → {@code integer}, {@code _text} → {@code text[]}); {@code pg_catalog.} is dropped, other
	 * schema qualifications are kept.
	 */
	public static String normalize(String type) {
		String s = lowerAndCollapse(type);
		boolean array = false;
		Matcher suffix = ARRAY_SUFFIX.matcher(s);
		if (suffix.find()) {
			array = true;
			s = s.substring(0, suffix.start()).trim();
		}
		int dot = lastUnquotedDot(s);
		String schema = dot < 0 ? null : s.substring(0, dot);
		String name = dot < 0 ? s : s.substring(dot + 1);
		if ("pg_catalog".equals(schema)) {
			schema = null;
		}
		// _int4 is how the catalog names integer[]
		if (!array && name.startsWith("_") && name.length() > 1) {
			array = true;
			name = name.substring(1);
		}
		if (schema == null) {
			name = builtin(name);
		}
		return (schema == null ? "" : schema + ".") + name + (array ? "[]" : "");
	}

	/**
	 * Whether a contract's type names the catalog's type. An unqualified name matches that type in any schema
	 * ({@code citext} matches {@code public.citext}); built-in aliases match ({@code int8} and {@code bigint}).
	 */
	public static boolean same(String contractType, String catalogType) {
		String expected = normalize(contractType);
		String actual = normalize(catalogType);
		if (expected.equals(actual)) {
			return true;
		}
		boolean expectedQualified = lastUnquotedDot(expected) >= 0;
		boolean actualQualified = lastUnquotedDot(actual) >= 0;
		if (expectedQualified == actualQualified) {
			return false;
		}
		return unqualified(expected).equals(unqualified(actual));
	}

	private static String unqualified(String normalized) {
		int dot = lastUnquotedDot(normalized);
		return dot < 0 ? normalized : normalized.substring(dot + 1);
	}

	private static String builtin(String name) {
		Matcher m = SHAPE.matcher(name);
		if (!m.matches()) {
			return name;
		}
		String base = m.group(1).trim();
		String modifier = m.group(2);
		String zone = m.group(3);
		String mod = modifier == null ? "" : "(" + modifier + ")";
		switch (base) {
			case "timestamp", "timestamptz", "time", "timetz" -> {
				boolean withZone = base.endsWith("tz") || "with".equals(zone);
				String root = base.startsWith("timestamp") ? "timestamp" : "time";
				return root + mod + (withZone ? " with time zone" : " without time zone");
			}
			case "char", "character" -> {
				// a bare char is char(1), as in CREATE TABLE
				return "character" + (modifier == null ? "(1)" : mod);
			}
			case "bpchar" -> {
				return modifier == null ? "bpchar" : "character" + mod;
			}
			case "bit" -> {
				return "bit" + (modifier == null ? "(1)" : mod);
			}
			case "float" -> {
				// float(p): 1..24 is real, 25..53 (or none) is double precision
				if (modifier != null && modifier.matches("\\d+") && Integer.parseInt(modifier) <= 24) {
					return "real";
				}
				return "double precision";
			}
			case "numeric", "decimal" -> {
				return "numeric" + (modifier != null && modifier.matches("\\d+") ? "(" + modifier + ",0)" : mod);
			}
			default -> {
				if (zone != null) {
					return name;
				}
				String alias = ALIASES.get(base);
				return alias == null ? name : alias + mod;
			}
		}
	}

	/** Lower case and single spaces outside double quotes; no spaces around ( ) , [ ] or dots. */
	private static String lowerAndCollapse(String type) {
		StringBuilder out = new StringBuilder();
		boolean quoted = false;
		boolean pendingSpace = false;
		for (int i = 0; i < type.length(); i++) {
			char c = type.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			if (!quoted && c != '"' && Character.isWhitespace(c)) {
				pendingSpace = true;
				continue;
			}
			if (pendingSpace) {
				char last = out.isEmpty() ? '(' : out.charAt(out.length() - 1);
				if ("([,.".indexOf(last) < 0 && "()[],.".indexOf(c) < 0) {
					out.append(' ');
				}
				pendingSpace = false;
			}
			// Character.toLowerCase is locale-independent: no Turkish dotless i in type names
			out.append(quoted || c == '"' ? c : Character.toLowerCase(c));
		}
		return out.toString();
	}

	private static int lastUnquotedDot(String s) {
		boolean quoted = false;
		int found = -1;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == '(') {
				break;
			}
			else if (c == '.' && !quoted) {
				found = i;
			}
		}
		return found;
	}
}

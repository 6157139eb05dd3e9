package dev.tidemark.remediation.internal;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import dev.tidemark.common.SqlIdentifiers;


/**
 * Helpers for generated SQL beyond quoting (quoting itself is {@link SqlIdentifiers}): relation probes, names that
 * fit in 63 bytes, one-line statements.
 */
public final class Sql {

	/** PostgreSQL's NAMEDATALEN - 1, in bytes. */
	static final int MAX_NAME_BYTES = 63;

	private Sql() {
	}

	/** {@code to_regclass('"schema"."name"')}: NULL when the relation is gone, so a count over it is 0. */
	static String regclass(String schema, String name) {
		return "to_regclass(" + SqlIdentifiers.literal(SqlIdentifiers.qualified(schema, name)) + ")";
	}

	/**
	 * A name made of {@code base} and {@code suffix} that fits in 63 bytes: when it does not, base is cut on a
	 * code point boundary and a hash of the whole keeps it unique.
	 */
	static String fit(String base, String suffix) {
		String whole = base + suffix;
		if (whole.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
			return whole;
		}
		String tail = "_" + hash(whole) + suffix;
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

	/** Eight hex digits of a SHA-256: short, stable names for helper constraints. */
	static String hash(String text) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Collapses a statement onto one line (preconditions are one comment line in formatted SQL). */
	static String oneLine(String sql) {
		return sql.replaceAll("\\s*\\R\\s*", " ").strip();
	}
}

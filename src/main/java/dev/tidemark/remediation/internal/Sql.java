package dev.tidemark.remediation.internal;

import dev.tidemark.common.SqlIdentifiers;


/**
 * Helpers for generated SQL beyond quoting (quoting itself is {@link SqlIdentifiers}): relation probes, names that
 * fit in 63 bytes, one-line statements.
 */
public final class Sql {

	private Sql() {
	}

	/** {@code to_regclass('"schema"."name"')}: NULL when the relation is gone, so a count over it is 0. */
	static String regclass(String schema, String name) {
		return "to_regclass(" + SqlIdentifiers.literal(SqlIdentifiers.qualified(schema, name)) + ")";
	}

	/** See {@link SqlIdentifiers#fitName}. */
	static String fit(String base, String suffix) {
		return SqlIdentifiers.fitName(base, suffix);
	}

	/** See {@link SqlIdentifiers#shortHash}. */
	static String hash(String text) {
		return SqlIdentifiers.shortHash(text);
	}

	/** Collapses a statement onto one line (preconditions are one comment line in formatted SQL). */
	static String oneLine(String sql) {
		return sql.replaceAll("\\s*\\R\\s*", " ").strip();
	}
}

package dev.tidemark.remediation.internal;

import static dev.tidemark.remediation.internal.Sql.literal;
import static dev.tidemark.remediation.internal.Sql.regclass;

/**
 * Precondition queries: each counts catalog rows, so a changeset runs while the count shows the drift and is
 * marked ran once it is gone. Schema-qualified catalogs, so a hostile search_path changes nothing.
 */
final class Probes {

	private Probes() {
	}

	static String column(String schema, String table, String column) {
		return "SELECT count(*) FROM pg_catalog.pg_attribute WHERE attrelid = " + regclass(schema, table)
				+ " AND attname = " + literal(column) + " AND attnum > 0 AND NOT attisdropped";
	}

	static String nullableColumn(String schema, String table, String column) {
		return column(schema, table, column) + " AND NOT attnotnull";
	}

	static String notNullColumn(String schema, String table, String column) {
		return column(schema, table, column) + " AND attnotnull";
	}

	static String constraint(String schema, String table, String name) {
		return "SELECT count(*) FROM pg_catalog.pg_constraint WHERE conrelid = " + regclass(schema, table)
				+ " AND conname = " + literal(name);
	}

	static String unvalidatedConstraint(String schema, String table, String name) {
		return constraint(schema, table, name) + " AND NOT convalidated";
	}

	static String primaryKey(String schema, String table) {
		return "SELECT count(*) FROM pg_catalog.pg_constraint WHERE conrelid = " + regclass(schema, table)
				+ " AND contype = 'p'";
	}

	/** Any relation (table, index, view, sequence) of that name: they share one namespace per schema. */
	static String relation(String schema, String name) {
		return "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
				+ " WHERE n.nspname = " + literal(schema) + " AND c.relname = " + literal(name);
	}

	static String unattachedTable(String schema, String name) {
		return relation(schema, name) + " AND c.relkind = 'r' AND NOT c.relispartition";
	}

	static String invalidIndex(String schema, String name) {
		return "SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid"
				+ " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = " + literal(schema)
				+ " AND c.relname = " + literal(name) + " AND NOT (i.indisvalid AND i.indisready)";
	}

	static String extension(String name) {
		return "SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = " + literal(name);
	}

	static String extensionVersion(String name, String version) {
		return extension(name) + " AND extversion = " + literal(version);
	}
}

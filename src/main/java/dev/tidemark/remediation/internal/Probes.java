package dev.tidemark.remediation.internal;

import dev.tidemark.common.SqlIdentifiers;

import static dev.tidemark.common.SqlIdentifiers.literal;
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

	/** The partition's indexes attached to the (partitioned) parent index: at most one. */
	static String attachedIndex(String schema, String parentIndex, String partitionSchema, String partition) {
		return "SELECT count(*) FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_index i ON i.indexrelid = h.inhrelid"
				+ " WHERE h.inhparent = " + regclass(schema, parentIndex) + " AND i.indrelid = "
				+ regclass(partitionSchema, partition);
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

	/** A valid unique index on the relation whose key columns are these, by name and in order (not partial). */
	static String validUniqueIndexOn(String schema, String table, java.util.List<String> columns) {
		String names = columns.stream().map(SqlIdentifiers::literal).collect(java.util.stream.Collectors.joining(", "));
		return "SELECT count(*) FROM pg_catalog.pg_index ix WHERE ix.indrelid = " + regclass(schema, table)
				+ " AND ix.indisunique AND ix.indisvalid AND ix.indpred IS NULL AND ARRAY(SELECT a.attname::text FROM"
				+ " unnest((ix.indkey::int2[])[0:ix.indnkeyatts - 1]) WITH ORDINALITY k(attnum, ord) JOIN"
				+ " pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.ord)"
				+ " = ARRAY[" + names + "]::text[]";
	}

	static String hypertable(String schema, String table) {
		return "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = " + literal(schema)
				+ " AND hypertable_name = " + literal(table);
	}

	static String compressionEnabled(String schema, String table) {
		return hypertable(schema, table) + " AND compression_enabled";
	}

	/** 1 while the hypertable has at least one job of that policy procedure, 0 otherwise. */
	static String policyExists(String schema, String table, String procedure) {
		return policyExists(schema, table, procedure, "TRUE");
	}

	/** 1 while the hypertable has a job of that policy procedure meeting the condition (on column config). */
	static String policyExists(String schema, String table, String procedure, String condition) {
		return "SELECT count(*) FROM (SELECT 1) x WHERE EXISTS (SELECT 1 FROM timescaledb_information.jobs WHERE "
				+ "hypertable_schema = " + literal(schema) + " AND hypertable_name = " + literal(table)
				+ " AND proc_name = " + literal(procedure) + " AND " + condition + ")";
	}
}

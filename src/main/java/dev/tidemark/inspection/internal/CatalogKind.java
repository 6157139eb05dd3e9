package dev.tidemark.inspection.internal;

import java.util.Locale;

/**
 * One catalog query, loaded from {@code sql/catalog/<kind>.sql}. Templates read one history table each and carry
 * a {@code {{table}}} placeholder for the quoted table name.
 */
public enum CatalogKind {

	SERVER, SCHEMAS, EXTENSIONS, TABLES, COLUMNS, CONSTRAINTS, CONSTRAINT_VIOLATIONS, INDEXES, VIEWS, SEQUENCES, FUNCTIONS, TRIGGERS,
	TYPES, COLLATIONS, POLICIES, PRIVILEGES, DEFAULT_PRIVILEGES, ROLES,
	PARTITIONED_TABLES, PARTITIONS, DEFAULT_PARTITION_ROWS, PARTMAN_CONFIG, MIGRATION_TABLES,
	TIMESCALE_EXTENSION, TIMESCALE_HYPERTABLES, TIMESCALE_COMPRESSION_SIZES, TIMESCALE_DIMENSIONS,
	TIMESCALE_CHUNK_INDEX_GAPS,
	TIMESCALE_REFERENCING_FOREIGN_KEYS, TIMESCALE_CONTINUOUS_AGGREGATES, TIMESCALE_JOBS, TIMESCALE_USER_SCHEMA_CHUNKS,
	MIGRATION_PRISMA(true), MIGRATION_ALEMBIC(true), MIGRATION_LIQUIBASE(true), MIGRATION_LIQUIBASE_LOCK(true),
	MIGRATION_FLYWAY(true);

	private final boolean template;

	CatalogKind() {
		this(false);
	}

	CatalogKind(boolean template) {
		this.template = template;
	}

	public String fileName() {
		return name().toLowerCase(Locale.ROOT) + ".sql";
	}

	/** For messages: {@code default partition rows}. */
	public String label() {
		return name().toLowerCase(Locale.ROOT).replace('_', ' ');
	}

	public boolean isTemplate() {
		return template;
	}
}

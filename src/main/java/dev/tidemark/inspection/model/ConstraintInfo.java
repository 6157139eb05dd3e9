package dev.tidemark.inspection.model;

import java.util.List;

/**
 * A constraint of any kind. Foreign keys carry their target and actions; {@code definition} is
 * {@code pg_get_constraintdef} output.
 *
 * @param violatingRows for a NOT VALID foreign key or CHECK: how many existing rows break it (orphaned rows for
 * a foreign key), counted up to {@link #VIOLATING_ROWS_CAP} (that count means "more than 10,000"); null when the
 * constraint is validated or the rows could not be counted (no SELECT privilege, row-level security, or the
 * count failed: a CHECK that raises on an existing row, a statement timeout)
 */
public record ConstraintInfo(String schema, String table, String name, ConstraintType type, List<String> columns,
		String referencedSchema, String referencedTable, List<String> referencedColumns, String onDelete,
		String onUpdate, boolean deferrable, boolean initiallyDeferred, boolean validated, boolean inherited,
		String index, String definition, Long violatingRows) implements CatalogObject {

	/** Counting stops here: a count this high means "more than 10,000". */
	public static final long VIOLATING_ROWS_CAP = 10_001;

	public enum ConstraintType {
		PRIMARY_KEY, UNIQUE, CHECK, FOREIGN_KEY, EXCLUDE
	}

	@Override
	public String key() {
		return CatalogObject.qualified(schema, table, name);
	}

	public String tableKey() {
		return CatalogObject.qualified(schema, table);
	}
}

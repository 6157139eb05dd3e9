package dev.tidemark.inspection.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A constraint of any kind. Foreign keys carry their target and actions (null on other kinds); {@code index} is the
 * index behind a primary key, unique or exclusion constraint (null on others); {@code definition} is
 * {@code pg_get_constraintdef} output.
 *
 * @param violatingRows for a NOT VALID foreign key or CHECK: how many existing rows break it (orphaned rows for
 * a foreign key), counted up to {@link #VIOLATING_ROWS_CAP} (that count means "more than 10,000"); null when the
 * constraint is validated or the rows could not be counted (no SELECT privilege, row-level security, or the
 * count failed: a CHECK that raises on an existing row, a statement timeout)
 */
public record ConstraintInfo(String schema, String table, String name, ConstraintType type, List<String> columns,
		@Nullable String referencedSchema, @Nullable String referencedTable, List<String> referencedColumns,
		@Nullable String onDelete, @Nullable String onUpdate, boolean deferrable, boolean initiallyDeferred,
		boolean validated, boolean inherited, @Nullable String index, String definition,
		@Nullable Long violatingRows) implements CatalogObject {

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

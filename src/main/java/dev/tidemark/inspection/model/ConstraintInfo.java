package dev.tidemark.inspection.model;

import java.util.List;

/**
 * A constraint of any kind. Foreign keys carry their target and actions; {@code definition} is
 * {@code pg_get_constraintdef} output.
 */
public record ConstraintInfo(String schema, String table, String name, ConstraintType type, List<String> columns,
		String referencedSchema, String referencedTable, List<String> referencedColumns, String onDelete,
		String onUpdate, boolean deferrable, boolean initiallyDeferred, boolean validated, boolean inherited,
		String index, String definition) implements CatalogObject {

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

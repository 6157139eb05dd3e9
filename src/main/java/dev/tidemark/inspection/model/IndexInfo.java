package dev.tidemark.inspection.model;

import java.util.List;

/**
 * An index. {@code columns} are the key columns in order (expressions deparsed), {@code predicate} the WHERE
 * clause of a partial index, {@code constraint} the constraint it backs, if any.
 */
public record IndexInfo(String schema, String table, String name, String method, boolean unique, boolean primary,
		List<String> columns, List<String> includedColumns, String predicate, boolean valid, boolean ready,
		String constraint, String definition) implements CatalogObject {

	@Override
	public String key() {
		return CatalogObject.qualified(schema, name);
	}

	public String tableKey() {
		return CatalogObject.qualified(schema, table);
	}

	public boolean partial() {
		return predicate != null;
	}
}

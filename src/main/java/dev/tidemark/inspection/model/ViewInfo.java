package dev.tidemark.inspection.model;

import java.util.List;

/**
 * A view or materialized view. {@code definitionHash} is the md5 of {@code pg_get_viewdef}; for a materialized
 * view {@code populated} and {@code hasUniqueIndex} (a valid, non-partial, expression-free unique index, which
 * REFRESH ... CONCURRENTLY needs) are set.
 */
public record ViewInfo(String schema, String name, boolean materialized, String owner, Boolean populated,
		Boolean hasUniqueIndex, String definitionHash, List<ColumnInfo> columns) implements CatalogObject {
	@Override
	public String key() {
		return CatalogObject.qualified(schema, name);
	}
}

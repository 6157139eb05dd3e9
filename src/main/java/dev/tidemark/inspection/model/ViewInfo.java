package dev.tidemark.inspection.model;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A view or materialized view. {@code definitionHash} is the md5 of {@code pg_get_viewdef}; for a materialized
 * view {@code populated} and {@code hasUniqueIndex} (a valid, non-partial, expression-free unique index, which
 * REFRESH ... CONCURRENTLY needs) are set. Since format 2: {@code definition} ({@code pg_get_viewdef}, pretty),
 * {@code dependsOn} (the relations, views and functions it reads, schema-qualified, sorted: functions with their
 * identity arguments) and {@code comment}.
 */
public record ViewInfo(String schema, String name, boolean materialized, String owner, Boolean populated,
		Boolean hasUniqueIndex, String definitionHash, List<ColumnInfo> columns, @Nullable String definition,
		List<String> dependsOn, @Nullable String comment) implements CatalogObject {

	public ViewInfo {
		dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
	}

	/** The format-1 shape: the definition's hash only. */
	public ViewInfo(String schema, String name, boolean materialized, String owner, Boolean populated,
			Boolean hasUniqueIndex, String definitionHash, List<ColumnInfo> columns) {
		this(schema, name, materialized, owner, populated, hasUniqueIndex, definitionHash, columns, null, List.of(),
				null);
	}
	@Override
	public String key() {
		return CatalogObject.qualified(schema, name);
	}
}

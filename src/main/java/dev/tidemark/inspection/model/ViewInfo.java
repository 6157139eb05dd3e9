package dev.tidemark.inspection.model;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A view or materialized view. {@code definitionHash} is the md5 of {@code pg_get_viewdef}; for a materialized
 * view {@code populated} and {@code hasUniqueIndex} (a valid, non-partial, expression-free unique index, which
 * REFRESH ... CONCURRENTLY needs) are set. Since format 2: {@code definition} ({@code pg_get_viewdef}, pretty),
 * {@code dependsOn} (the relations, views and functions it reads, schema-qualified, sorted: functions with their
 * identity arguments) and {@code comment}. {@code rules}, added to format 2 later: the view's rewrite rules other
 * than its query, by name; null in a snapshot read before they were (unknown, not none).
 */
public record ViewInfo(String schema, String name, boolean materialized, String owner, Boolean populated,
		Boolean hasUniqueIndex, String definitionHash, List<ColumnInfo> columns, @Nullable String definition,
		List<String> dependsOn, @Nullable String comment, @Nullable List<RuleInfo> rules) implements CatalogObject {

	public ViewInfo {
		dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
		rules = rules == null ? null : List.copyOf(rules);
	}

	/** Rules unknown (built by hand, or read before rules were). */
	public ViewInfo(String schema, String name, boolean materialized, String owner, Boolean populated,
			Boolean hasUniqueIndex, String definitionHash, List<ColumnInfo> columns, @Nullable String definition,
			List<String> dependsOn, @Nullable String comment) {
		this(schema, name, materialized, owner, populated, hasUniqueIndex, definitionHash, columns, definition,
				dependsOn, comment, null);
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

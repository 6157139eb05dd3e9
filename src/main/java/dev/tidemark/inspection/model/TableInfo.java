package dev.tidemark.inspection.model;

import org.jspecify.annotations.Nullable;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A table, partitioned table or foreign table. Partitions are listed too ({@code partitionOf} set, with
 * {@code partitionBound} as {@code pg_get_expr} prints it, e.g. {@code FOR VALUES FROM ('2024-01-01') TO (...)} or
 * {@code DEFAULT}) but carry no columns: theirs come from the parent. {@code inherits} lists the parents of
 * traditional inheritance (schema-qualified, in order), {@code options} the storage parameters
 * ({@code fillfactor=70}), sorted. Since format 2: bound, inherits, row security, options, comment.
 * {@code estimatedRows}: the planner's estimate ({@code pg_class.reltuples}), null when the table was never
 * analyzed (or vacuumed) and for a partitioned table, whose partitions carry theirs; it moves with the data, so
 * diffs, reference comparisons and plan fingerprints leave it out.
 */
public record TableInfo(String schema, String name, TableKind kind, String persistence, String owner,
		String partitionOf, List<ColumnInfo> columns, @Nullable String partitionBound, List<String> inherits,
		boolean rowSecurity, boolean forceRowSecurity, List<String> options, @Nullable String comment,
		@Nullable Long estimatedRows) implements CatalogObject {

	public TableInfo {
		inherits = inherits == null ? List.of() : List.copyOf(inherits);
		options = options == null ? List.of() : List.copyOf(options);
	}

	/** The format-1 shape: no bound, inheritance, row security, storage parameters or comment. */
	public TableInfo(String schema, String name, TableKind kind, String persistence, String owner, String partitionOf,
			List<ColumnInfo> columns) {
		this(schema, name, kind, persistence, owner, partitionOf, columns, null, List.of(), false, false, List.of(),
				null, null);
	}

	/** Without a row estimate. */
	public TableInfo(String schema, String name, TableKind kind, String persistence, String owner, String partitionOf,
			List<ColumnInfo> columns, @Nullable String partitionBound, List<String> inherits, boolean rowSecurity,
			boolean forceRowSecurity, List<String> options, @Nullable String comment) {
		this(schema, name, kind, persistence, owner, partitionOf, columns, partitionBound, inherits, rowSecurity,
				forceRowSecurity, options, comment, null);
	}

	public enum TableKind {
		TABLE, PARTITIONED_TABLE, FOREIGN_TABLE
	}

	@Override
	public String key() {
		return CatalogObject.qualified(schema, name);
	}

	/** Derived from {@code partitionOf}; kept out of the JSON, which holds record components only. */
	@JsonIgnore
	public boolean isPartition() {
		return partitionOf != null;
	}
}

package dev.tidemark.inspection.model;

import org.jspecify.annotations.Nullable;

/**
 * A column. {@code type} is {@code format_type()} output with {@code search_path = pg_catalog}, so user types
 * are schema-qualified; {@code identity} is {@code ALWAYS}, {@code BY DEFAULT} or null.
 * {@code statisticsTarget} ({@code SET STATISTICS}) is null for the default; {@code storage} ({@code PLAIN},
 * {@code EXTERNAL}, {@code EXTENDED} or {@code MAIN}) and {@code typeStorage} (the type's, what {@code storage}
 * returns to) are null while the column keeps its type's storage. Null therefore reads as the default, also in
 * snapshots read before these were.
 */
public record ColumnInfo(int position, String name, String type, boolean nullable, String defaultExpression,
		String identity, String generatedExpression, String collation, @Nullable String comment,
		@Nullable Integer statisticsTarget, @Nullable String storage, @Nullable String typeStorage) {

	/** Without the statistics target and storage (their defaults). */
	public ColumnInfo(int position, String name, String type, boolean nullable, String defaultExpression,
			String identity, String generatedExpression, String collation, @Nullable String comment) {
		this(position, name, type, nullable, defaultExpression, identity, generatedExpression, collation, comment,
				null, null, null);
	}

	/** The format-1 shape, without a comment. */
	public ColumnInfo(int position, String name, String type, boolean nullable, String defaultExpression,
			String identity, String generatedExpression, String collation) {
		this(position, name, type, nullable, defaultExpression, identity, generatedExpression, collation, (String) null);
	}
}

package dev.tidemark.inspection.model;

import org.jspecify.annotations.Nullable;

/**
 * A column. {@code type} is {@code format_type()} output with {@code search_path = pg_catalog}, so user types
 * are schema-qualified; {@code identity} is {@code ALWAYS}, {@code BY DEFAULT} or null.
 */
public record ColumnInfo(int position, String name, String type, boolean nullable, String defaultExpression,
		String identity, String generatedExpression, String collation, @Nullable String comment) {

	/** The format-1 shape, without a comment. */
	public ColumnInfo(int position, String name, String type, boolean nullable, String defaultExpression,
			String identity, String generatedExpression, String collation) {
		this(position, name, type, nullable, defaultExpression, identity, generatedExpression, collation, null);
	}
}

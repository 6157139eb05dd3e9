package dev.tidemark.inspection.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

/**
 * A column. {@code type} is {@code format_type()} output with {@code search_path = pg_catalog}, so user types
 * are schema-qualified; {@code identity} is {@code ALWAYS}, {@code BY DEFAULT} or null.
 * {@code statisticsTarget} ({@code SET STATISTICS}) is null for the default; {@code storage} ({@code PLAIN},
 * {@code EXTERNAL}, {@code EXTENDED} or {@code MAIN}) is null while the column keeps its type's storage,
 * {@code typeStorage}. A snapshot read before these were has {@code typeStorage} null: its statistics target and
 * storage are unknown, not the defaults, and are not compared ({@link #knowsSettings()}).
 */
public record ColumnInfo(int position, String name, String type, boolean nullable, String defaultExpression,
		String identity, String generatedExpression, String collation, @Nullable String comment,
		@Nullable Integer statisticsTarget, @Nullable String storage, @Nullable String typeStorage) {

	/** Whether the statistics target and storage were read (null ones are the defaults, not unknown). */
	@JsonIgnore
	public boolean knowsSettings() {
		return typeStorage != null;
	}

	/** As read before statistics targets and storage were: they are unknown. */
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

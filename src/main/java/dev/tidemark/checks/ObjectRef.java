package dev.tidemark.checks;

import org.jspecify.annotations.Nullable;

/**
 * The object a finding is about: its kind ({@code table}, {@code column}, {@code constraint}, {@code index},
 * {@code extension}, {@code migration}, ...), its schema-qualified name, and for sub-objects the part within it
 * (a column name, a constraint name). {@link #text()} is what lists show and search.
 */
public record ObjectRef(String kind, @Nullable String schema, String name, @Nullable String part) {

	public static ObjectRef table(String schema, String table) {
		return new ObjectRef("table", schema, table, null);
	}

	public static ObjectRef column(String schema, String table, String column) {
		return new ObjectRef("column", schema, table, column);
	}

	public static ObjectRef of(String kind, @Nullable String schema, String name) {
		return new ObjectRef(kind, schema, name, null);
	}

	public String text() {
		String base = schema == null ? name : schema + "." + name;
		return part == null ? base : base + "." + part;
	}
}

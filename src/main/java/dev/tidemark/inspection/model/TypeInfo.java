package dev.tidemark.inspection.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A user-defined type: an enum ({@code enumValues} in their sort order), a domain ({@code baseType} with
 * {@code format_type}, its default, NOT NULL and named CHECK constraints as {@code name: pg_get_constraintdef}),
 * a composite type ({@code attributes} in order) or a range ({@code baseType} is the subtype, {@code subtypeDiff}
 * its difference function as {@code regproc} prints it, which GiST indexes use). Types that a table,
 * view or sequence implies (row types) are not listed. {@code owner}: null in snapshots read before it was
 * (unknown, never compared). Since format 2.
 */
public record TypeInfo(String schema, String name, Kind kind, List<String> enumValues, @Nullable String baseType,
		@Nullable String defaultExpression, boolean notNull, List<String> constraints, List<Attribute> attributes,
		@Nullable String collation, @Nullable String comment, @Nullable String subtypeDiff, @Nullable String owner)
		implements CatalogObject {

	/** Without the owner. */
	public TypeInfo(String schema, String name, Kind kind, List<String> enumValues, @Nullable String baseType,
			@Nullable String defaultExpression, boolean notNull, List<String> constraints, List<Attribute> attributes,
			@Nullable String collation, @Nullable String comment, @Nullable String subtypeDiff) {
		this(schema, name, kind, enumValues, baseType, defaultExpression, notNull, constraints, attributes, collation,
				comment, subtypeDiff, null);
	}

	/** Without a range's {@code subtype_diff} function. */
	public TypeInfo(String schema, String name, Kind kind, List<String> enumValues, @Nullable String baseType,
			@Nullable String defaultExpression, boolean notNull, List<String> constraints, List<Attribute> attributes,
			@Nullable String collation, @Nullable String comment) {
		this(schema, name, kind, enumValues, baseType, defaultExpression, notNull, constraints, attributes, collation,
				comment, null, null);
	}

	public enum Kind {
		ENUM, DOMAIN, COMPOSITE, RANGE
	}

	/** A composite type's attribute: name, {@code format_type} and a non-default collation. */
	public record Attribute(String name, String type, @Nullable String collation) {
	}

	public TypeInfo {
		enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
		constraints = constraints == null ? List.of() : List.copyOf(constraints);
		attributes = attributes == null ? List.of() : List.copyOf(attributes);
	}

	@Override
	public String key() {
		return CatalogObject.qualified(schema, name);
	}
}

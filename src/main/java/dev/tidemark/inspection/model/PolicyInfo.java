package dev.tidemark.inspection.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A row-level security policy: {@code command} is {@code ALL}, {@code SELECT}, {@code INSERT}, {@code UPDATE} or
 * {@code DELETE}; {@code roles} sorted ({@code public} for PUBLIC); {@code using} and {@code withCheck} as
 * {@code pg_get_expr} prints them. Whether the table enforces row security is on {@link TableInfo}. Since format 2.
 */
public record PolicyInfo(String schema, String table, String name, boolean permissive, String command,
		List<String> roles, @Nullable String using, @Nullable String withCheck) implements CatalogObject {

	public PolicyInfo {
		roles = roles == null ? List.of() : List.copyOf(roles);
	}

	@Override
	public String key() {
		return CatalogObject.qualified(schema, table, name);
	}
}

package dev.tidemark.inspection.model;

import org.jspecify.annotations.Nullable;

/**
 * A function, procedure, aggregate or window function; overloads differ by {@code arguments}. Since format 2:
 * {@code definition}, the whole {@code CREATE OR REPLACE} statement {@code pg_get_functiondef} prints (null for
 * aggregates, which it cannot print), {@code comment} and {@code owner} (null in snapshots read before it was:
 * unknown, never compared).
 */
public record FunctionInfo(String schema, String name, String arguments, String kind, String returns,
		String language, String volatility, boolean securityDefiner, String bodyHash, @Nullable String definition,
		@Nullable String comment, @Nullable String owner) implements CatalogObject {

	/** Without the owner. */
	public FunctionInfo(String schema, String name, String arguments, String kind, String returns, String language,
			String volatility, boolean securityDefiner, String bodyHash, @Nullable String definition,
			@Nullable String comment) {
		this(schema, name, arguments, kind, returns, language, volatility, securityDefiner, bodyHash, definition,
				comment, null);
	}

	/** The format-1 shape: the body's hash only. */
	public FunctionInfo(String schema, String name, String arguments, String kind, String returns, String language,
			String volatility, boolean securityDefiner, String bodyHash) {
		this(schema, name, arguments, kind, returns, language, volatility, securityDefiner, bodyHash, null, null, null);
	}
	@Override
	public String key() {
		return CatalogObject.qualified(schema, name) + "(" + arguments + ")";
	}
}

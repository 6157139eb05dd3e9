package dev.tidemark.inspection.model;

/** A function, procedure, aggregate or window function; overloads differ by {@code arguments}. */
public record FunctionInfo(String schema, String name, String arguments, String kind, String returns,
		String language, String volatility, boolean securityDefiner, String bodyHash) implements CatalogObject {
	@Override
	public String key() {
		return CatalogObject.qualified(schema, name) + "(" + arguments + ")";
	}
}

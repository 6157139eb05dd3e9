package dev.tidemark.inspection.model;

/** A user trigger; {@code definition} is {@code pg_get_triggerdef} output. */
public record TriggerInfo(String schema, String table, String name, String function, String enabled,
		String definition) implements CatalogObject {
	@Override
	public String key() {
		return CatalogObject.qualified(schema, table, name);
	}
}

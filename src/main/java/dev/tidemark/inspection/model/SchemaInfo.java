package dev.tidemark.inspection.model;

public record SchemaInfo(String name, String owner) implements CatalogObject {
	@Override
	public String key() {
		return name;
	}
}

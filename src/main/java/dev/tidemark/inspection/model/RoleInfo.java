package dev.tidemark.inspection.model;

/**
 * A role of the server ({@code pg_roles}: never a password), and whether it can log in. Roles belong to the
 * server, not to a schema, so the schema filter leaves them all. Since format 2 (snapshots read before list none:
 * unknown, not "no roles").
 */
public record RoleInfo(String name, boolean canLogin) implements CatalogObject {

	@Override
	public String key() {
		return name;
	}
}

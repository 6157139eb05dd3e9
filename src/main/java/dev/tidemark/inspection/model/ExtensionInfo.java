package dev.tidemark.inspection.model;

/** An installed extension, or one that is only available on the server's disk ({@code installedVersion} null). */
public record ExtensionInfo(String name, String schema, String installedVersion, String defaultVersion)
		implements CatalogObject {
	@Override
	public String key() {
		return name;
	}

	public boolean installed() {
		return installedVersion != null;
	}
}

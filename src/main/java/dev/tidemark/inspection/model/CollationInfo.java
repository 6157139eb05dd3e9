package dev.tidemark.inspection.model;

import org.jspecify.annotations.Nullable;

/**
 * A user-defined collation: {@code provider} is {@code libc}, {@code icu} or {@code default}; {@code locale} the
 * ICU locale, or {@code lcCollate}/{@code lcCtype} for libc. Since format 2.
 */
public record CollationInfo(String schema, String name, String provider, @Nullable String locale,
		@Nullable String lcCollate, @Nullable String lcCtype, boolean deterministic) implements CatalogObject {

	@Override
	public String key() {
		return CatalogObject.qualified(schema, name);
	}
}

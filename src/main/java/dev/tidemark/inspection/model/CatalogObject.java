package dev.tidemark.inspection.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** An object of the catalog with a stable identity, used to sort snapshots and to diff them. */
public interface CatalogObject {

	/** Identity within its kind, e.g. {@code public.orders} or {@code public.orders.orders_pkey}. */
	@JsonIgnore
	String key();

	static String qualified(String... parts) {
		return String.join(".", parts);
	}
}

package dev.tidemark.inspection.model;

import java.util.List;

/**
 * A declaratively partitioned table: strategy ({@code RANGE}, {@code LIST}, {@code HASH}), partition key
 * ({@code pg_get_partkeydef}), every direct partition with its bound, and the default partition with whether it
 * holds rows. (The partition key is not called {@code key}: that accessor is {@link CatalogObject#key()}.)
 */
public record PartitioningInfo(String schema, String table, String strategy, String partitionKey,
		List<String> keyColumns, String keyType, String defaultPartition, Boolean defaultPartitionHasRows,
		List<Partition> partitions) implements CatalogObject {

	/** One partition; {@code from}/{@code to} are set for RANGE bounds (UTC text, MINVALUE/MAXVALUE kept). */
	public record Partition(String schema, String name, String bound, String from, String to,
			boolean subpartitioned) {
	}

	@Override
	public String key() {
		return CatalogObject.qualified(schema, table);
	}
}

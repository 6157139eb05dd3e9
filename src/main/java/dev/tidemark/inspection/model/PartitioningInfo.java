package dev.tidemark.inspection.model;

import java.util.List;

/**
 * A declaratively partitioned table: strategy ({@code RANGE}, {@code LIST}, {@code HASH}), partition key
 * ({@code pg_get_partkeydef}), every direct partition with its bound, the default partition with whether it
 * holds rows, and pg_partman's settings when pg_partman manages it ({@code partman}, else null). (The partition
 * key is not called {@code key}: that accessor is {@link CatalogObject#key()}.)
 */
public record PartitioningInfo(String schema, String table, String strategy, String partitionKey,
		List<String> keyColumns, String keyType, String defaultPartition, Boolean defaultPartitionHasRows,
		List<Partition> partitions, Partman partman) implements CatalogObject {

	/**
	 * pg_partman's {@code part_config} row for this table: {@code interval} as pg_partman keeps it ({@code 1 mon},
	 * {@code 7 days}, or an integer for id-based sets), {@code premake} partitions kept ahead of now, {@code type}
	 * ({@code native}/{@code partman} in 4.x, {@code range}/{@code list} in 5.x), {@code automaticMaintenance}
	 * ({@code on}/{@code off}): premake only holds if something runs its maintenance.
	 */
	public record Partman(String interval, Integer premake, String type, String automaticMaintenance) {
	}

	/** One partition; {@code from}/{@code to} are set for RANGE bounds (UTC text, MINVALUE/MAXVALUE kept). */
	public record Partition(String schema, String name, String bound, String from, String to,
			boolean subpartitioned) {
	}

	@Override
	public String key() {
		return CatalogObject.qualified(schema, table);
	}
}

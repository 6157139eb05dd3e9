package dev.tidemark.inspection.model;

import java.util.List;

/**
 * The normalized catalog of one database at one instant. Deterministic: equal schemas give equal snapshots (no
 * OIDs, every list sorted by key, {@code search_path} and {@code TimeZone} pinned when read). {@code timescale}
 * is null unless the TimescaleDB extension is installed.
 */
public record CatalogSnapshot(int formatVersion, ServerInfo server, List<SchemaInfo> schemas,
		List<ExtensionInfo> extensions, List<TableInfo> tables, List<ConstraintInfo> constraints,
		List<IndexInfo> indexes, List<ViewInfo> views, List<SequenceInfo> sequences, List<FunctionInfo> functions,
		List<TriggerInfo> triggers, List<PartitioningInfo> partitioning, MigrationHistory migrations,
		TimescaleInfo timescale) {

	public static final int FORMAT_VERSION = 1;
}

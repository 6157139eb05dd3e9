package dev.tidemark.inspection.model;

import java.util.List;
import java.util.SortedMap;

/**
 * TimescaleDB as installed in the database; the snapshot carries it only when the extension is installed.
 * {@code license} is {@code timescale} or {@code apache} (an apache build has no compression or policies).
 * Chunks are never tables of the snapshot: they are summarized per hypertable here.
 */
public record TimescaleInfo(String version, String license, List<Hypertable> hypertables,
		List<ContinuousAggregate> continuousAggregates, List<Job> jobs) {

	/**
	 * A hypertable: {@code rangeStart}/{@code rangeEnd} are the oldest chunk start and newest chunk end (UTC text,
	 * or numbers for integer time), null without chunks. {@code orderBy} entries carry {@code DESC} and non-default
	 * {@code NULLS} placement. {@code chunkIndexGaps} lists unique indexes some chunks lack;
	 * {@code referencingForeignKeys} the keys of other tables that point at this hypertable.
	 * {@code compressedBytes} is what the compressed chunks take on disk now (heap, toast and indexes), and
	 * {@code uncompressedBytes} what the same chunks took before compression: roughly the disk a decompression
	 * writes again; both 0 without compressed chunks (and in snapshots taken before they were read).
	 */
	public record Hypertable(String schema, String name, List<Dimension> dimensions, long chunkCount,
			String rangeStart, String rangeEnd, boolean compressionEnabled, List<String> segmentBy,
			List<String> orderBy, long compressedChunks, List<ChunkIndexGap> chunkIndexGaps,
			List<ReferencingForeignKey> referencingForeignKeys, Long compressedBytes,
			Long uncompressedBytes) implements CatalogObject {

		/** Boxed so that snapshots stored before the sizes were read (no such fields) load, with 0. */
		public Hypertable {
			compressedBytes = compressedBytes == null ? 0L : compressedBytes;
			uncompressedBytes = uncompressedBytes == null ? 0L : uncompressedBytes;
		}

		/** Without the compressed sizes (0). */
		public Hypertable(String schema, String name, List<Dimension> dimensions, long chunkCount, String rangeStart,
				String rangeEnd, boolean compressionEnabled, List<String> segmentBy, List<String> orderBy,
				long compressedChunks, List<ChunkIndexGap> chunkIndexGaps,
				List<ReferencingForeignKey> referencingForeignKeys) {
			this(schema, name, dimensions, chunkCount, rangeStart, rangeEnd, compressionEnabled, segmentBy, orderBy,
					compressedChunks, chunkIndexGaps, referencingForeignKeys, 0L, 0L);
		}

		@Override
		public String key() {
			return CatalogObject.qualified(schema, name);
		}
	}

	/**
	 * {@code kind} is {@code Time} or {@code Space}; {@code interval} the chunk interval as text ({@code 1 day},
	 * or a number for integer time), null for space; {@code partitions} the hash partitions of a space dimension.
	 */
	public record Dimension(int number, String column, String type, String kind, String interval,
			Integer partitions) {
	}

	/** A unique index of the hypertable that these chunks ({@code schema.chunk}) lack, matched by key names. */
	public record ChunkIndexGap(String index, List<String> keyColumns, List<String> chunks) {
	}

	/** A foreign key of another table that references the hypertable, through a constraint or a unique index. */
	public record ReferencingForeignKey(String schema, String table, String name, List<String> columns, Via via,
			String referencedIndex) {

		public enum Via {
			CONSTRAINT, UNIQUE_INDEX
		}
	}

	/** A continuous aggregate (a view) and the hypertable it aggregates ({@code source}, schema-qualified). */
	public record ContinuousAggregate(String schema, String name, String source, boolean materializedOnly,
			boolean compressionEnabled) implements CatalogObject {

		@Override
		public String key() {
			return CatalogObject.qualified(schema, name);
		}
	}

	/**
	 * A background job: {@code procedure} is schema-qualified ({@code _timescaledb_functions.policy_retention});
	 * {@code hypertableSchema}/{@code hypertableName} name the hypertable, or the continuous aggregate for a
	 * refresh, null for jobs without one. {@code config} is the job's JSON config flattened to text, sorted, without internal ids.
	 * {@code lastRunStatus} is {@code Success}/{@code Failed}, null before the first run; {@code lastError} the
	 * newest error message when the last run failed.
	 */
	public record Job(int id, String procedure, String hypertableSchema, String hypertableName,
			SortedMap<String, String> config, String scheduleInterval, boolean scheduled, String lastRunStatus, String lastError) {

		/** The procedure's name without schema: {@code policy_compression}, {@code policy_retention}, ... */
		public String procedureName() {
			return procedure.substring(procedure.lastIndexOf('.') + 1);
		}
	}
}

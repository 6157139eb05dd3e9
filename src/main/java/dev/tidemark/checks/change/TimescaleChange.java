package dev.tidemark.checks.change;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonSubTypes;

import org.jspecify.annotations.Nullable;

/**
 * Changes to TimescaleDB hypertables: conversion, compression settings and policies, decompression, retention
 * policies, and a chunk's missing copy of a unique index. {@code timescaleSchema} is the extension's schema, which
 * qualifies every API function (the remediation session's search_path need not include it).
 * <p>
 * They run in {@link Phase#CREATE_VIEWS} before any view (negative {@link #order()}): after the columns (a
 * hypertable's time column) and indexes they may need. Within them a compression policy is removed before its
 * chunks are decompressed, and both happen before a chunk's missing unique index is built, so that the build sees
 * (and checks) the decompressed rows; a new hypertable comes before its compression and retention.
 */
@JsonSubTypes({ @JsonSubTypes.Type(TimescaleChange.CreateHypertable.class),
		@JsonSubTypes.Type(TimescaleChange.EnableCompression.class),
		@JsonSubTypes.Type(TimescaleChange.AddCompressionPolicy.class),
		@JsonSubTypes.Type(TimescaleChange.ReplaceCompressionPolicy.class),
		@JsonSubTypes.Type(TimescaleChange.RemoveCompressionPolicy.class),
		@JsonSubTypes.Type(TimescaleChange.DecompressChunks.class),
		@JsonSubTypes.Type(TimescaleChange.AddRetentionPolicy.class),
		@JsonSubTypes.Type(TimescaleChange.ReplaceRetentionPolicy.class),
		@JsonSubTypes.Type(TimescaleChange.BuildChunkUniqueIndex.class) })
public sealed interface TimescaleChange extends SchemaChange {

	/** The hypertable's schema. */
	String schema();

	/** The hypertable. */
	String table();

	String timescaleSchema();

	@Override
	default String object() {
		return schema() + "." + table();
	}

	@Override
	default Phase phase() {
		return Phase.CREATE_VIEWS;
	}

	/** The identity of a change of {@code kind} to the same hypertable. */
	default String sibling(String kind) {
		return kind + ":" + schema() + "." + table();
	}

	/** create_hypertable with migrate_data; {@code byRange} for TimescaleDB 2.13 and later (by_range dimension). */
	record CreateHypertable(String schema, String table, String timescaleSchema, String timeColumn,
			boolean byRange) implements TimescaleChange {

		@Override
		public String kind() {
			return "hypertable";
		}

		@Override
		public int order() {
			return -85;
		}

		@Override
		public String summary() {
			return "Convert " + object() + " into a hypertable partitioned by " + timeColumn;
		}
	}

	/** timescaledb.compress with the expected segmentby/orderby (empty: left to TimescaleDB). */
	record EnableCompression(String schema, String table, String timescaleSchema, List<String> segmentBy,
			List<String> orderBy) implements TimescaleChange {

		public EnableCompression {
			segmentBy = List.copyOf(segmentBy);
			orderBy = List.copyOf(orderBy);
		}

		@Override
		public String kind() {
			return "compression";
		}

		@Override
		public Set<String> requires() {
			return Set.of(sibling("hypertable"));
		}

		@Override
		public int order() {
			return -75;
		}

		@Override
		public String summary() {
			return "Enable compression on hypertable " + object();
		}
	}

	record AddCompressionPolicy(String schema, String table, String timescaleSchema, String compressAfter)
			implements TimescaleChange {

		@Override
		public String kind() {
			return "compression-policy";
		}

		@Override
		public Set<String> requires() {
			return Set.of(sibling("hypertable"), sibling("compression"));
		}

		@Override
		public int order() {
			return -75;
		}

		@Override
		public String summary() {
			return "Add a compression policy to hypertable " + object() + " compressing chunks older than "
					+ compressAfter;
		}
	}

	/** {@code actualAfter}: the policy's compress_after at the scan (null when it had none), guard and undo. */
	record ReplaceCompressionPolicy(String schema, String table, String timescaleSchema, String compressAfter,
			@Nullable String actualAfter) implements TimescaleChange {

		@Override
		public String kind() {
			return "compression-policy";
		}

		@Override
		public int order() {
			return -80;
		}

		@Override
		public String summary() {
			return "Replace the compression policy of hypertable " + object() + ": compress_after "
					+ (actualAfter == null ? "(none)" : actualAfter) + " becomes " + compressAfter;
		}
	}

	/** {@code compressAfter}: the removed policy's (null when it had none), to add it back. */
	record RemoveCompressionPolicy(String schema, String table, String timescaleSchema, @Nullable String compressAfter,
			long compressedChunks) implements TimescaleChange {

		@Override
		public String kind() {
			return "compression-policy";
		}

		@Override
		public int order() {
			return -100;
		}

		@Override
		public String summary() {
			return "Remove the compression policy of hypertable " + object();
		}
	}

	/**
	 * Decompress every compressed chunk in bounded batches, then disable compression. The counts and sizes are the
	 * scan's (they size the batches); segmentby/orderby are the hypertable's, to enable compression again on undo.
	 */
	record DecompressChunks(String schema, String table, String timescaleSchema, long compressedChunks,
			long chunkCount, long uncompressedBytes, List<String> segmentBy, List<String> orderBy)
			implements TimescaleChange {

		public DecompressChunks {
			segmentBy = List.copyOf(segmentBy);
			orderBy = List.copyOf(orderBy);
		}

		@Override
		public String kind() {
			return "compressed-chunks";
		}

		/** A compression policy would compress the chunks again: it goes first. */
		@Override
		public Set<String> requires() {
			return Set.of(sibling("compression-policy"));
		}

		@Override
		public int order() {
			return -95;
		}

		@Override
		public String summary() {
			return "Decompress the compressed chunks of hypertable " + object() + " and disable compression";
		}
	}

	record AddRetentionPolicy(String schema, String table, String timescaleSchema, String dropAfter)
			implements TimescaleChange {

		@Override
		public String kind() {
			return "retention-policy";
		}

		@Override
		public Set<String> requires() {
			return Set.of(sibling("hypertable"));
		}

		@Override
		public int order() {
			return -65;
		}

		@Override
		public String summary() {
			return "Add a retention policy to hypertable " + object() + " dropping chunks older than " + dropAfter;
		}
	}

	/** {@code actualAfter}: the policy's drop_after at the scan (null when it had none), guard and undo. */
	record ReplaceRetentionPolicy(String schema, String table, String timescaleSchema, String dropAfter,
			@Nullable String actualAfter) implements TimescaleChange {

		@Override
		public String kind() {
			return "retention-policy";
		}

		@Override
		public int order() {
			return -70;
		}

		@Override
		public String summary() {
			return "Replace the retention policy of hypertable " + object() + ": drop_after "
					+ (actualAfter == null ? "(none)" : actualAfter) + " becomes " + dropAfter;
		}
	}

	/**
	 * Build a hypertable's unique index {@code index} on each chunk (schema-qualified) that lacks its copy;
	 * {@code concurrently} false on a server that serves every client from one backend, where a concurrent build
	 * waits on itself.
	 */
	record BuildChunkUniqueIndex(String schema, String table, String timescaleSchema, String index,
			List<String> keyColumns, List<String> chunks, boolean concurrently) implements TimescaleChange {

		public BuildChunkUniqueIndex {
			keyColumns = List.copyOf(keyColumns);
			chunks = List.copyOf(chunks);
		}

		@Override
		public String kind() {
			return "chunk-index";
		}

		/** Each hypertable index is its own change (its object names the index; touched as the hypertable). */
		@Override
		public String object() {
			return schema + "." + table + "." + index;
		}

		/** The build sees (and checks) the decompressed rows. */
		@Override
		public Set<String> requires() {
			return Set.of(sibling("compressed-chunks"));
		}

		@Override
		public int order() {
			return -90;
		}

		@Override
		public String summary() {
			return "Build the unique index " + index + " (" + String.join(", ", keyColumns) + ") on "
					+ chunks.size() + (chunks.size() == 1 ? " chunk" : " chunks") + " of hypertable " + schema + "."
					+ table;
		}
	}
}

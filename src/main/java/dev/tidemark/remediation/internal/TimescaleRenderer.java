package dev.tidemark.remediation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tidemark.checks.change.TimescaleChange;
import dev.tidemark.checks.change.TimescaleChange.AddCompressionPolicy;
import dev.tidemark.checks.change.TimescaleChange.AddRetentionPolicy;
import dev.tidemark.checks.change.TimescaleChange.BuildChunkUniqueIndex;
import dev.tidemark.checks.change.TimescaleChange.CreateHypertable;
import dev.tidemark.checks.change.TimescaleChange.DecompressChunks;
import dev.tidemark.checks.change.TimescaleChange.EnableCompression;
import dev.tidemark.checks.change.TimescaleChange.RemoveCompressionPolicy;
import dev.tidemark.checks.change.TimescaleChange.ReplaceCompressionPolicy;
import dev.tidemark.checks.change.TimescaleChange.ReplaceRetentionPolicy;
import dev.tidemark.common.ByteSizes;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;
import org.jspecify.annotations.Nullable;

import static dev.tidemark.common.SqlIdentifiers.literal;
import static dev.tidemark.common.SqlIdentifiers.qualified;
import static dev.tidemark.common.SqlIdentifiers.quote;
import static dev.tidemark.common.SqlIdentifiers.quoteAll;
import static dev.tidemark.remediation.internal.Sql.fit;

/**
 * Renders {@link TimescaleChange}s. Every TimescaleDB function is qualified by the extension's schema; the contract's
 * intervals and orderby entries were checked by the rules (no statement separator, no comment).
 */
final class TimescaleRenderer {

	/** At most this many chunks are decompressed in one transaction (fewer when chunks are large). */
	static final int DECOMPRESS_BATCH = 10;

	/** A batch rewrites about this much at most, judged by the average chunk's size before compression. */
	static final long DECOMPRESS_BATCH_BYTES = 1L << 30;

	/** At most this many batches per run; chunks beyond them stay a finding for the next run. */
	static final int DECOMPRESS_MAX_BATCHES = 200;

	private static final Pattern ORDERING = Pattern
		.compile("(?i)\\s+((?:asc|desc)(?:\\s+nulls\\s+(?:first|last))?|nulls\\s+(?:first|last))$");

	private TimescaleRenderer() {
	}

	static List<Draft> render(TimescaleChange change) {
		return switch (change) {
			case CreateHypertable c -> List.of(createHypertable(c));
			case EnableCompression c -> List.of(enableCompression(c));
			case AddCompressionPolicy c -> List.of(addCompressionPolicy(c));
			case ReplaceCompressionPolicy c -> List.of(replacePolicy(c, "compression", "compress_after",
					c.compressAfter(), c.actualAfter(), Risk.MEDIUM));
			case RemoveCompressionPolicy c -> List.of(removeCompressionPolicy(c));
			case DecompressChunks c -> decompressChunks(c);
			case AddRetentionPolicy c -> List.of(addRetentionPolicy(c));
			case ReplaceRetentionPolicy c -> List.of(replacePolicy(c, "retention", "drop_after", c.dropAfter(),
					c.actualAfter(), Risk.HIGH));
			case BuildChunkUniqueIndex c -> buildChunkUniqueIndex(c);
		};
	}

	private static Draft createHypertable(CreateHypertable c) {
		String reg = hypertableReg(c);
		String column = c.timeColumn();
		String create = c.byRange()
				? "SELECT " + timescale(c, "create_hypertable") + "(" + reg + ", " + timescale(c, "by_range") + "("
						+ literal(column) + "), migrate_data => true);"
				: "SELECT " + timescale(c, "create_hypertable") + "(" + reg + ", " + literal(column)
						+ ", migrate_data => true);";
		return new Draft("Convert " + c.object() + " into a hypertable partitioned by " + column
				+ " with migrate_data => true: every row is copied into chunks under an exclusive lock, so reads and "
				+ "writes wait for the whole copy; the rows are kept", Risk.HIGH, true, create,
				Rollback.none("a hypertable cannot be turned back into a plain table in place; copy its rows into a "
						+ "new plain table and swap the names by hand"),
				Probes.hypertable(c.schema(), c.table()), 0);
	}

	/** Catalog-only: nothing is compressed until a policy runs. */
	private static Draft enableCompression(EnableCompression c) {
		List<String> options = new ArrayList<>(List.of("timescaledb.compress"));
		if (!c.segmentBy().isEmpty()) {
			options.add("timescaledb.compress_segmentby = " + literal(quoteAll(c.segmentBy())));
		}
		if (!c.orderBy().isEmpty()) {
			options.add("timescaledb.compress_orderby = "
					+ literal(c.orderBy().stream().map(String::strip).collect(Collectors.joining(", "))));
		}
		return new Draft("Enable compression on hypertable " + c.object() + " (catalog-only: nothing is "
				+ "compressed until the policy runs)", Risk.MEDIUM, true,
				"ALTER TABLE " + qualified(c.schema(), c.table()) + " SET (" + String.join(", ", options) + ");",
				disableCompression(c), Probes.compressionEnabled(c.schema(), c.table()), 0);
	}

	/**
	 * Undoes enabling compression at any time after it: the job scheduler compresses chunks within seconds, and
	 * TimescaleDB refuses to disable compression while a chunk is compressed. The policy goes first so that no chunk
	 * is compressed again between the decompression and the ALTER; a compression policy cannot outlive the
	 * setting it works on anyway.
	 */
	private static Rollback disableCompression(TimescaleChange c) {
		String reg = hypertableReg(c);
		return Rollback.sql("/* decompresses every compressed chunk first: rewrites each one, needs disk for its "
				+ "uncompressed rows, and keeps each one locked until the rollback commits */\n"
				+ "SELECT " + timescale(c, "remove_compression_policy") + "(" + reg + ", if_exists => true);\n"
				+ "SELECT " + timescale(c, "decompress_chunk") + "(c, true) FROM "
				+ timescale(c, "show_chunks") + "(" + reg + ") c;\n"
				+ "ALTER TABLE " + qualified(c.schema(), c.table()) + " SET (timescaledb.compress = false);");
	}

	private static Draft addCompressionPolicy(AddCompressionPolicy c) {
		String reg = hypertableReg(c);
		String after = c.compressAfter().strip();
		return new Draft("Add a compression policy to hypertable " + c.object() + " compressing chunks older than "
				+ after + " (at its next run those chunks are rewritten compressed)", Risk.MEDIUM, true,
				"SELECT " + timescale(c, "add_compression_policy") + "(" + reg + ", compress_after => INTERVAL "
						+ literal(after) + ", if_not_exists => true);",
				Rollback.sql("SELECT " + timescale(c, "remove_compression_policy") + "(" + reg
						+ ", if_exists => true);"),
				Probes.policyExists(c.schema(), c.table(), "policy_compression"), 0);
	}

	private static Draft removeCompressionPolicy(RemoveCompressionPolicy c) {
		String reg = hypertableReg(c);
		String after = c.compressAfter();
		return new Draft("Remove the compression policy of hypertable " + c.object()
				+ ": new chunks are no longer compressed; chunks already compressed stay compressed ("
				+ c.compressedChunks() + " at the scan; decompress_chunk is a separate, heavier step)", Risk.LOW, true,
				"SELECT " + timescale(c, "remove_compression_policy") + "(" + reg + ", if_exists => true);",
				after == null ? Rollback.none("the policy did not compress by age (compress_after), so it cannot be "
						+ "added back as it was; add it by hand from the finding's config")
						: Rollback.sql("SELECT " + timescale(c, "add_compression_policy") + "(" + reg
								+ ", compress_after => INTERVAL " + literal(after) + ", if_not_exists => true);"),
				Probes.policyExists(c.schema(), c.table(), "policy_compression"), 1);
	}

	/**
	 * Decompresses a hypertable the contract says is not compressed, then disables compression. One
	 * non-transactional changeset (each statement commits on its own) removes the policy, so nothing is compressed
	 * again meanwhile, and decompresses a few chunks per statement: each batch holds its chunk locks only until it
	 * commits, under the changeset's lock and statement timeouts, and a failed or timed-out run resumes where it
	 * stopped (every batch picks whatever is still compressed). The number of batches comes from the scan's count,
	 * plus one for a chunk compressed since the scan; a DO block cannot COMMIT between batches inside the
	 * changeset's statement, and a loop without one would hold every chunk's lock to the end. Disabling compression
	 * then only runs once no chunk is compressed, so a run that left some is not verified and the next one goes on.
	 */
	private static List<Draft> decompressChunks(DecompressChunks c) {
		String schema = c.schema();
		String table = c.table();
		String reg = hypertableReg(c);
		long compressed = Math.max(c.compressedChunks(), 1);
		long perChunk = c.uncompressedBytes() / compressed;
		int batch = (int) Math.max(1, Math.min(DECOMPRESS_BATCH, perChunk == 0 ? DECOMPRESS_BATCH
				: DECOMPRESS_BATCH_BYTES / perChunk));
		int batches = (int) Math.min(DECOMPRESS_MAX_BATCHES, (compressed + batch - 1) / batch + 1);
		String stillCompressed = "SELECT 1 FROM timescaledb_information.chunks ch WHERE ch.hypertable_schema = "
				+ literal(schema) + " AND ch.hypertable_name = " + literal(table) + " AND ch.is_compressed";
		String oneBatch = "SELECT count(" + timescale(c, "decompress_chunk") + "(b.chunk, if_compressed => true)) FROM "
				+ "(SELECT format('%I.%I', ch.chunk_schema, ch.chunk_name)::regclass AS chunk FROM "
				+ "timescaledb_information.chunks ch WHERE ch.hypertable_schema = " + literal(schema)
				+ " AND ch.hypertable_name = " + literal(table) + " AND ch.is_compressed ORDER BY ch.chunk_schema,"
				+ " ch.chunk_name LIMIT " + batch + ") b;\n";
		StringBuilder sql = new StringBuilder("SELECT " + timescale(c, "remove_compression_policy") + "(" + reg
				+ ", if_exists => true);\n");
		for (int i = 0; i < batches; i++) {
			sql.append(oneBatch);
		}
		long covered = (long) batches * batch;
		List<Draft> drafts = new ArrayList<>();
		drafts.add(new Draft("Decompress the compressed chunks of hypertable " + c.object() + " ("
				+ c.compressedChunks() + " of " + c.chunkCount() + " at the scan, about "
				+ ByteSizes.pretty(c.uncompressedBytes()) + " written back) at most " + batch + " per transaction, "
				+ batches + " batches" + (covered < c.compressedChunks() ? " (the rest stays for the next run)" : "")
				+ ", after removing any compression policy: each chunk is rewritten and locked until its batch "
				+ "commits", Risk.MEDIUM, false, sql.toString(),
				Rollback.none("decompressing changes no row, only how the rows are stored; compressing them again is "
						+ "a compression policy's job (compress_chunk by hand), and the contract says no compression"),
				"SELECT count(*) FROM (SELECT 1) x WHERE EXISTS (" + stillCompressed + ")", 1));
		drafts.add(new Draft("Disable compression on hypertable " + c.object() + " once no chunk is compressed "
				+ "(catalog-only)", Risk.MEDIUM, true,
				"SELECT " + timescale(c, "remove_compression_policy") + "(" + reg + ", if_exists => true);\n"
						+ "ALTER TABLE " + qualified(schema, table) + " SET (timescaledb.compress = false);",
				enableCompressionAgain(c),
				Probes.compressionEnabled(schema, table) + " AND NOT EXISTS (" + stillCompressed + ")", 1));
		return drafts;
	}

	/** Compression enabled again with the scan's segmentby/orderby (nothing is compressed by it). */
	private static Rollback enableCompressionAgain(DecompressChunks c) {
		List<String> options = new ArrayList<>(List.of("timescaledb.compress"));
		if (!c.segmentBy().isEmpty()) {
			options.add("timescaledb.compress_segmentby = " + literal(quoteAll(c.segmentBy())));
		}
		if (!c.orderBy().isEmpty()) {
			options.add("timescaledb.compress_orderby = " + literal(c.orderBy().stream().map(e -> {
				Matcher m = ORDERING.matcher(e);
				return m.find() ? quote(e.substring(0, m.start())) + " " + m.group(1) : quote(e);
			}).collect(Collectors.joining(", "))));
		}
		return Rollback.sql("ALTER TABLE " + qualified(c.schema(), c.table()) + " SET (" + String.join(", ", options)
				+ ");");
	}

	private static Draft addRetentionPolicy(AddRetentionPolicy c) {
		String reg = hypertableReg(c);
		String after = c.dropAfter().strip();
		return new Draft("Add a retention policy to hypertable " + c.object() + " dropping chunks older than " + after
				+ ": at its next run it DELETES every chunk older than that", Risk.HIGH, true,
				"SELECT " + timescale(c, "add_retention_policy") + "(" + reg + ", drop_after => INTERVAL "
						+ literal(after) + ", if_not_exists => true);",
				Rollback.sql("SELECT " + timescale(c, "remove_retention_policy") + "(" + reg + ", if_exists => true);"),
				Probes.policyExists(c.schema(), c.table(), "policy_retention"), 0);
	}

	/**
	 * Remove the policy and add it with the expected interval, in one transaction; guarded by the interval the scan
	 * saw, so a policy changed since is left alone.
	 */
	private static Draft replacePolicy(TimescaleChange c, String kind, String key, String expected,
			@Nullable String actual, Risk risk) {
		String reg = hypertableReg(c);
		String after = expected.strip();
		String add = "SELECT " + timescale(c, "add_" + kind + "_policy") + "(" + reg + ", " + key + " => INTERVAL ";
		String remove = "SELECT " + timescale(c, "remove_" + kind + "_policy") + "(" + reg + ", if_exists => true);";
		String probe = Probes.policyExists(c.schema(), c.table(), "policy_" + kind, actual == null
				? "config ->> " + literal(key) + " IS NULL" : "config ->> " + literal(key) + " = " + literal(actual));
		return new Draft("Replace the " + kind + " policy of hypertable " + c.object() + ": " + key + " "
				+ (actual == null ? "(none)" : actual) + " becomes " + after
				+ (kind.equals("retention") ? " (at its next run it deletes every chunk older than " + after + ")" : ""),
				risk, true, remove + "\n" + add + literal(after) + ");",
				actual == null ? Rollback.none("the old policy had no " + key + "; add it back by hand from the "
						+ "finding's config")
						: Rollback.sql(remove + "\n" + add + literal(actual) + ");"),
				probe, 1);
	}

	/**
	 * Per damaged chunk: drop a same-named INVALID index left by an earlier failed build, then build the chunk's
	 * unique index on the hypertable's key columns. Concurrently (allowed on chunks, refused on the hypertable),
	 * except on a single-backend server (PGlite), where a concurrent build waits on its own session and fails: there
	 * the build is plain and holds a SHARE lock on that one chunk (writes to it wait; the hypertable is not locked).
	 */
	private static List<Draft> buildChunkUniqueIndex(BuildChunkUniqueIndex c) {
		boolean concurrently = c.concurrently();
		String hypertable = c.schema() + "." + c.table();
		String index = c.index();
		List<String> keyColumns = c.keyColumns();
		List<Draft> drafts = new ArrayList<>();
		for (String chunk : c.chunks()) {
			int dot = chunk.indexOf('.');
			String chunkSchema = chunk.substring(0, dot);
			String chunkName = chunk.substring(dot + 1);
			String name = fit(chunkName + "_" + index, "");
			String qualifiedIndex = qualified(chunkSchema, name);
			String how = concurrently ? "CONCURRENTLY (reads and writes go on)"
					: "without CONCURRENTLY (this server serves every client from one backend, where a concurrent "
							+ "build waits on itself; writes to this chunk wait for the build, the hypertable is not "
							+ "locked)";
			drafts.add(new Draft("Drop the INVALID index " + chunkSchema + "." + name
					+ " left by an earlier failed build, if there is one", Risk.LOW, !concurrently,
					(concurrently ? "" : "-- squawk-ignore require-concurrent-index-deletion\n") + "DROP INDEX "
							+ (concurrently ? "CONCURRENTLY " : "") + "IF EXISTS " + qualifiedIndex + ";",
					Rollback.nothingToUndo("an invalid index serves no query"), Probes.invalidIndex(chunkSchema, name),
					1, true));
			drafts.add(new Draft("Build the unique index " + chunkSchema + "." + name + " (" + String.join(", ",
					keyColumns) + ") on chunk " + chunk + " of hypertable " + hypertable + ", which lacks its copy of "
					+ index + ", " + how + "; fails while the chunk holds duplicates", Risk.MEDIUM, !concurrently,
					(concurrently ? "" : "-- squawk-ignore require-concurrent-index-creation\n") + "CREATE UNIQUE INDEX "
							+ (concurrently ? "CONCURRENTLY " : "") + "IF NOT EXISTS " + quote(name) + " ON "
							+ qualified(chunkSchema, chunkName) + " (" + quoteAll(keyColumns) + ");",
					Rollback.sql("DROP INDEX " + (concurrently ? "CONCURRENTLY " : "") + "IF EXISTS " + qualifiedIndex
							+ ";"),
					Probes.validUniqueIndexOn(chunkSchema, chunkName, keyColumns), 0));
		}
		return drafts;
	}

	/** A TimescaleDB API function qualified by the extension's schema. */
	private static String timescale(TimescaleChange c, String function) {
		return quote(c.timescaleSchema()) + "." + quote(function);
	}

	private static String hypertableReg(TimescaleChange c) {
		return literal(qualified(c.schema(), c.table())) + "::regclass";
	}
}

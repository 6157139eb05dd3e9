package dev.tidemark.remediation.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.common.ByteSizes;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TimescaleInfo;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;
import org.jspecify.annotations.Nullable;

import static dev.tidemark.remediation.internal.Sql.fit;
import static dev.tidemark.common.SqlIdentifiers.quote;
import static dev.tidemark.common.SqlIdentifiers.quoteAll;
import static dev.tidemark.common.SqlIdentifiers.literal;
import static dev.tidemark.common.SqlIdentifiers.qualified;

/**
 * One generator per rule whose automatic repair is not yet a typed change (see {@code checks.change}). Each turns
 * a finding, the snapshot it came from and the contract into steps, or refuses with a reason and what to do instead. Facts come from the snapshot where it
 * has them (names split into schema and name), from the finding's evidence otherwise.
 */
public final class Generators {

	/**
	 * The rules repaired here (every other rule's findings carry typed changes, rendered by the renderers), in the
	 * order their repairs run. The compression policy goes before its chunks are decompressed (else it compresses
	 * them again), and both before a chunk's missing unique index is built, so that the build sees (and checks) the
	 * decompressed rows. See {@link #runsBefore} for their place among typed changes.
	 */
	public static final List<String> ORDER = List.of("unexpected-compression-policy", "unexpected-compressed-chunks",
			"chunk-missing-unique-index", "not-a-hypertable", "compression-policy-mismatch", "missing-compression-policy",
			"retention-policy-mismatch", "missing-retention-policy", "failed-migration", "stale-changelog-lock");

	/**
	 * The phase of typed changes a rule's steps run before: after the typed namespaces, columns, constraints and
	 * indexes they may need (a hypertable's time column), before views, behaviour and drops.
	 */
	public static SchemaChange.Phase runsBefore(String ruleId) {
		return SchemaChange.Phase.CREATE_VIEWS;
	}

	private static final Pattern ORDERING = Pattern
		.compile("(?i)\\s+((?:asc|desc)(?:\\s+nulls\\s+(?:first|last))?|nulls\\s+(?:first|last))$");

	/** One step before numbering; {@code runAlways} for guards whose drift can come back (see Plan.Step). */
	public record Draft(String description, Risk risk, boolean transactional, String sql, Rollback rollback,
			String precondition, int expected, boolean runAlways) {

		Draft(String description, Risk risk, boolean transactional, String sql, Rollback rollback, String precondition,
				int expected) {
			this(description, risk, transactional, sql, rollback, precondition, expected, false);
		}
	}

	/** Steps and the objects they touch, or a refusal. */
	public record Outcome(List<Draft> drafts, List<String> touched, @Nullable String refusal,
			@Nullable String instead) {

		static Outcome of(List<Draft> drafts, String... touched) {
			return new Outcome(drafts, List.of(touched), null, null);
		}

		static Outcome refuse(String reason, String instead) {
			return new Outcome(List.of(), List.of(), reason, instead);
		}
	}

	private final UUID remediationId;

	private final CatalogSnapshot snapshot;

	private final @Nullable Contract contract;

	/** Relation names this plan creates, so two generated indexes never collide. */
	private final Set<String> claimed = new HashSet<>();

	public Generators(UUID remediationId, CatalogSnapshot snapshot, @Nullable Contract contract) {
		this.remediationId = remediationId;
		this.snapshot = snapshot;
		this.contract = contract;
	}

	public Outcome generate(Finding finding) {
		try {
			return switch (finding.ruleId()) {
				case "failed-migration" -> failedMigration(finding);
				case "stale-changelog-lock" -> staleLock(finding);
				case "chunk-missing-unique-index" -> chunkUniqueIndex(finding);
				case "unexpected-compression-policy" -> unexpectedCompression(finding);
				case "unexpected-compressed-chunks" -> unexpectedCompressedChunks(finding);
				case "not-a-hypertable" -> notAHypertable(finding);
				case "missing-compression-policy" -> missingCompression(finding);
				case "compression-policy-mismatch" -> compressionMismatch(finding);
				case "missing-retention-policy" -> missingRetention(finding);
				case "retention-policy-mismatch" -> retentionMismatch(finding);
				// the rule's findings carry typed changes; one stored before it did carries none
				default -> Outcome.refuse("The finding carries no changes to plan (it was stored before "
						+ finding.ruleId() + " described its repair as typed changes)",
						finding.repair().automatic()
								? "Scan the target again, which refreshes the finding, then propose it; or apply the "
										+ "repair by hand: " + finding.repair().summary()
								: String.valueOf(finding.repair().instead()));
			};
		}
		catch (Unsafe e) {
			return Outcome.refuse(e.getMessage(), e.instead);
		}
	}

	// ---------------------------------------------------------------- migration bookkeeping

	private Outcome failedMigration(Finding f) {
		ObjectRef o = f.object();
		if (!"prisma".equals(f.evidence().get("tool")) || !f.repair().automatic()) {
			throw new Unsafe(f.repair().summary(), String.valueOf(f.repair().instead()));
		}
		String schema = schema(o);
		String migration = part(o);
		List<String> confirmed = confirmedEffect(migration);
		if (confirmed.isEmpty()) {
			throw new Unsafe("Nothing in the contract confirms that " + migration + "'s changes are present, so "
					+ "marking it applied could hide a half-applied schema",
					"Compare the migration's SQL with the database; finish it by hand and run prisma migrate resolve "
							+ "--applied " + migration + ", or undo it and run prisma migrate resolve --rolled-back "
							+ migration);
		}
		String t = qualified(schema, o.name());
		String id = UUID.nameUUIDFromBytes((remediationId + "/" + migration).getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.toString();
		String name = literal(migration);
		// what prisma migrate resolve --applied does: a fresh finished row with the file's checksum (the failed
		// attempt recorded it), and the open failed rows marked rolled back
		String sql = "INSERT INTO " + t + " (id, checksum, finished_at, migration_name, logs, rolled_back_at, "
				+ "started_at, applied_steps_count)\nSELECT " + literal(id) + ", checksum, now(), migration_name, '', "
				+ "NULL, now(), 0 FROM " + t + "\nWHERE migration_name = " + name
				+ " AND finished_at IS NULL AND rolled_back_at IS NULL ORDER BY started_at DESC LIMIT 1;\n"
				+ "UPDATE " + t + " SET rolled_back_at = now() WHERE migration_name = " + name
				+ " AND finished_at IS NULL AND rolled_back_at IS NULL;";
		String precondition = "SELECT count(*) FROM (SELECT 1) x WHERE EXISTS (SELECT 1 FROM " + t
				+ " WHERE migration_name = " + name + " AND finished_at IS NULL AND rolled_back_at IS NULL) "
				+ "AND NOT EXISTS (SELECT 1 FROM " + t + " WHERE migration_name = " + name
				+ " AND finished_at IS NOT NULL AND rolled_back_at IS NULL)";
		return Outcome.of(List.of(new Draft("Mark Prisma migration " + migration + " applied, as prisma migrate "
				+ "resolve --applied does (its effect is present: " + String.join(", ", confirmed) + ")", Risk.MEDIUM,
				true, sql,
				Rollback.none("which failed rows were open cannot be told apart afterwards; undo with prisma "
						+ "migrate resolve by hand"),
				precondition, 1)), o.text());
	}

	/**
	 * Contract columns that the migration's name says it adds ({@code add_channel_metadata}: a column metadata of
	 * channel(s)) and that exist. Only such evidence lets the bookkeeping be fixed without reading the migration.
	 */
	private List<String> confirmedEffect(String migration) {
		if (contract == null) {
			return List.of();
		}
		Set<String> words = Set.of(migration.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"));
		List<String> confirmed = new ArrayList<>();
		for (Contract.TableExpectation table : contract.tables()) {
			String name = table.table().toLowerCase(Locale.ROOT);
			String singular = name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
			if (!words.contains(name) && !words.contains(singular)) {
				continue;
			}
			for (Contract.ColumnExpectation column : table.columns()) {
				List<String> parts = List.of(column.name().toLowerCase(Locale.ROOT).split("_"));
				if (words.containsAll(parts) && table(table.schema(), table.table())
					.map(t -> t.columns().stream().anyMatch(c -> c.name().equals(column.name())))
					.orElse(false)) {
					confirmed.add(table.name() + "." + column.name());
				}
			}
		}
		return confirmed;
	}

	private Outcome staleLock(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		String t = qualified(schema, o.name());
		Object granted = f.evidence().get("lockGranted");
		// the lock as the scan saw it; a lock taken again since has another grant time and is left alone
		String guard = granted == null ? "lockgranted IS NULL"
				: "date_trunc('second', lockgranted) = " + literal(String.valueOf(granted)) + "::timestamp";
		return Outcome.of(List.of(new Draft("Release the stale Liquibase lock in " + o.text() + " held by "
				+ f.evidence().getOrDefault("lockedBy", "an unknown holder") + " since " + granted
				+ " (what liquibase release-locks does)", Risk.MEDIUM, true,
				"UPDATE " + t + " SET locked = FALSE, lockgranted = NULL, lockedby = NULL WHERE id = 1 AND locked AND "
						+ guard + ";",
				Rollback.none("taking the lock again would block every Liquibase run"),
				"SELECT count(*) FROM " + t + " WHERE id = 1 AND locked AND " + guard, 1)), o.text());
	}

	// ---------------------------------------------------------------- timescaledb

	/**
	 * Per damaged chunk: drop a same-named INVALID index left by an earlier failed build, then build the chunk's
	 * unique index on the hypertable's key columns. Concurrently (allowed on chunks, refused on the hypertable),
	 * except on a single-backend server (PGlite), where a concurrent build waits on its own session and fails: there
	 * the build is plain and holds a SHARE lock on that one chunk (writes to it wait; the hypertable is not locked).
	 */
	private Outcome chunkUniqueIndex(Finding f) {
		ObjectRef o = f.object();
		Map<String, Object> ev = f.evidence();
		List<String> keyColumns = strings(ev.get("keyColumns"));
		List<String> chunks = strings(ev.get("chunks"));
		if (keyColumns.isEmpty() || chunks.isEmpty()) {
			throw new Unsafe("The finding names no key columns or no damaged chunks", "Scan again");
		}
		boolean concurrently = !singleBackend();
		String hypertable = String.valueOf(ev.get("hypertable"));
		String index = o.name();
		List<Draft> drafts = new ArrayList<>();
		List<String> touched = new ArrayList<>(List.of(hypertable));
		for (String chunk : chunks) {
			int dot = chunk.indexOf('.');
			if (dot <= 0) {
				throw new Unsafe("The damaged chunk " + chunk + " is not schema-qualified", "Scan again");
			}
			String chunkSchema = chunk.substring(0, dot);
			String chunkName = chunk.substring(dot + 1);
			String name = fit(chunkName + "_" + index, "");
			claimed.add(chunkSchema + "\0" + name);
			String qualifiedIndex = qualified(chunkSchema, name);
			String how = concurrently ? "CONCURRENTLY (reads and writes go on)"
					: "without CONCURRENTLY (this server serves every client from one backend, where a concurrent "
							+ "build waits on itself; writes to this chunk wait for the build, the hypertable is not "
							+ "locked)";
			drafts.add(new Draft("Drop the INVALID index " + chunkSchema + "." + name
					+ " left by an earlier failed build, if there is one", Risk.LOW, !concurrently,
					(concurrently ? "" : "-- squawk-ignore require-concurrent-index-deletion\n") + "DROP INDEX "
							+ (concurrently ? "CONCURRENTLY " : "") + "IF EXISTS " + qualifiedIndex + ";",
					Rollback.nothingToUndo("an invalid index serves no query"), Probes.invalidIndex(chunkSchema, name), 1, true));
			drafts.add(new Draft("Build the unique index " + chunkSchema + "." + name + " (" + String.join(", ",
					keyColumns) + ") on chunk " + chunk + " of hypertable " + hypertable + ", which lacks its copy of "
					+ index + ", " + how + "; fails while the chunk holds duplicates", Risk.MEDIUM, !concurrently,
					(concurrently ? "" : "-- squawk-ignore require-concurrent-index-creation\n") + "CREATE UNIQUE INDEX "
							+ (concurrently ? "CONCURRENTLY " : "") + "IF NOT EXISTS " + quote(name) + " ON "
							+ qualified(chunkSchema, chunkName) + " (" + quoteAll(keyColumns) + ");",
					Rollback.sql("DROP INDEX " + (concurrently ? "CONCURRENTLY " : "") + "IF EXISTS " + qualifiedIndex
							+ ";"),
					Probes.validUniqueIndexOn(chunkSchema, chunkName, keyColumns), 0));
			touched.add(chunk);
		}
		return new Outcome(drafts, touched, null, null);
	}

	/** PGlite: one backend for every client, so CONCURRENTLY (which waits for other sessions) cannot work. */
	private boolean singleBackend() {
		String version = snapshot.server() == null ? null : snapshot.server().version();
		return version != null && version.contains("Emscripten");
	}

	private Outcome unexpectedCompression(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		String reg = hypertableReg(schema, o.name());
		String after = config(f).get("compress_after");
		return Outcome.of(List.of(new Draft("Remove the compression policy of hypertable " + o.text()
				+ ": new chunks are no longer compressed; chunks already compressed stay compressed ("
				+ f.evidence().getOrDefault("compressedChunks", "?") + " at the scan; decompress_chunk is a separate, "
				+ "heavier step)", Risk.LOW, true,
				"SELECT " + timescale("remove_compression_policy") + "(" + reg + ", if_exists => true);",
				after == null ? Rollback.none("the policy did not compress by age (compress_after), so it cannot be "
						+ "added back as it was; add it by hand from the finding's config")
						: Rollback.sql("SELECT " + timescale("add_compression_policy") + "(" + reg + ", compress_after => INTERVAL "
								+ literal(after) + ", if_not_exists => true);"),
				Probes.policyExists(schema, o.name(), "policy_compression"), 1)), o.text());
	}

	/** At most this many chunks are decompressed in one transaction (fewer when chunks are large). */
	static final int DECOMPRESS_BATCH = 10;

	/** A batch rewrites about this much at most, judged by the average chunk's size before compression. */
	static final long DECOMPRESS_BATCH_BYTES = 1L << 30;

	/** At most this many batches per run; chunks beyond them stay a finding for the next run. */
	static final int DECOMPRESS_MAX_BATCHES = 200;

	/**
	 * Decompresses a hypertable the contract says is not compressed, then disables compression. One
	 * non-transactional changeset (each statement commits on its own) removes the policy, so nothing is compressed
	 * again meanwhile, and decompresses a few chunks per statement: each batch holds its chunk locks only until it
	 * commits, under the changeset's lock and statement timeouts, and a failed or timed-out run resumes where it
	 * stopped (every batch picks whatever is still compressed). The number of batches comes from the snapshot's
	 * count, plus one for a chunk compressed since the scan; a DO block cannot COMMIT between batches inside the
	 * changeset's statement, and a loop without one would hold every chunk's lock to the end. Disabling compression
	 * then only runs once no chunk is compressed, so a run that left some is not verified and the next one goes on.
	 */
	private Outcome unexpectedCompressedChunks(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		TimescaleInfo.Hypertable h = snapshot.timescale() == null ? null : snapshot.timescale()
			.hypertables()
			.stream()
			.filter(x -> x.schema().equals(schema) && x.name().equals(o.name()))
			.findFirst()
			.orElse(null);
		if (h == null) {
			throw new Unsafe("The snapshot has no hypertable " + o.text(), "Scan again");
		}
		String reg = hypertableReg(schema, o.name());
		long compressed = Math.max(h.compressedChunks(), 1);
		long perChunk = h.uncompressedBytes() / compressed;
		int batch = (int) Math.max(1, Math.min(DECOMPRESS_BATCH, perChunk == 0 ? DECOMPRESS_BATCH
				: DECOMPRESS_BATCH_BYTES / perChunk));
		int batches = (int) Math.min(DECOMPRESS_MAX_BATCHES, (compressed + batch - 1) / batch + 1);
		String stillCompressed = "SELECT 1 FROM timescaledb_information.chunks ch WHERE ch.hypertable_schema = "
				+ literal(schema) + " AND ch.hypertable_name = " + literal(o.name()) + " AND ch.is_compressed";
		String oneBatch = "SELECT count(" + timescale("decompress_chunk") + "(b.chunk, if_compressed => true)) FROM "
				+ "(SELECT format('%I.%I', ch.chunk_schema, ch.chunk_name)::regclass AS chunk FROM "
				+ "timescaledb_information.chunks ch WHERE ch.hypertable_schema = " + literal(schema)
				+ " AND ch.hypertable_name = " + literal(o.name()) + " AND ch.is_compressed ORDER BY ch.chunk_schema,"
				+ " ch.chunk_name LIMIT " + batch + ") b;\n";
		StringBuilder sql = new StringBuilder("SELECT " + timescale("remove_compression_policy") + "(" + reg
				+ ", if_exists => true);\n");
		for (int i = 0; i < batches; i++) {
			sql.append(oneBatch);
		}
		long covered = (long) batches * batch;
		List<Draft> drafts = new ArrayList<>();
		drafts.add(new Draft("Decompress the compressed chunks of hypertable " + o.text() + " ("
				+ h.compressedChunks() + " of " + h.chunkCount() + " at the scan, about "
				+ ByteSizes.pretty(h.uncompressedBytes()) + " written back) at most " + batch + " per transaction, "
				+ batches + " batches" + (covered < h.compressedChunks() ? " (the rest stays for the next run)" : "")
				+ ", after removing any compression policy: each chunk is rewritten and locked until its batch "
				+ "commits", Risk.MEDIUM, false, sql.toString(),
				Rollback.none("decompressing changes no row, only how the rows are stored; compressing them again is "
						+ "a compression policy's job (compress_chunk by hand), and the contract says no compression"),
				"SELECT count(*) FROM (SELECT 1) x WHERE EXISTS (" + stillCompressed + ")", 1));
		drafts.add(new Draft("Disable compression on hypertable " + o.text() + " once no chunk is compressed "
				+ "(catalog-only)", Risk.MEDIUM, true,
				"SELECT " + timescale("remove_compression_policy") + "(" + reg + ", if_exists => true);\n"
						+ "ALTER TABLE " + qualified(schema, o.name()) + " SET (timescaledb.compress = false);",
				enableCompression(schema, o.name(), h),
				Probes.compressionEnabled(schema, o.name()) + " AND NOT EXISTS (" + stillCompressed + ")", 1));
		return Outcome.of(drafts, o.text());
	}

	/** Compression enabled again with the snapshot's segmentby/orderby (nothing is compressed by it). */
	private static Rollback enableCompression(String schema, String table, TimescaleInfo.Hypertable h) {
		List<String> options = new ArrayList<>(List.of("timescaledb.compress"));
		if (!h.segmentBy().isEmpty()) {
			options.add("timescaledb.compress_segmentby = " + literal(quoteAll(h.segmentBy())));
		}
		if (!h.orderBy().isEmpty()) {
			options.add("timescaledb.compress_orderby = " + literal(h.orderBy().stream().map(e -> {
				Matcher m = ORDERING.matcher(e);
				return m.find() ? quote(e.substring(0, m.start())) + " " + m.group(1) : quote(e);
			}).collect(Collectors.joining(", "))));
		}
		return Rollback.sql("ALTER TABLE " + qualified(schema, table) + " SET (" + String.join(", ", options) + ");");
	}

	private Outcome notAHypertable(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		Object timeColumn = f.evidence().get("timeColumn");
		if (!(timeColumn instanceof String column)) {
			throw new Unsafe("The finding names no time column", "Name it in the contract and scan again");
		}
		if (snapshot.timescale() == null) {
			throw new Unsafe("TimescaleDB is not installed in this database", "Install the extension and scan again");
		}
		String reg = hypertableReg(schema, o.name());
		boolean byRange = !olderThan(snapshot.timescale().version(), 2, 13);
		String create = byRange
				? "SELECT " + timescale("create_hypertable") + "(" + reg + ", " + timescale("by_range") + "(" + literal(column) + "), migrate_data => true);"
				: "SELECT " + timescale("create_hypertable") + "(" + reg + ", " + literal(column) + ", migrate_data => true);";
		List<Draft> drafts = new ArrayList<>();
		drafts.add(new Draft("Convert " + o.text() + " into a hypertable partitioned by " + column
				+ " with migrate_data => true: every row is copied into chunks under an exclusive lock, so reads and "
				+ "writes wait for the whole copy; the rows are kept", Risk.HIGH, true, create,
				Rollback.none("a hypertable cannot be turned back into a plain table in place; copy its rows into a "
						+ "new plain table and swap the names by hand"),
				Probes.hypertable(schema, o.name()), 0));
		Contract.TimescaleExpectation expected = timescaleExpectation(schema, o.name());
		if (expected != null && expected.compression() != null && !expected.compression().none()
				&& expected.compression().after() != null) {
			drafts.addAll(compressionSteps(schema, o.name(), o.text(), expected.compression(), false));
		}
		if (expected != null && expected.retention() != null) {
			drafts.add(retentionStep(schema, o.name(), o.text(), expected.retention().dropAfter()));
		}
		return Outcome.of(drafts, o.text());
	}

	private Outcome missingCompression(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		Contract.TimescaleExpectation expected = timescaleExpectation(schema, o.name());
		if (expected == null || expected.compression() == null || expected.compression().after() == null) {
			throw new Unsafe("The contract does not say after how long chunks are compressed",
					"State compression.after in the contract and scan again");
		}
		boolean enabled = Boolean.TRUE.equals(f.evidence().get("compressionEnabled"));
		return Outcome.of(compressionSteps(schema, o.name(), o.text(), expected.compression(), enabled), o.text());
	}

	/** Enable compression (segmentby/orderby as expected) unless it is, then add the policy. */
	private List<Draft> compressionSteps(String schema, String table, String text,
			Contract.TimescaleExpectation.Compression compression, boolean enabled) {
		String reg = hypertableReg(schema, table);
		String after = checkFragment(compression.after(), "compression interval");
		List<Draft> drafts = new ArrayList<>();
		if (!enabled) {
			List<String> options = new ArrayList<>(List.of("timescaledb.compress"));
			if (compression.segmentBy() != null && !compression.segmentBy().isEmpty()) {
				options.add("timescaledb.compress_segmentby = " + literal(quoteAll(compression.segmentBy())));
			}
			if (compression.orderBy() != null && !compression.orderBy().isEmpty()) {
				options.add("timescaledb.compress_orderby = " + literal(compression.orderBy()
					.stream()
					.map(e -> checkFragment(e, "compression orderby"))
					.collect(Collectors.joining(", "))));
			}
			drafts.add(new Draft("Enable compression on hypertable " + text + " (catalog-only: nothing is "
					+ "compressed until the policy runs)", Risk.MEDIUM, true,
					"ALTER TABLE " + qualified(schema, table) + " SET (" + String.join(", ", options) + ");",
					disableCompression(schema, table), Probes.compressionEnabled(schema, table), 0));
		}
		drafts.add(new Draft("Add a compression policy to hypertable " + text + " compressing chunks older than "
				+ after + " (at its next run those chunks are rewritten compressed)", Risk.MEDIUM, true,
				"SELECT " + timescale("add_compression_policy") + "(" + reg + ", compress_after => INTERVAL " + literal(after)
						+ ", if_not_exists => true);",
				Rollback.sql("SELECT " + timescale("remove_compression_policy") + "(" + reg + ", if_exists => true);"),
				Probes.policyExists(schema, table, "policy_compression"), 0));
		return drafts;
	}

	/**
	 * Undoes enabling compression at any time after it: the job scheduler compresses chunks within seconds, and
	 * TimescaleDB refuses to disable compression while a chunk is compressed. The policy goes first so that no chunk
	 * is compressed again between the decompression and the ALTER; a compression policy cannot outlive the
	 * setting it works on anyway.
	 */
	private Rollback disableCompression(String schema, String table) {
		String reg = hypertableReg(schema, table);
		return Rollback.sql("/* decompresses every compressed chunk first: rewrites each one, needs disk for its "
				+ "uncompressed rows, and keeps each one locked until the rollback commits */\n"
				+ "SELECT " + timescale("remove_compression_policy") + "(" + reg + ", if_exists => true);\n"
				+ "SELECT " + timescale("decompress_chunk") + "(c, true) FROM "
				+ timescale("show_chunks") + "(" + reg + ") c;\n"
				+ "ALTER TABLE " + qualified(schema, table) + " SET (timescaledb.compress = false);");
	}

	private Outcome compressionMismatch(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		Map<String, Object> ev = f.evidence();
		if (ev.get("expectedSegmentBy") != null || ev.get("expectedOrderBy") != null) {
			throw new Unsafe("Tidemark does not generate segmentby/orderby changes yet",
					"ALTER TABLE ... SET (timescaledb.compress_segmentby = ..., timescaledb.compress_orderby = ...) "
							+ "by hand while no chunk is compressed (decompress them first otherwise)");
		}
		Object expected = ev.get("expectedAfter");
		if (!(expected instanceof String after)) {
			throw new Unsafe("The finding names no expected compress_after", "Scan again");
		}
		String actual = config(f).get("compress_after");
		return Outcome.of(List.of(replacePolicy(schema, o.name(), o.text(), "compression", "compress_after",
				checkFragment(after, "compression interval"), actual, Risk.MEDIUM)), o.text());
	}

	private Outcome missingRetention(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		Contract.TimescaleExpectation expected = timescaleExpectation(schema, o.name());
		if (expected == null || expected.retention() == null) {
			throw new Unsafe("The contract names no retention for " + o.text(), "Scan again with the contract");
		}
		return Outcome.of(List.of(retentionStep(schema, o.name(), o.text(), expected.retention().dropAfter())),
				o.text());
	}

	private Draft retentionStep(String schema, String table, String text, String dropAfter) {
		String reg = hypertableReg(schema, table);
		String after = checkFragment(dropAfter, "retention interval");
		return new Draft("Add a retention policy to hypertable " + text + " dropping chunks older than " + after
				+ ": at its next run it DELETES every chunk older than that", Risk.HIGH, true,
				"SELECT " + timescale("add_retention_policy") + "(" + reg + ", drop_after => INTERVAL " + literal(after)
						+ ", if_not_exists => true);",
				Rollback.sql("SELECT " + timescale("remove_retention_policy") + "(" + reg + ", if_exists => true);"),
				Probes.policyExists(schema, table, "policy_retention"), 0);
	}

	private Outcome retentionMismatch(Finding f) {
		ObjectRef o = f.object();
		String schema = schema(o);
		Object expected = f.evidence().get("expected");
		if (!(expected instanceof String after)) {
			throw new Unsafe("The finding names no expected drop_after", "Scan again");
		}
		String actual = config(f).get("drop_after");
		return Outcome.of(List.of(replacePolicy(schema, o.name(), o.text(), "retention", "drop_after",
				checkFragment(after, "retention interval"), actual, Risk.HIGH)), o.text());
	}

	/**
	 * Remove the policy and add it with the expected interval, in one transaction; guarded by the interval the scan
	 * saw, so a policy changed since is left alone.
	 */
	private Draft replacePolicy(String schema, String table, String text, String kind, String key, String after,
			@Nullable String actual, Risk risk) {
		String reg = hypertableReg(schema, table);
		String add = "SELECT " + timescale("add_" + kind + "_policy") + "(" + reg + ", " + key + " => INTERVAL ";
		String remove = "SELECT " + timescale("remove_" + kind + "_policy") + "(" + reg + ", if_exists => true);";
		String probe = Probes.policyExists(schema, table, "policy_" + kind, actual == null
				? "config ->> " + literal(key) + " IS NULL" : "config ->> " + literal(key) + " = " + literal(actual));
		return new Draft("Replace the " + kind + " policy of hypertable " + text + ": " + key + " "
				+ (actual == null ? "(none)" : actual) + " becomes " + after
				+ (kind.equals("retention") ? " (at its next run it deletes every chunk older than " + after + ")" : ""),
				risk, true, remove + "\n" + add + literal(after) + ");",
				actual == null ? Rollback.none("the old policy had no " + key + "; add it back by hand from the "
						+ "finding's config")
						: Rollback.sql(remove + "\n" + add + literal(actual) + ");"),
				probe, 1);
	}

	/**
	 * A TimescaleDB API function qualified by the extension's schema: the remediation session's search_path need
	 * not include it (installed in its own schema, a role with a narrow search_path).
	 */
	private String timescale(String function) {
		String schema = snapshot.extensions().stream().filter(e -> e.name().equals("timescaledb")).findFirst()
			.map(e -> e.schema()).orElse("public");
		return SqlIdentifiers.quote(schema) + "." + SqlIdentifiers.quote(function);
	}

	private static String hypertableReg(String schema, String table) {
		return literal(qualified(schema, table)) + "::regclass";
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> config(Finding f) {
		return f.evidence().get("config") instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
	}

	private Contract.@Nullable TimescaleExpectation timescaleExpectation(String schema, String table) {
		if (contract == null) {
			return null;
		}
		return contract.tables()
			.stream()
			.filter(t -> t.schema().equals(schema) && t.table().equals(table))
			.map(Contract.TableExpectation::timescale)
			.filter(java.util.Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

	private static boolean olderThan(@Nullable String version, int major, int minor) {
		Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(version == null ? "" : version);
		if (!m.lookingAt()) {
			return true;
		}
		int a = Integer.parseInt(m.group(1));
		int b = Integer.parseInt(m.group(2));
		return a < major || (a == major && b < minor);
	}

	// ---------------------------------------------------------------- facts

	private Optional<TableInfo> table(String schema, String name) {
		return snapshot.tables().stream().filter(t -> t.schema().equals(schema) && t.name().equals(name)).findFirst();
	}

	private static String schema(ObjectRef o) {
		if (o.schema() == null) {
			throw new Unsafe("The finding names no schema for " + o.text(), "Scan again");
		}
		return o.schema();
	}

	private static String part(ObjectRef o) {
		if (o.part() == null) {
			throw new Unsafe("The finding names no column or constraint of " + o.text(), "Scan again");
		}
		return o.part();
	}

	private static List<String> strings(@Nullable Object value) {
		if (value instanceof List<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

	/**
	 * SQL written by the contract (a default, a predicate, a definition) goes in verbatim; a statement separator or
	 * comment in it would split or cut the changeset, so it is refused rather than escaped.
	 */
	private static String checkFragment(String sql, String what) {
		if (sql.contains(";") || sql.contains("--") || sql.contains("/*") || sql.contains("\n")) {
			throw new Unsafe("The " + what + " '" + sql + "' contains ';', a comment or a line break",
					"Apply it by hand, or simplify it in the contract");
		}
		return sql.strip();
	}

	/** A finding that has no safe automatic repair after all. */
	static final class Unsafe extends RuntimeException {

		private final String instead;

		Unsafe(String reason, String instead) {
			super(reason, null, false, false);
			this.instead = instead;
		}
	}
}

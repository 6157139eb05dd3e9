package dev.tidemark.remediation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tidemark.checks.change.ChangeRecords;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.RoutineChange.CreateView;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.checks.change.SchemaChange.Phase;
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
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;

import static org.assertj.core.api.Assertions.assertThat;

/** Each TimescaleDB change renders to exactly its changesets (no database). */
class TimescaleRendererTests {

	/** One expected changeset. */
	record Step(Risk risk, boolean transactional, String sql, Rollback rollback, String precondition, int expected,
			boolean runAlways) {

		static Step of(Risk risk, String sql, Rollback rollback, String precondition, int expected) {
			return new Step(risk, true, sql, rollback, precondition, expected, false);
		}
	}

	/** A change and the changesets it renders to. */
	record Case(TimescaleChange change, List<Step> steps) {

		@Override
		public String toString() {
			return change.getClass().getSimpleName() + " " + change;
		}
	}

	private static final String REG = "'\"public\".\"raw\"'::regclass";

	private static final String JOBS = "SELECT count(*) FROM (SELECT 1) x WHERE EXISTS (SELECT 1 FROM "
			+ "timescaledb_information.jobs WHERE hypertable_schema = 'public' AND hypertable_name = 'raw' AND proc_name = ";

	private static final String COMPRESSION_ENABLED = "SELECT count(*) FROM timescaledb_information.hypertables WHERE "
			+ "hypertable_schema = 'public' AND hypertable_name = 'raw' AND compression_enabled";

	private static final String STILL_COMPRESSED = "SELECT 1 FROM timescaledb_information.chunks ch WHERE "
			+ "ch.hypertable_schema = 'public' AND ch.hypertable_name = 'raw' AND ch.is_compressed";

	private static final String REMOVE_COMPRESSION = "SELECT \"ts\".\"remove_compression_policy\"(" + REG
			+ ", if_exists => true);";

	/** Enabling compression is undone by decompressing first: TimescaleDB refuses otherwise. */
	private static final Rollback DECOMPRESS_FIRST = Rollback.sql("/* decompresses every compressed chunk first: "
			+ "rewrites each one, needs disk for its uncompressed rows, and keeps each one locked until the rollback "
			+ "commits */\n" + REMOVE_COMPRESSION + "\nSELECT \"ts\".\"decompress_chunk\"(c, true) FROM "
			+ "\"ts\".\"show_chunks\"(" + REG + ") c;\nALTER TABLE \"public\".\"raw\" SET (timescaledb.compress = false);");

	private static final String CHUNK_INDEX_PROBE = "SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c "
			+ "ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
			+ "'_timescaledb_internal' AND c.relname = '_hyper_1_1_chunk_raw_pkey' AND NOT (i.indisvalid AND i.indisready)";

	private static String uniqueOn(String columns) {
		return "SELECT count(*) FROM pg_catalog.pg_index ix WHERE ix.indrelid = "
				+ "to_regclass('\"_timescaledb_internal\".\"_hyper_1_1_chunk\"') AND ix.indisunique AND ix.indisvalid AND "
				+ "ix.indpred IS NULL AND ARRAY(SELECT a.attname::text FROM unnest((ix.indkey::int2[])[0:ix.indnkeyatts - 1]) "
				+ "WITH ORDINALITY k(attnum, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND "
				+ "a.attnum = k.attnum ORDER BY k.ord) = ARRAY[" + columns + "]::text[]";
	}

	/** The decompression changeset: the policy removed, then {@code batches} statements of {@code batch} chunks. */
	private static List<Step> decompress(int batch, int batches, Rollback enableAgain) {
		StringBuilder sql = new StringBuilder(REMOVE_COMPRESSION + "\n");
		for (int i = 0; i < batches; i++) {
			sql.append("SELECT count(\"ts\".\"decompress_chunk\"(b.chunk, if_compressed => true)) FROM (SELECT "
					+ "format('%I.%I', ch.chunk_schema, ch.chunk_name)::regclass AS chunk FROM "
					+ "timescaledb_information.chunks ch WHERE ch.hypertable_schema = 'public' AND ch.hypertable_name = "
					+ "'raw' AND ch.is_compressed ORDER BY ch.chunk_schema, ch.chunk_name LIMIT " + batch + ") b;\n");
		}
		return List.of(
				new Step(Risk.MEDIUM, false, sql.toString(),
						Rollback.none("decompressing changes no row, only how the rows are stored; compressing them "
								+ "again is a compression policy's job (compress_chunk by hand), and the contract says no "
								+ "compression"),
						"SELECT count(*) FROM (SELECT 1) x WHERE EXISTS (" + STILL_COMPRESSED + ")", 1, false),
				Step.of(Risk.MEDIUM, REMOVE_COMPRESSION + "\nALTER TABLE \"public\".\"raw\" SET (timescaledb.compress = false);",
						enableAgain, COMPRESSION_ENABLED + " AND NOT EXISTS (" + STILL_COMPRESSED + ")", 1));
	}

	static List<Case> cases() {
		List<Case> cases = new ArrayList<>();
		cases.add(new Case(new CreateHypertable("public", "raw", "ts", "created_at", true), List.of(Step.of(Risk.HIGH,
				"SELECT \"ts\".\"create_hypertable\"(" + REG + ", \"ts\".\"by_range\"('created_at'), migrate_data => true);",
				Rollback.none("a hypertable cannot be turned back into a plain table in place; copy its rows into a new "
						+ "plain table and swap the names by hand"),
				"SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = 'public' AND "
						+ "hypertable_name = 'raw'", 0))));
		// before TimescaleDB 2.13 there is no by_range; the extension's schema is quoted as any identifier
		cases.add(new Case(new CreateHypertable("public", "raw", "My \"ts\"", "created_at", false), List.of(Step.of(
				Risk.HIGH, "SELECT \"My \"\"ts\"\"\".\"create_hypertable\"(" + REG + ", 'created_at', migrate_data => true);",
				Rollback.none("a hypertable cannot be turned back into a plain table in place; copy its rows into a new "
						+ "plain table and swap the names by hand"),
				"SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = 'public' AND "
						+ "hypertable_name = 'raw'", 0))));
		cases.add(new Case(new EnableCompression("public", "raw", "ts", List.of("device", "Odd \"col\""),
				List.of("created_at DESC", "id")), List.of(Step.of(Risk.MEDIUM,
						"ALTER TABLE \"public\".\"raw\" SET (timescaledb.compress, timescaledb.compress_segmentby = "
								+ "'\"device\", \"Odd \"\"col\"\"\"', timescaledb.compress_orderby = 'created_at DESC, id');",
						DECOMPRESS_FIRST, COMPRESSION_ENABLED, 0))));
		cases.add(new Case(new EnableCompression("public", "raw", "ts", List.of(), List.of()), List.of(Step.of(
				Risk.MEDIUM, "ALTER TABLE \"public\".\"raw\" SET (timescaledb.compress);", DECOMPRESS_FIRST,
				COMPRESSION_ENABLED, 0))));
		cases.add(new Case(new AddCompressionPolicy("public", "raw", "ts", "7 days"), List.of(Step.of(Risk.MEDIUM,
				"SELECT \"ts\".\"add_compression_policy\"(" + REG + ", compress_after => INTERVAL '7 days', "
						+ "if_not_exists => true);",
				Rollback.sql(REMOVE_COMPRESSION), JOBS + "'policy_compression' AND TRUE)", 0))));
		cases.add(new Case(new ReplaceCompressionPolicy("public", "raw", "ts", "7 days", "1 day"), List.of(Step.of(
				Risk.MEDIUM, REMOVE_COMPRESSION + "\nSELECT \"ts\".\"add_compression_policy\"(" + REG
						+ ", compress_after => INTERVAL '7 days');",
				Rollback.sql(REMOVE_COMPRESSION + "\nSELECT \"ts\".\"add_compression_policy\"(" + REG
						+ ", compress_after => INTERVAL '1 day');"),
				JOBS + "'policy_compression' AND config ->> 'compress_after' = '1 day')", 1))));
		cases.add(new Case(new ReplaceCompressionPolicy("public", "raw", "ts", "7 days", null), List.of(Step.of(
				Risk.MEDIUM, REMOVE_COMPRESSION + "\nSELECT \"ts\".\"add_compression_policy\"(" + REG
						+ ", compress_after => INTERVAL '7 days');",
				Rollback.none("the old policy had no compress_after; add it back by hand from the finding's config"),
				JOBS + "'policy_compression' AND config ->> 'compress_after' IS NULL)", 1))));
		cases.add(new Case(new RemoveCompressionPolicy("public", "raw", "ts", "7 days", 3), List.of(Step.of(Risk.LOW,
				REMOVE_COMPRESSION,
				Rollback.sql("SELECT \"ts\".\"add_compression_policy\"(" + REG + ", compress_after => INTERVAL '7 days', "
						+ "if_not_exists => true);"),
				JOBS + "'policy_compression' AND TRUE)", 1))));
		cases.add(new Case(new RemoveCompressionPolicy("public", "raw", "ts", null, 0), List.of(Step.of(Risk.LOW,
				REMOVE_COMPRESSION,
				Rollback.none("the policy did not compress by age (compress_after), so it cannot be added back as it "
						+ "was; add it by hand from the finding's config"),
				JOBS + "'policy_compression' AND TRUE)", 1))));
		// 25 chunks of about 1 MB: 10 per batch, 3 batches and one for a chunk compressed since the scan
		cases.add(new Case(new DecompressChunks("public", "raw", "ts", 25, 40, 25L << 20, List.of("device"),
				List.of("created_at DESC", "id")), decompress(10, 4, Rollback.sql("ALTER TABLE \"public\".\"raw\" SET "
						+ "(timescaledb.compress, timescaledb.compress_segmentby = '\"device\"', "
						+ "timescaledb.compress_orderby = '\"created_at\" DESC, \"id\"');"))));
		// 2 GB chunks: one per batch, and no more than 200 batches in one run
		cases.add(new Case(new DecompressChunks("public", "raw", "ts", 3000, 3000, 3000L << 31, List.of(), List.of()),
				decompress(1, 200, Rollback.sql("ALTER TABLE \"public\".\"raw\" SET (timescaledb.compress);"))));
		cases.add(new Case(new AddRetentionPolicy("public", "raw", "ts", "90 days"), List.of(Step.of(Risk.HIGH,
				"SELECT \"ts\".\"add_retention_policy\"(" + REG + ", drop_after => INTERVAL '90 days', if_not_exists => true);",
				Rollback.sql("SELECT \"ts\".\"remove_retention_policy\"(" + REG + ", if_exists => true);"),
				JOBS + "'policy_retention' AND TRUE)", 0))));
		cases.add(new Case(new ReplaceRetentionPolicy("public", "raw", "ts", "90 days", "30 days"), List.of(Step.of(
				Risk.HIGH, "SELECT \"ts\".\"remove_retention_policy\"(" + REG + ", if_exists => true);\n"
						+ "SELECT \"ts\".\"add_retention_policy\"(" + REG + ", drop_after => INTERVAL '90 days');",
				Rollback.sql("SELECT \"ts\".\"remove_retention_policy\"(" + REG + ", if_exists => true);\n"
						+ "SELECT \"ts\".\"add_retention_policy\"(" + REG + ", drop_after => INTERVAL '30 days');"),
				JOBS + "'policy_retention' AND config ->> 'drop_after' = '30 days')", 1))));
		cases.add(new Case(new ReplaceRetentionPolicy("public", "raw", "ts", "90 days", null), List.of(Step.of(
				Risk.HIGH, "SELECT \"ts\".\"remove_retention_policy\"(" + REG + ", if_exists => true);\n"
						+ "SELECT \"ts\".\"add_retention_policy\"(" + REG + ", drop_after => INTERVAL '90 days');",
				Rollback.none("the old policy had no drop_after; add it back by hand from the finding's config"),
				JOBS + "'policy_retention' AND config ->> 'drop_after' IS NULL)", 1))));
		cases.add(new Case(new BuildChunkUniqueIndex("public", "raw", "ts", "raw_pkey", List.of("id", "created_at"),
				List.of("_timescaledb_internal._hyper_1_1_chunk"), true), List.of(
						new Step(Risk.LOW, false,
								"DROP INDEX CONCURRENTLY IF EXISTS \"_timescaledb_internal\".\"_hyper_1_1_chunk_raw_pkey\";",
								Rollback.nothingToUndo("an invalid index serves no query"), CHUNK_INDEX_PROBE, 1, true),
						new Step(Risk.MEDIUM, false, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "
								+ "\"_hyper_1_1_chunk_raw_pkey\" ON \"_timescaledb_internal\".\"_hyper_1_1_chunk\" "
								+ "(\"id\", \"created_at\");",
								Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS "
										+ "\"_timescaledb_internal\".\"_hyper_1_1_chunk_raw_pkey\";"),
								uniqueOn("'id', 'created_at'"), 0, false))));
		// one backend for every client (PGlite): a concurrent build would wait on itself
		cases.add(new Case(new BuildChunkUniqueIndex("public", "raw", "ts", "raw_pkey", List.of("id"),
				List.of("_timescaledb_internal._hyper_1_1_chunk"), false), List.of(
						new Step(Risk.LOW, true, "-- squawk-ignore require-concurrent-index-deletion\n"
								+ "DROP INDEX IF EXISTS \"_timescaledb_internal\".\"_hyper_1_1_chunk_raw_pkey\";",
								Rollback.nothingToUndo("an invalid index serves no query"), CHUNK_INDEX_PROBE, 1, true),
						new Step(Risk.MEDIUM, true, "-- squawk-ignore require-concurrent-index-creation\n"
								+ "CREATE UNIQUE INDEX IF NOT EXISTS \"_hyper_1_1_chunk_raw_pkey\" ON "
								+ "\"_timescaledb_internal\".\"_hyper_1_1_chunk\" (\"id\");",
								Rollback.sql("DROP INDEX IF EXISTS \"_timescaledb_internal\".\"_hyper_1_1_chunk_raw_pkey\";"),
								uniqueOn("'id'"), 0, false))));
		return cases;
	}

	static Stream<Case> each() {
		return cases().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("each")
	void rendersExactly(Case c) {
		List<Draft> drafts = ChangeRenderer.render(c.change());
		assertThat(drafts.stream()
			.map(d -> new Step(d.risk(), d.transactional(), d.sql(), d.rollback(), d.precondition(), d.expected(),
					d.runAlways()))
			.toList()).containsExactlyElementsOf(c.steps());
		assertThat(drafts).allSatisfy(d -> {
			assertThat(d.precondition()).startsWith("SELECT count(*) ").doesNotContain("\n");
			assertThat(d.sql().strip()).endsWith(";");
			assertThat(d.description()).isNotBlank();
		});
		assertThat(c.change().phase()).isEqualTo(Phase.CREATE_VIEWS);
		// none needs allowDestructive
		assertThat(c.change().destructive()).isFalse();
	}

	@Test
	void descriptionsSayWhatEachStepCostsAndKeeps() {
		assertThat(ChangeRenderer.render(new DecompressChunks("public", "raw", "ts", 25, 40, 25L << 20, List.of(),
				List.of())).get(0).description()).isEqualTo("Decompress the compressed chunks of hypertable public.raw "
						+ "(25 of 40 at the scan, about 25 MB written back) at most 10 per transaction, 4 batches, after "
						+ "removing any compression policy: each chunk is rewritten and locked until its batch commits");
		assertThat(ChangeRenderer.render(new DecompressChunks("public", "raw", "ts", 3000, 3000, 3000L << 31, List.of(),
				List.of())).get(0).description()).contains("at most 1 per transaction, 200 batches (the rest stays for "
						+ "the next run)");
		assertThat(ChangeRenderer.render(new RemoveCompressionPolicy("public", "raw", "ts", null, 3)).get(0)
			.description()).isEqualTo("Remove the compression policy of hypertable public.raw: new chunks are no longer "
					+ "compressed; chunks already compressed stay compressed (3 at the scan; decompress_chunk is a "
					+ "separate, heavier step)");
		assertThat(ChangeRenderer.render(new ReplaceRetentionPolicy("public", "raw", "ts", "90 days", "30 days")).get(0)
			.description()).isEqualTo("Replace the retention policy of hypertable public.raw: drop_after 30 days "
					+ "becomes 90 days (at its next run it deletes every chunk older than 90 days)");
		assertThat(ChangeRenderer.render(new AddRetentionPolicy("public", "raw", "ts", "90 days")).get(0).description())
			.endsWith("at its next run it DELETES every chunk older than that");
		assertThat(ChangeRenderer.render(new BuildChunkUniqueIndex("public", "raw", "ts", "raw_pkey", List.of("id"),
				List.of("_timescaledb_internal._hyper_1_1_chunk"), false)).get(1).description())
			.isEqualTo("Build the unique index _timescaledb_internal._hyper_1_1_chunk_raw_pkey (id) on chunk "
					+ "_timescaledb_internal._hyper_1_1_chunk of hypertable public.raw, which lacks its copy of raw_pkey, "
					+ "without CONCURRENTLY (this server serves every client from one backend, where a concurrent build "
					+ "waits on itself; writes to this chunk wait for the build, the hypertable is not locked); fails "
					+ "while the chunk holds duplicates");
	}

	@Test
	void everyChunkGetsItsOwnGuardAndBuildUnderANameThatFits() {
		String longIndex = "raw_a_very_long_index_name_that_goes_on_and_on_and_on_and_on_x";
		List<Draft> drafts = ChangeRenderer.render(new BuildChunkUniqueIndex("public", "raw", "ts", longIndex,
				List.of("id"), List.of("_timescaledb_internal._hyper_1_1_chunk", "_timescaledb_internal._hyper_1_2_chunk"),
				true));
		assertThat(drafts).hasSize(4);
		String name = Sql.fit("_hyper_1_2_chunk_" + longIndex, "");
		assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
		assertThat(drafts.get(3).sql()).isEqualTo("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"" + name + "\" ON "
				+ "\"_timescaledb_internal\".\"_hyper_1_2_chunk\" (\"id\");");
	}

	@Test
	void everyRecordIsCoveredAndRoundTripsThroughEvidence() {
		List<SchemaChange> all = cases().stream().map(c -> (SchemaChange) c.change()).toList();
		assertThat(all.stream().map(c -> c.getClass()).distinct().count())
			.isEqualTo(ChangeRecords.of(TimescaleChange.class).size());
		List<Map<String, Object>> evidence = Changes.toEvidence(all);
		assertThat(evidence.get(0)).containsEntry("change", "CreateHypertable").containsEntry("timeColumn", "created_at");
		assertThat(Changes.fromEvidence(Map.of(Changes.EVIDENCE_KEY, evidence))).isEqualTo(all);
	}

	/**
	 * The order: the policy removed before its chunks are decompressed, both before a
	 * chunk's unique index is built; a new hypertable before its compression and retention; all before views.
	 */
	@Test
	void runOrderKeepsPoliciesBeforeDecompressionBeforeChunkIndexesAndTheHypertableFirst() {
		RemoveCompressionPolicy remove = new RemoveCompressionPolicy("public", "raw", "ts", "7 days", 1);
		DecompressChunks decompress = new DecompressChunks("public", "raw", "ts", 1, 1, 0, List.of(), List.of());
		BuildChunkUniqueIndex index = new BuildChunkUniqueIndex("public", "raw", "ts", "raw_pkey", List.of("id"),
				List.of("_timescaledb_internal._hyper_1_1_chunk"), true);
		CreateHypertable create = new CreateHypertable("public", "a", "ts", "created_at", true);
		EnableCompression enable = new EnableCompression("public", "a", "ts", List.of(), List.of());
		AddCompressionPolicy compress = new AddCompressionPolicy("public", "a", "ts", "7 days");
		AddRetentionPolicy retain = new AddRetentionPolicy("public", "a", "ts", "90 days");
		ReplaceCompressionPolicy recompress = new ReplaceCompressionPolicy("public", "b", "ts", "7 days", "1 day");
		ReplaceRetentionPolicy reretain = new ReplaceRetentionPolicy("public", "b", "ts", "90 days", "30 days");
		CreateView view = new CreateView("public", "a_view", false, "SELECT 1", List.of(), null);
		assertThat(ChangeOrder.sort(List.of(view, retain, reretain, compress, enable, recompress, create, index,
				decompress, remove))).containsExactly(remove, decompress, index, create, recompress, enable, compress,
						reretain, retain, view);
		assertThat(compress.requires()).containsExactlyInAnyOrder("hypertable:public.a", "compression:public.a");
		assertThat(decompress.requires()).containsExactly("compression-policy:public.raw");
		assertThat(index.requires()).containsExactly("compressed-chunks:public.raw");
	}
}

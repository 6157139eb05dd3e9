package dev.tidemark.inspection.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TimescaleInfo;
import dev.tidemark.inspection.model.TimescaleInfo.ChunkIndexGap;
import dev.tidemark.inspection.model.TimescaleInfo.ContinuousAggregate;
import dev.tidemark.inspection.model.TimescaleInfo.Dimension;
import dev.tidemark.inspection.model.TimescaleInfo.Hypertable;
import dev.tidemark.inspection.model.TimescaleInfo.Job;
import dev.tidemark.inspection.model.TimescaleInfo.ReferencingForeignKey;
import dev.tidemark.inspection.model.TimescaleInfo.ReferencingForeignKey.Via;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestTimescale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads {@code fixtures/timescale/inspection.sql} on a real TimescaleDB (see {@link TestTimescale}) and checks the
 * snapshot's timescale section exactly. The server is shared and has one database, so the reader excludes every
 * schema but this test's own; expectations hold on any 2.13+ version (CI runs PGlite with 2.23).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimescaleInspectionIntegrationTests {

	private static final Dimension DAILY = new Dimension(1, "time", "timestamp with time zone", "Time", "1 day", null);

	private TestTimescale.Schema schema;

	private CatalogSnapshot snapshot;

	/** Chunk names carry server-wide ids, so the expected ones are read from the chunks view. */
	private List<String> metricsChunks;

	private String firstEventsChunk;

	@BeforeAll
	void readFixture() throws SQLException {
		schema = TestTimescale.newSchema("tsinspect");
		// one connection at a time: the fixture, the chunk names and the read share it
		try (Connection connection = schema.connect()) {
			SqlScript.runResource(connection, "fixtures/timescale/inspection.sql");
			metricsChunks = chunks(connection, "metrics");
			firstEventsChunk = chunks(connection, "events").get(0);
			// the negative lookahead hides other tests' schemas (and every system schema) from this read
			CatalogReader reader = new CatalogReader(new CatalogQueries(), "^(?!" + schema.name() + "$)");
			snapshot = reader.read(connection);
		}
	}

	@Test
	void reportsVersionAndLicense() {
		TimescaleInfo timescale = snapshot.timescale();
		assertThat(timescale).isNotNull();
		assertThat(timescale.version()).matches("2\\.\\d+\\.\\d+.*");
		assertThat(timescale.license()).isEqualTo("timescale");
	}

	@Test
	void reportsHypertablesWithDimensionsChunksCompressionGapsAndReferencingKeys() {
		String s = schema.name();
		// the sizes depend on the server's storage: positive where a chunk is compressed, 0 elsewhere
		assertThat(snapshot.timescale().hypertables()).allSatisfy(h -> {
			assertThat(h.compressedBytes() > 0).as(h.name()).isEqualTo(h.compressedChunks() > 0);
			assertThat(h.uncompressedBytes() > 0).as(h.name()).isEqualTo(h.compressedChunks() > 0);
		});
		assertThat(snapshot.timescale().hypertables())
			.usingRecursiveFieldByFieldElementComparatorIgnoringFields("compressedBytes", "uncompressedBytes")
			.containsExactly(
				new Hypertable(s, "conditions", List.of(DAILY), 3, "2024-01-01 00:00:00+00", "2024-01-04 00:00:00+00",
						true, List.of("device_id"), List.of("time DESC"), 1, List.of(),
						List.of(new ReferencingForeignKey(s, "alerts", "alerts_device_id_time_fkey",
								List.of("device_id", "time"), Via.CONSTRAINT, "conditions_pkey"))),
				new Hypertable(s, "events", List.of(DAILY), 2, "2024-01-01 00:00:00+00", "2024-01-03 00:00:00+00",
						false, List.of(), List.of(), 0,
						List.of(new ChunkIndexGap("events_kind_time_uq", List.of("kind", "time"),
								List.of(firstEventsChunk))),
						List.of()),
				new Hypertable(s, "metrics", List.of(DAILY), 2, "2024-01-01 00:00:00+00", "2024-01-03 00:00:00+00",
						false, List.of(), List.of(), 0,
						List.of(new ChunkIndexGap("metrics_host_time_uq", List.of("host", "time"), metricsChunks)),
						List.of()),
				new Hypertable(s, "readings",
						List.of(new Dimension(1, "time", "timestamp with time zone", "Time", "7 days", null)), 1,
						"2023-12-28 00:00:00+00", "2024-01-04 00:00:00+00", false, List.of(), List.of(), 0, List.of(),
						List.of(new ReferencingForeignKey(s, "reading_notes", "reading_notes_sensor_time_fkey",
								List.of("sensor", "time"), Via.UNIQUE_INDEX, "readings_sensor_time_uq"))));
	}

	@Test
	void reportsContinuousAggregates() {
		assertThat(snapshot.timescale().continuousAggregates()).containsExactly(new ContinuousAggregate(
				schema.name(), "conditions_hourly", schema.name() + ".conditions", true, false));
	}

	@Test
	void reportsPolicyJobsWithTheirConfigAndNoInternalIds() {
		String s = schema.name();
		List<Job> jobs = snapshot.timescale().jobs();
		// job ids are server-wide: only their order is known; the fixture pauses every policy (scheduled false), so
		// none has run (no last run status) even on a server whose scheduler runs
		assertThat(jobs).extracting(Job::id).isSorted().doesNotHaveDuplicates();
		assertThat(jobs.stream().map(j -> new Job(0, j.procedure(), j.hypertableSchema(), j.hypertableName(),
				j.config(), j.scheduleInterval(), j.scheduled(), j.lastRunStatus(), j.lastError())))
			.containsExactly(
					new Job(0, "_timescaledb_functions.policy_compression", s, "conditions",
							config("compress_after", "7 days"), "12:00:00", false, null, null),
					new Job(0, "_timescaledb_functions.policy_retention", s, "conditions",
							config("drop_after", "90 days"), "1 day", false, null, null),
					new Job(0, "_timescaledb_functions.policy_refresh_continuous_aggregate", s, "conditions_hourly",
							config("end_offset", "01:00:00", "start_offset", "3 days"), "01:00:00", false, null, null));
		assertThat(jobs).extracting(Job::procedureName)
			.containsExactly("policy_compression", "policy_retention", "policy_refresh_continuous_aggregate");
	}

	@Test
	void chunksAreNeitherTablesNorIndexes() {
		assertThat(snapshot.tables()).extracting(TableInfo::name)
			.containsExactly("alerts", "conditions", "devices", "events", "metrics", "reading_notes", "readings");
		assertThat(snapshot.indexes()).allSatisfy(index -> assertThat(index.schema()).isEqualTo(schema.name()));
		assertThat(snapshot.indexes()).extracting(index -> index.table()).doesNotContain("_hyper_1_1_chunk")
			.allSatisfy(table -> assertThat(table).doesNotStartWith("_"));
	}

	@Test
	void chunksPlacedInAUserSchemaAreNotTablesEitherCompressedOrNot() throws SQLException {
		TestTimescale.Schema own = TestTimescale.newSchema("tschunks");
		String s = own.name();
		CatalogSnapshot read;
		try (Connection connection = own.connect(); var st = connection.createStatement()) {
			st.execute("CREATE TABLE readings (at timestamptz NOT NULL, v int, PRIMARY KEY (at))");
			// only the older signature takes associated_schema_name
			st.execute("SELECT create_hypertable('readings', 'at', chunk_time_interval => INTERVAL '1 day', "
					+ "associated_schema_name => '" + s + "')");
			// TimescaleDB copies a hypertable's grants onto its chunks: theirs must not be listed either
			st.execute("GRANT SELECT ON readings TO PUBLIC");
			st.execute("INSERT INTO readings SELECT '2026-01-01'::timestamptz + i * INTERVAL '1 day', i "
					+ "FROM generate_series(0, 2) i");
			st.execute("ALTER TABLE readings SET (timescaledb.compress)");
			st.execute("SELECT compress_chunk(show_chunks('readings', older_than => '2026-01-02'::timestamptz))");
			try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n "
					+ "ON n.oid = c.relnamespace WHERE n.nspname = '" + s + "' AND c.relname LIKE '%chunk'")) {
				rs.next();
				assertThat(rs.getLong(1)).as("the chunks really are in the user schema").isGreaterThanOrEqualTo(3);
			}
			read = new CatalogReader(new CatalogQueries(), "^(?!" + s + "$)").read(connection);
		}
		assertThat(read.tables()).extracting(TableInfo::name).containsExactly("readings");
		assertThat(read.indexes()).extracting(index -> index.table()).containsOnly("readings");
		assertThat(read.constraints()).extracting(c -> c.table()).containsOnly("readings");
		assertThat(read.privileges()).filteredOn(p -> p.objectKind().equals("TABLE"))
			.extracting(p -> p.object())
			.containsOnly(s + ".readings");
		assertThat(read.policies()).isEmpty();
		assertThat(read.timescale().hypertables()).singleElement().satisfies(h -> {
			assertThat(h.chunkCount()).isEqualTo(3);
			assertThat(h.compressedChunks()).isEqualTo(1);
		});
	}

	@Test
	void theDefaultExclusionHidesTimescaleInternals() throws SQLException {
		CatalogSnapshot all;
		try (Connection connection = schema.connect()) {
			all = new CatalogReader().read(connection);
		}
		assertThat(all.tables()).extracting(TableInfo::schema)
			.noneMatch(name -> name.startsWith("_timescaledb") || name.startsWith("timescaledb"));
		assertThat(all.indexes()).extracting(index -> index.schema())
			.noneMatch(name -> name.startsWith("_timescaledb") || name.startsWith("timescaledb"));
		assertThat(all.timescale().hypertables()).extracting(Hypertable::schema)
			.noneMatch(name -> name.startsWith("_timescaledb"));
		assertThat(all.timescale().jobs()).extracting(Job::hypertableSchema)
			.noneMatch(name -> name != null && name.startsWith("_timescaledb"));
		assertThat(all.timescale().jobs()).extracting(Job::procedureName).doesNotContain("policy_telemetry");
	}

	private List<String> chunks(Connection connection, String hypertable) throws SQLException {
		List<String> chunks = new ArrayList<>();
		try (PreparedStatement st = connection.prepareStatement("""
				SELECT chunk_schema || '.' || chunk_name FROM timescaledb_information.chunks
				WHERE hypertable_schema = ? AND hypertable_name = ? ORDER BY range_start""")) {
			st.setString(1, schema.name());
			st.setString(2, hypertable);
			try (ResultSet rs = st.executeQuery()) {
				while (rs.next()) {
					chunks.add(rs.getString(1));
				}
			}
		}
		return chunks;
	}

	private static TreeMap<String, String> config(String... keysAndValues) {
		TreeMap<String, String> config = new TreeMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			config.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return config;
	}
}

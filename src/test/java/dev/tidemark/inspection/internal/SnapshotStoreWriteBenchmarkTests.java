package dev.tidemark.inspection.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store bytes and time of a snapshot save after one {@code CREATE TABLE}, on the generated benchmark catalog: the
 * jsonb document (the path before changeset 043) against content-addressed parts. A benchmark, opt-in:
 * {@code jm -q -o test -DskipFaultTests=true -Dtest=SnapshotStoreWriteBenchmarkTests -Dbench.storeWrites=true
 * [-Dbench.scale=1] [-Dbench.rounds=3]}. Store bytes do not depend on machine load; times do.
 */
@EnabledIfSystemProperty(named = "bench.storeWrites", matches = "true")
class SnapshotStoreWriteBenchmarkTests extends ApiIntegrationTest {

	@Autowired
	private SnapshotStore store;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JsonMapper json;

	record Write(long relationBytes, long walBytes, long millis) {
	}

	@Test
	void storeWritesPerChangedScan() throws Exception {
		String scale = System.getProperty("bench.scale", "1");
		int rounds = Integer.getInteger("bench.rounds", 3);
		TestPostgres.Database target = TestPostgres.newDatabase("bench_store_writes");
		generate(target, scale);
		UUID legacyTarget = register(target, "bench_legacy");
		UUID partsTarget = register(target, "bench_parts");
		CatalogSnapshot first = read(target);
		String firstJson = json.writeValueAsString(first);
		Write legacyFirst = measure(() -> insertJsonb(legacyTarget, first));
		Write partsFirst = measure(() -> store.save(partsTarget, Instant.now(), first));
		System.out.printf("RESULT scale=%s tables=%d json_bytes=%d first_save legacy_relation_bytes=%d legacy_wal=%d "
				+ "legacy_ms=%d parts_relation_bytes=%d parts_wal=%d parts_ms=%d%n", scale, first.tables().size(),
				firstJson.length(), legacyFirst.relationBytes(), legacyFirst.walBytes(), legacyFirst.millis(),
				partsFirst.relationBytes(), partsFirst.walBytes(), partsFirst.millis());
		System.out.printf("RESULT object_parts_raw_bytes=%d object_parts_gzip_bytes=%d gzip_ms=%d%n",
				objectBytes(first, false), objectBytes(first, true), gzipMillis(first));
		List<Write> legacy = new ArrayList<>();
		List<Write> parts = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			try (Connection c = connect(target)) {
				c.createStatement().execute("CREATE TABLE bench.added_" + i + " (id bigint PRIMARY KEY, note text)");
			}
			CatalogSnapshot changed = read(target);
			long partsBefore = partCount();
			legacy.add(measure(() -> insertJsonb(legacyTarget, changed)));
			parts.add(measure(() -> store.save(partsTarget, Instant.now(), changed)));
			long partsWritten = partCount() - partsBefore;
			System.out.printf("RESULT round=%d legacy_relation_bytes=%d legacy_wal=%d legacy_ms=%d "
					+ "parts_relation_bytes=%d parts_wal=%d parts_ms=%d parts_rows=%d%n", i,
					legacy.getLast().relationBytes(), legacy.getLast().walBytes(), legacy.getLast().millis(),
					parts.getLast().relationBytes(), parts.getLast().walBytes(), parts.getLast().millis(), partsWritten);
			assertThat(partsWritten).isLessThan(10);
		}
		for (int i = 0; i < rounds; i++) {
			long started = System.nanoTime();
			String legacyRead = json.writeValueAsString(store.latest(legacyTarget).orElseThrow().catalog());
			long legacyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			started = System.nanoTime();
			String partsRead = json.writeValueAsString(store.latest(partsTarget).orElseThrow().catalog());
			long partsMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			System.out.printf("RESULT read round=%d legacy_read_ms=%d parts_read_ms=%d%n", i, legacyMs, partsMs);
			assertThat(partsRead).isEqualTo(legacyRead);
		}
		assertThat(parts.stream().mapToLong(Write::walBytes).sum())
			.isLessThan(legacy.stream().mapToLong(Write::walBytes).sum() / 10);
	}

	private Write measure(Runnable save) {
		long sizeBefore = storeBytes();
		String lsnBefore = jdbc.sql("SELECT pg_current_wal_insert_lsn()::text").query(String.class).single();
		long started = System.nanoTime();
		save.run();
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		long wal = jdbc.sql("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), ?::pg_lsn)::bigint")
			.param(lsnBefore).query(Long.class).single();
		return new Write(storeBytes() - sizeBefore, wal, millis);
	}

	private long storeBytes() {
		return jdbc.sql("SELECT pg_total_relation_size('snapshot') + pg_total_relation_size('snapshot_part')")
			.query(Long.class).single();
	}

	private long partCount() {
		return jdbc.sql("SELECT count(*) FROM snapshot_part").query(Long.class).single();
	}

	/** The save before changeset 043: the whole document as one jsonb value. */
	private void insertJsonb(UUID targetId, CatalogSnapshot catalog) {
		String content = json.writeValueAsString(catalog);
		jdbc.sql("INSERT INTO snapshot (id, target_id, taken_at, content, content_sha256) VALUES (?, ?, ?, ?::jsonb, ?)")
			.params(UUID.randomUUID(), targetId, Timestamp.from(Instant.now()), content, SnapshotStore.sha256(content))
			.update();
	}

	private long objectBytes(CatalogSnapshot catalog, boolean gzip) {
		return SnapshotParts.split(catalog, json).parts().values().stream()
			.filter(p -> p.kind().equals(SnapshotParts.OBJECT))
			.mapToLong(p -> gzip ? gzip(p.content()).length : p.content().length)
			.sum();
	}

	private long gzipMillis(CatalogSnapshot catalog) {
		List<byte[]> objects = SnapshotParts.split(catalog, json).parts().values().stream()
			.filter(p -> p.kind().equals(SnapshotParts.OBJECT)).map(SnapshotParts.Part::content).toList();
		long started = System.nanoTime();
		objects.forEach(SnapshotStoreWriteBenchmarkTests::gzip);
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
	}

	private static byte[] gzip(byte[] content) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
			zip.write(content);
		}
		catch (java.io.IOException e) {
			throw new IllegalStateException(e);
		}
		return out.toByteArray();
	}

	private static CatalogSnapshot read(TestPostgres.Database db) throws SQLException {
		try (Connection c = connect(db)) {
			return new CatalogReader().read(c);
		}
	}

	private static void generate(TestPostgres.Database db, String scale) throws Exception {
		URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
		ProcessBuilder command = new ProcessBuilder("/usr/lib/postgresql/15/bin/psql", "-h", uri.getHost(), "-p",
				String.valueOf(uri.getPort()), "-U", db.username(), "-d", db.name(), "-X", "-q", "-v",
				"ON_ERROR_STOP=1", "-v", "scale=" + scale, "-f",
				Path.of("bench/generate-catalog.sql").toAbsolutePath().toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		command.environment().put("PGPASSWORD", db.password());
		Process psql = command.start();
		psql.getOutputStream().close();
		assertThat(psql.waitFor()).as("bench/generate-catalog.sql exit code").isZero();
	}

	private static Connection connect(TestPostgres.Database db) throws SQLException {
		return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
	}

	private UUID register(TestPostgres.Database db, String prefix) {
		return UUID.fromString((String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(targetJson(db, prefix)).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id"));
	}
}

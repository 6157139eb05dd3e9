package dev.tidemark.inspection.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import dev.tidemark.inspection.Snapshot;
import dev.tidemark.inspection.SnapshotDiff;
import dev.tidemark.inspection.SnapshotSummary;
import dev.tidemark.inspection.Snapshots;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots stored as content-addressed parts on the real store: byte-equal reads, small writes, old rows, pruning. */
class SnapshotPartsIntegrationTests extends ApiIntegrationTest {

	private static CatalogSnapshot allKinds;

	@Autowired
	private SnapshotStore store;

	@Autowired
	private Snapshots snapshots;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JsonMapper json;

	@Autowired
	private DataSource dataSource;

	@BeforeEach
	void readAllKindsFixture() throws SQLException {
		if (allKinds == null) {
			TestPostgres.Database db = TestPostgres.newDatabase("parts_fixture");
			try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
				SqlScript.runResource(connection, "fixtures/catalog/all-kinds.sql");
				allKinds = new CatalogReader().read(connection);
			}
		}
	}

	@Test
	void aSnapshotReadsBackAsTheSameJsonByteForByteAndTheApiServesWhatItServedForAJsonbRow() {
		UUID targetId = register("parts_roundtrip");
		String canonical = json.writeValueAsString(allKinds);
		Instant takenAt = Instant.parse("2026-12-01T10:00:00Z");

		SnapshotSummary saved = store.save(targetId, takenAt, allKinds);
		Snapshot read = store.find(saved.id()).orElseThrow();

		assertThat(saved.contentSha256()).isEqualTo(SnapshotStore.sha256(canonical));
		assertThat(json.writeValueAsString(read.catalog())).isEqualTo(canonical);
		assertThat(read.catalog()).isEqualTo(allKinds);
		assertThat(read.catalog().tables()).extracting(TableInfo::name)
			.containsExactlyElementsOf(allKinds.tables().stream().map(TableInfo::name).toList());
		assertThat(jdbc.sql("SELECT content IS NULL FROM snapshot WHERE id = ?").param(saved.id()).query(Boolean.class)
			.single()).isTrue();

		UUID legacy = insertJsonbRow(targetId, takenAt, allKinds);
		String legacyBody = apiSnapshot(legacy);
		String partsBody = apiSnapshot(saved.id());
		assertThat(partsBody).isEqualTo(legacyBody.replace(legacy.toString(), saved.id().toString()));
	}

	@Test
	void anUnchangedCatalogIsNotStoredAgainAndOneNewTableWritesOnlyAFewParts() {
		UUID targetId = register("parts_small_write");
		CatalogSnapshot large = withTables(allKinds, 2000, List.of());
		SnapshotSummary first = store.save(targetId, Instant.parse("2026-12-01T10:00:00Z"), large);
		long partsAfterFirst = partCount();
		long objectsAfterFirst = objectCount();

		SnapshotSummary unchanged = store.save(targetId, Instant.parse("2026-12-01T11:00:00Z"), large);
		assertThat(unchanged).isEqualTo(first);
		assertThat(partCount()).isEqualTo(partsAfterFirst);

		CatalogSnapshot changed = withTables(allKinds, 2000, List.of("t01000x"));
		SnapshotSummary second = store.save(targetId, Instant.parse("2026-12-01T12:00:00Z"), changed);
		long written = partCount() - partsAfterFirst;
		// the new table, the chunk it falls in (or two, if it is a boundary itself) and a root
		assertThat(written).isBetween(3L, 4L);
		assertThat(objectCount() - objectsAfterFirst).isOne();
		assertThat(json.writeValueAsString(store.find(second.id()).orElseThrow().catalog()))
			.isEqualTo(json.writeValueAsString(changed));
		assertThat(json.writeValueAsString(store.find(first.id()).orElseThrow().catalog()))
			.isEqualTo(json.writeValueAsString(large));
	}

	@Test
	void driftComparesAJsonbSnapshotWithAPartsSnapshot() {
		UUID targetId = register("parts_drift");
		UUID before = insertJsonbRow(targetId, Instant.parse("2026-12-01T10:00:00Z"), allKinds);
		// content_sha256 still hashes the canonical JSON: an unchanged catalog reuses the jsonb row
		assertThat(store.save(targetId, Instant.parse("2026-12-01T10:30:00Z"), allKinds).id()).isEqualTo(before);
		CatalogSnapshot after = withTables(allKinds, 0, List.of("zz_new_table"));
		SnapshotSummary saved = store.save(targetId, Instant.parse("2026-12-01T11:00:00Z"), after);

		SnapshotDiff diff = snapshots.drift(targetId, null, null);

		assertThat(diff.fromSnapshotId()).isEqualTo(before);
		assertThat(diff.toSnapshotId()).isEqualTo(saved.id());
		assertThat(diff.kinds()).hasSize(1);
		assertThat(diff.kinds().getFirst().added()).extracting(SnapshotDiff.Entry::key)
			.containsExactly("app.zz_new_table");
		assertThat(diff.kinds().getFirst().removed()).isEmpty();
		assertThat(diff.kinds().getFirst().changed()).isEmpty();
	}

	@Test
	void pruningKeepsWhatIsNeededAndCollectsPartsNoSnapshotReaches() {
		UUID targetId = register("parts_prune");
		Instant old = Instant.now().minus(200, ChronoUnit.DAYS);
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(store.save(targetId, old.plus(i, ChronoUnit.HOURS),
					withTables(allKinds, 0, List.of("only_in_" + i))).id());
		}
		UUID legacyOld = insertJsonbRow(targetId, old.minus(1, ChronoUnit.HOURS), allKinds);
		jdbc.sql("INSERT INTO target_baseline (target_id, snapshot_id, accepted_at, accepted_by) VALUES (?, ?, now(), 't')")
			.params(targetId, ids.get(1))
			.update();
		UUID referencing = register("parts_prune_ref");
		jdbc.sql("""
				INSERT INTO target_reference (target_id, reference_snapshot_id, updated_at, updated_by)
				VALUES (?, ?, now(), 't')""")
			.params(referencing, ids.get(2))
			.update();
		String onlyInFirst = objectHash(ids.get(0), "only_in_0");
		String onlyInBaseline = objectHash(ids.get(1), "only_in_1");

		SnapshotStore.Pruned pruned = store.prune(Instant.now().minus(90, ChronoUnit.DAYS));

		assertThat(jdbc.sql("SELECT id FROM snapshot WHERE target_id = ?").param(targetId).query(UUID.class).list())
			.containsExactlyInAnyOrder(ids.get(1), ids.get(2), ids.get(3), ids.get(4));
		assertThat(pruned.snapshots()).isGreaterThanOrEqualTo(2);
		assertThat(pruned.parts()).isPositive();
		assertThat(partExists(onlyInFirst)).isFalse();
		assertThat(partExists(onlyInBaseline)).isTrue();
		assertThat(store.find(legacyOld)).isEmpty();
		for (UUID kept : List.of(ids.get(1), ids.get(2), ids.get(3), ids.get(4))) {
			assertThat(store.find(kept)).isPresent();
		}
		assertThat(json.writeValueAsString(store.find(ids.get(1)).orElseThrow().catalog()))
			.isEqualTo(json.writeValueAsString(withTables(allKinds, 0, List.of("only_in_1"))));
		// nothing else is unreachable now: a second run collects nothing
		assertThat(store.prune(Instant.now().minus(90, ChronoUnit.DAYS)).parts()).isZero();
	}

	@Test
	void pruningWaitsForASaveInFlightSoItNeverCollectsAPartThatSaveReuses() throws Exception {
		try (Connection saving = dataSource.getConnection()) {
			saving.setAutoCommit(false);
			// what a save holds from its first part insert to its commit
			saving.createStatement().execute("SELECT pg_advisory_xact_lock_shared(" + SnapshotStore.PARTS_LOCK + ")");
			CompletableFuture<SnapshotStore.Pruned> pruning = CompletableFuture
				.supplyAsync(() -> store.prune(Instant.now().minus(90, ChronoUnit.DAYS)));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!pruneIsWaiting()) {
				assertThat(System.nanoTime()).as("pruning waits on the parts lock").isLessThan(deadline);
				assertThat(pruning).isNotDone();
			}
			assertThat(pruning).isNotDone();
			saving.commit();
			assertThat(pruning.get(30, TimeUnit.SECONDS)).isNotNull();
		}
	}

	private boolean pruneIsWaiting() {
		return jdbc.sql("""
				SELECT count(*) FROM pg_locks
				WHERE locktype = 'advisory' AND NOT granted AND mode = 'ExclusiveLock'
				  AND ((classid::bigint << 32) | objid::bigint) = ?""")
			.param(SnapshotStore.PARTS_LOCK)
			.query(Long.class).single() > 0;
	}

	/** The fixture with {@code generated} copies of its first table and the named extra tables, sorted as read. */
	private static CatalogSnapshot withTables(CatalogSnapshot catalog, int generated, List<String> extra) {
		TableInfo template = catalog.tables().stream().filter(t -> t.schema().equals("app")).findFirst().orElseThrow();
		List<TableInfo> tables = new ArrayList<>(catalog.tables());
		IntStream.range(0, generated).mapToObj(i -> "t%05d".formatted(i)).forEach(name -> tables.add(copy(template, name)));
		extra.forEach(name -> tables.add(copy(template, name)));
		tables.sort(Comparator.comparing(TableInfo::schema).thenComparing(TableInfo::name));
		return new CatalogSnapshot(catalog.formatVersion(), catalog.server(), catalog.schemas(), catalog.extensions(),
				tables, catalog.constraints(), catalog.indexes(), catalog.views(), catalog.sequences(),
				catalog.functions(), catalog.triggers(), catalog.partitioning(), catalog.migrations(),
				catalog.timescale(), catalog.types(), catalog.collations(), catalog.policies(), catalog.privileges(),
				catalog.defaultPrivileges());
	}

	private static TableInfo copy(TableInfo t, String name) {
		return new TableInfo(t.schema(), name, t.kind(), t.persistence(), t.owner(), t.partitionOf(), t.columns(),
				t.partitionBound(), t.inherits(), t.rowSecurity(), t.forceRowSecurity(), t.options(), t.comment(),
				t.estimatedRows());
	}

	private UUID insertJsonbRow(UUID targetId, Instant takenAt, CatalogSnapshot catalog) {
		UUID id = UUID.randomUUID();
		String content = json.writeValueAsString(catalog);
		jdbc.sql("INSERT INTO snapshot (id, target_id, taken_at, content, content_sha256) VALUES (?, ?, ?, ?::jsonb, ?)")
			.params(id, targetId, Timestamp.from(takenAt), content, SnapshotStore.sha256(content))
			.update();
		return id;
	}

	private String objectHash(UUID snapshotId, String tableName) {
		TableInfo table = store.find(snapshotId).orElseThrow().catalog().tables().stream()
			.filter(t -> t.name().equals(tableName)).findFirst().orElseThrow();
		return java.util.HexFormat.of().formatHex(SnapshotParts.sha256().digest(json.writeValueAsBytes(table)));
	}

	private boolean partExists(String hex) {
		return jdbc.sql("SELECT count(*) FROM snapshot_part WHERE hash = decode(?, 'hex')").param(hex)
			.query(Long.class).single() == 1;
	}

	private long partCount() {
		return jdbc.sql("SELECT count(*) FROM snapshot_part").query(Long.class).single();
	}

	private long objectCount() {
		return jdbc.sql("SELECT count(*) FROM snapshot_part WHERE kind = 'object'").query(Long.class).single();
	}

	private String apiSnapshot(UUID id) {
		return as("viewer").get().uri("/api/v1/snapshots/{id}", id).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	private UUID register(String prefix) {
		TestPostgres.Database db = TestPostgres.newDatabase(prefix);
		return UUID.fromString((String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(targetJson(db, prefix)).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id"));
	}
}

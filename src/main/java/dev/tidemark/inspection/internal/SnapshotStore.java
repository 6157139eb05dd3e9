package dev.tidemark.inspection.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.tidemark.common.PageRequest;
import dev.tidemark.inspection.PreparedSnapshot;
import dev.tidemark.inspection.Snapshot;
import dev.tidemark.inspection.SnapshotSummary;
import dev.tidemark.inspection.model.CatalogSnapshot;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Repository;

/**
 * Snapshots stored as content-addressed parts ({@link SnapshotParts}), with the SHA-256 of their canonical JSON
 * so equal catalogs are stored once. Rows written before changeset 043 keep their jsonb {@code content} and read as
 * before. Saves hold a shared advisory lock and {@link #prune} an exclusive one, so collecting unreachable parts
 * never races a save that reuses one of them. Hand-written SQL: parts are looked up and inserted in bulk over arrays
 * and a snapshot is reassembled in one read of root, chunks and objects, which no repository method expresses.
 */
@Repository
class SnapshotStore {

	private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);

	/** Advisory lock key of the parts store ("TIDEMARK" in ASCII). */
	static final long PARTS_LOCK = 0x544944454d41524bL;

	/** Parts per insert statement: bounds the bind arrays (a first save at 10,000 tables has ~40,000 parts). */
	static final int INSERT_BATCH = 2000;

	private static final String COLUMNS = "id, target_id, taken_at, content_sha256, content::text AS content, parts_root";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionTemplate transaction;

	SnapshotStore(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.json = json;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** A catalog with its parts, ready to store. */
	record Prepared(CatalogSnapshot catalog, SnapshotParts.Split split) implements PreparedSnapshot {

		@Override
		public String contentSha256() {
			return split.contentSha256();
		}

		@Override
		public long jsonBytes() {
			return split.jsonBytes();
		}

		@Override
		public Duration jsonTime() {
			return split.jsonTime();
		}

		@Override
		public Duration hashTime() {
			return split.hashTime();
		}
	}

	Prepared prepare(CatalogSnapshot catalog) {
		return new Prepared(catalog, SnapshotParts.split(catalog, json));
	}

	SnapshotSummary save(UUID targetId, Instant takenAt, CatalogSnapshot catalog) {
		return save(targetId, takenAt, prepare(catalog));
	}

	/** Stores the catalog unless the target's latest snapshot already has equal content; returns the one to use. */
	SnapshotSummary save(UUID targetId, Instant takenAt, PreparedSnapshot prepared) {
		SnapshotParts.Split split = prepared instanceof Prepared own ? own.split()
				: SnapshotParts.split(prepared.catalog(), json);
		Optional<SnapshotSummary> latest = latestSummary(targetId);
		if (latest.isPresent() && latest.get().contentSha256().equals(split.contentSha256())) {
			return latest.get();
		}
		UUID id = UUID.randomUUID();
		transaction.executeWithoutResult(status -> {
			jdbc.sql("SELECT pg_advisory_xact_lock_shared(?)").param(PARTS_LOCK).query((rs, n) -> 1).single();
			int written = insertMissing(split.parts().values());
			log.debug("Snapshot {} of target {}: {} of its {} parts were new", id, targetId, written, split.parts().size());
			jdbc.sql("INSERT INTO snapshot (id, target_id, taken_at, content_sha256, parts_root) VALUES (?, ?, ?, ?, ?)")
				.params(id, targetId, Timestamp.from(takenAt), split.contentSha256(), split.rootHash())
				.update();
		});
		return new SnapshotSummary(id, targetId, takenAt, split.contentSha256());
	}

	/**
	 * Writes the parts the store lacks. Asks for the root and chunks first: a chunk in the store has all its objects
	 * there (they are written in its transaction and collected only with or after it, see {@link #prune}), so only
	 * the objects of new chunks are looked up — after one new table, a few hundred hashes instead of every object's.
	 * Unchanged parts cost an index lookup and no bytes on the wire; the rest go in multi-row inserts over arrays
	 * (JdbcClient has no batch API).
	 */
	private int insertMissing(Collection<SnapshotParts.Part> parts) {
		Map<String, SnapshotParts.Part> byHex = new HashMap<>();
		List<SnapshotParts.Part> containers = new ArrayList<>();
		for (SnapshotParts.Part part : parts) {
			byHex.put(HexFormat.of().formatHex(part.hash()), part);
			if (!part.kind().equals(SnapshotParts.OBJECT)) {
				containers.add(part);
			}
		}
		Set<String> existing = existing(containers);
		List<SnapshotParts.Part> missing = new ArrayList<>();
		Map<String, SnapshotParts.Part> objectsOfNewChunks = new HashMap<>();
		for (SnapshotParts.Part container : containers) {
			if (existing.contains(HexFormat.of().formatHex(container.hash()))) {
				continue;
			}
			missing.add(container);
			if (container.kind().equals(SnapshotParts.CHUNK)) {
				for (byte[] hash : SnapshotParts.objectHashes(container.content())) {
					String hex = HexFormat.of().formatHex(hash);
					objectsOfNewChunks.putIfAbsent(hex, byHex.get(hex));
				}
			}
		}
		Set<String> existingObjects = existing(objectsOfNewChunks.values());
		objectsOfNewChunks.forEach((hex, part) -> {
			if (!existingObjects.contains(hex)) {
				missing.add(part);
			}
		});
		int inserted = 0;
		for (int from = 0; from < missing.size(); from += INSERT_BATCH) {
			List<SnapshotParts.Part> batch = missing.subList(from, Math.min(from + INSERT_BATCH, missing.size()));
			inserted += jdbc.sql("""
					INSERT INTO snapshot_part (hash, kind, content)
					SELECT * FROM unnest(?::bytea[], ?::text[], ?::bytea[]) ON CONFLICT (hash) DO NOTHING""")
				.param(new SqlArrayValue("bytea", (Object[]) batch.stream().map(SnapshotParts.Part::hash).toArray(byte[][]::new)))
				.param(new SqlArrayValue("text", batch.stream().map(SnapshotParts.Part::kind).toArray()))
				.param(new SqlArrayValue("bytea", (Object[]) batch.stream().map(SnapshotStore::stored).toArray(byte[][]::new)))
				.update();
		}
		return inserted;
	}

	private Set<String> existing(Collection<SnapshotParts.Part> parts) {
		if (parts.isEmpty()) {
			return Set.of();
		}
		byte[][] hashes = parts.stream().map(SnapshotParts.Part::hash).toArray(byte[][]::new);
		return new HashSet<>(jdbc.sql("SELECT hash FROM snapshot_part WHERE hash = ANY(?)")
			.param(new SqlArrayValue("bytea", (Object[]) hashes))
			.query((rs, n) -> HexFormat.of().formatHex(rs.getBytes(1)))
			.list());
	}

	private static byte[] stored(SnapshotParts.Part part) {
		return part.kind().equals(SnapshotParts.OBJECT) ? SnapshotParts.deflate(part.content()) : part.content();
	}

	Optional<Snapshot> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM snapshot WHERE id = ?")
			.param(id)
			.query(this::snapshot)
			.optional();
	}

	Optional<Snapshot> latest(UUID targetId) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM snapshot
				WHERE target_id = ? ORDER BY taken_at DESC, id LIMIT 1""")
			.param(targetId)
			.query(this::snapshot)
			.optional();
	}

	Optional<SnapshotSummary> latestSummary(UUID targetId) {
		return jdbc.sql("""
				SELECT id, target_id, taken_at, content_sha256 FROM snapshot
				WHERE target_id = ? ORDER BY taken_at DESC, id LIMIT 1""")
			.param(targetId)
			.query(SnapshotStore::summary)
			.optional();
	}

	/** The snapshot of the same target taken just before the given one. */
	Optional<Snapshot> previous(Snapshot snapshot) {
		return jdbc.sql("""
				SELECT id, target_id, taken_at, content_sha256, content::text AS content, parts_root FROM snapshot
				WHERE target_id = ? AND (taken_at, id) < (?, ?) ORDER BY taken_at DESC, id DESC LIMIT 1""")
			.params(snapshot.targetId(), Timestamp.from(snapshot.takenAt()), snapshot.id())
			.query(this::snapshot)
			.optional();
	}

	List<SnapshotSummary> page(UUID targetId, PageRequest page) {
		return jdbc.sql("""
				SELECT id, target_id, taken_at, content_sha256 FROM snapshot
				WHERE target_id = ? ORDER BY taken_at DESC, id LIMIT ? OFFSET ?""")
			.params(targetId, page.size(), page.offset())
			.query(SnapshotStore::summary)
			.list();
	}

	long count(UUID targetId) {
		return jdbc.sql("SELECT count(*) FROM snapshot WHERE target_id = ?").param(targetId).query(Long.class).single();
	}

	/** What one {@link #prune} removed. */
	record Pruned(int snapshots, int parts) {
	}

	/**
	 * Deletes snapshots taken before {@code cutoff} that nothing needs — not a baseline, not a reference, not one of
	 * its target's two latest (drift's default compares them), not the snapshot of a scan an unresolved finding was
	 * first or last seen in — then every part no remaining snapshot reaches. The exclusive advisory lock waits for
	 * saves in flight and holds new ones back until it commits, so no save can reuse a part being collected.
	 */
	Pruned prune(Instant cutoff) {
		return transaction.execute(status -> {
			jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(PARTS_LOCK).query((rs, n) -> 1).single();
			int snapshots = jdbc.sql("""
					DELETE FROM snapshot s
					WHERE s.taken_at < ?
					  AND NOT EXISTS (SELECT 1 FROM target_baseline b WHERE b.snapshot_id = s.id)
					  AND NOT EXISTS (SELECT 1 FROM target_reference r WHERE r.reference_snapshot_id = s.id)
					  AND NOT EXISTS (SELECT 1 FROM scan c JOIN finding f ON c.id IN (f.first_scan_id, f.last_scan_id)
					                  WHERE c.snapshot_id = s.id AND f.status <> 'RESOLVED')
					  AND s.id NOT IN (SELECT id FROM (
					      SELECT id, row_number() OVER (PARTITION BY target_id ORDER BY taken_at DESC, id) AS recency
					      FROM snapshot) latest WHERE recency <= 2)""")
				.param(Timestamp.from(cutoff))
				.update();
			int parts = jdbc.sql("""
					WITH live_root AS (
					    SELECT DISTINCT parts_root AS hash FROM snapshot WHERE parts_root IS NOT NULL
					), live_chunk AS (
					    SELECT DISTINCT decode(c, 'hex') AS hash
					    FROM snapshot_part p JOIN live_root USING (hash),
					         jsonb_array_elements(convert_from(p.content, 'UTF8')::jsonb -> 'fields') f,
					         jsonb_array_elements_text(f -> 'chunks') c
					), live_object AS (
					    SELECT DISTINCT substring(p.content FROM i * 32 + 1 FOR 32) AS hash
					    FROM snapshot_part p JOIN live_chunk USING (hash), generate_series(0, length(p.content) / 32 - 1) i
					), live AS (
					    SELECT hash FROM live_root UNION SELECT hash FROM live_chunk UNION SELECT hash FROM live_object
					)
					DELETE FROM snapshot_part p WHERE NOT EXISTS (SELECT 1 FROM live WHERE live.hash = p.hash)""")
				.update();
			return new Pruned(snapshots, parts);
		});
	}

	private Snapshot snapshot(ResultSet rs, int rowNum) throws SQLException {
		String content = rs.getString("content");
		CatalogSnapshot catalog = content != null ? json.readValue(content, CatalogSnapshot.class)
				: json.readValue(assemble(rs.getBytes("parts_root")), CatalogSnapshot.class);
		return new Snapshot(rs.getObject("id", UUID.class), rs.getObject("target_id", UUID.class),
				rs.getTimestamp("taken_at").toInstant(), rs.getString("content_sha256"), catalog);
	}

	/** The canonical JSON of a parts snapshot: root, its chunks and their objects in one statement (one view). */
	private byte[] assemble(byte[] rootHash) {
		Map<String, byte[]> parts = new HashMap<>();
		jdbc.sql("""
				WITH root AS (
				    SELECT hash, content FROM snapshot_part WHERE hash = ?
				), chunk_hash AS (
				    SELECT DISTINCT decode(c, 'hex') AS hash
				    FROM root, jsonb_array_elements(convert_from(root.content, 'UTF8')::jsonb -> 'fields') f,
				         jsonb_array_elements_text(f -> 'chunks') c
				), chunk AS (
				    SELECT p.hash, p.content FROM snapshot_part p JOIN chunk_hash USING (hash)
				), object_hash AS (
				    SELECT DISTINCT substring(chunk.content FROM i * 32 + 1 FOR 32) AS hash
				    FROM chunk, generate_series(0, length(chunk.content) / 32 - 1) i
				)
				SELECT hash, content, false AS deflated FROM root
				UNION ALL SELECT hash, content, false FROM chunk
				UNION ALL SELECT p.hash, p.content, true FROM snapshot_part p JOIN object_hash USING (hash)""")
			.param(rootHash)
			.query(rs -> {
				byte[] content = rs.getBytes(2);
				parts.put(HexFormat.of().formatHex(rs.getBytes(1)),
						rs.getBoolean(3) ? SnapshotParts.inflate(content) : content);
			});
		byte[] root = parts.get(HexFormat.of().formatHex(rootHash));
		if (root == null) {
			throw new IllegalStateException("Snapshot root part " + HexFormat.of().formatHex(rootHash) + " is missing");
		}
		return SnapshotParts.assemble(root, parts, json);
	}

	private static SnapshotSummary summary(ResultSet rs, int rowNum) throws SQLException {
		return new SnapshotSummary(rs.getObject("id", UUID.class), rs.getObject("target_id", UUID.class),
				rs.getTimestamp("taken_at").toInstant(), rs.getString("content_sha256"));
	}

	static String sha256(String content) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}

package dev.tidemark.inspection.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.common.PageRequest;
import dev.tidemark.inspection.Snapshot;
import dev.tidemark.inspection.SnapshotSummary;
import dev.tidemark.inspection.model.CatalogSnapshot;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Snapshots as jsonb documents, with a SHA-256 of their canonical JSON so equal catalogs are stored once. */
@Repository
class SnapshotStore {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	SnapshotStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Stores the catalog unless the target's latest snapshot already has equal content; returns the one to use. */
	SnapshotSummary save(UUID targetId, Instant takenAt, CatalogSnapshot catalog) {
		String content = json.writeValueAsString(catalog);
		String sha = sha256(content);
		Optional<SnapshotSummary> latest = latestSummary(targetId);
		if (latest.isPresent() && latest.get().contentSha256().equals(sha)) {
			return latest.get();
		}
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO snapshot (id, target_id, taken_at, content, content_sha256) VALUES (?, ?, ?, ?::jsonb, ?)")
			.params(id, targetId, Timestamp.from(takenAt), content, sha)
			.update();
		return new SnapshotSummary(id, targetId, takenAt, sha);
	}

	Optional<Snapshot> find(UUID id) {
		return jdbc.sql("SELECT id, target_id, taken_at, content_sha256, content::text AS content FROM snapshot WHERE id = ?")
			.param(id)
			.query(this::snapshot)
			.optional();
	}

	Optional<Snapshot> latest(UUID targetId) {
		return jdbc.sql("""
				SELECT id, target_id, taken_at, content_sha256, content::text AS content FROM snapshot
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
				SELECT id, target_id, taken_at, content_sha256, content::text AS content FROM snapshot
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

	private Snapshot snapshot(ResultSet rs, int rowNum) throws SQLException {
		return new Snapshot(rs.getObject("id", UUID.class), rs.getObject("target_id", UUID.class),
				rs.getTimestamp("taken_at").toInstant(), rs.getString("content_sha256"),
				json.readValue(rs.getString("content"), CatalogSnapshot.class));
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

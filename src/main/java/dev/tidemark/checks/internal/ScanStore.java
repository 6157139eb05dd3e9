package dev.tidemark.checks.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.checks.Scan;
import dev.tidemark.checks.Scan.ScanError;
import dev.tidemark.checks.Severity;
import dev.tidemark.common.PageRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Scans. Hand-written SQL on purpose: a scan row is written in steps by guarded single statements (RUNNING, then
 * SUCCEEDED or FAILED), abandoned scans are closed in one bulk UPDATE, and pages and retention are set-based.
 */
@Repository
class ScanStore {

	private static final String COLUMNS = "id, target_id, status, requested_by, started_at, finished_at, snapshot_id, "
			+ "finding_counts::text AS finding_counts, new_findings, resolved_findings, warnings::text AS warnings, "
			+ "error_code, error, error_sqlstate, ignored::text AS ignored, "
			+ "catalog_unchanged, phase_millis::text AS phase_millis";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ScanStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insertRunning(UUID id, UUID targetId, String requestedBy, Instant startedAt) {
		jdbc.sql("INSERT INTO scan (id, target_id, status, requested_by, started_at) VALUES (?, ?, 'RUNNING', ?, ?)")
			.params(id, targetId, requestedBy, Timestamp.from(startedAt))
			.update();
	}

	/**
	 * Marks a RUNNING scan SUCCEEDED. A scan closed meanwhile (swept as abandoned while it still ran) is not
	 * reopened: this throws, so the caller's transaction, with the findings it reconciled, rolls back.
	 */
	void succeed(UUID id, Instant finishedAt, UUID snapshotId, FindingStore.Reconciliation outcome,
			List<String> warnings, List<Scan.Ignored> ignored, @Nullable String catalogFingerprint,
			boolean catalogUnchanged, Map<String, Long> phases, @Nullable String databaseIdentity) {
		int updated = jdbc.sql("""
				UPDATE scan SET status = 'SUCCEEDED', finished_at = ?, snapshot_id = ?, finding_counts = ?::jsonb,
				       new_findings = ?, resolved_findings = ?, warnings = ?::jsonb, ignored = ?::jsonb,
				       catalog_fingerprint = ?, catalog_unchanged = ?, phase_millis = ?::jsonb, database_identity = ?
				WHERE id = ? AND status = 'RUNNING'""")
			.params(Timestamp.from(finishedAt), snapshotId, json.writeValueAsString(outcome.openBySeverity()),
					outcome.opened(), outcome.resolved(), json.writeValueAsString(warnings),
					json.writeValueAsString(ignored), catalogFingerprint, catalogUnchanged,
					json.writeValueAsString(phases), databaseIdentity, id)
			.update();
		if (updated == 0) {
			throw new ScanClosedException(id);
		}
	}

	/** The scan was no longer RUNNING when it tried to finish (see {@link #succeed}). */
	static final class ScanClosedException extends RuntimeException {

		ScanClosedException(UUID id) {
			super("Scan " + id + " was closed while it ran (swept as abandoned); its result was not stored");
		}
	}

	/** A target's latest successful scan: its id, its catalog fingerprint and the snapshot it used. */
	record Fingerprinted(UUID scanId, @Nullable String fingerprint, @Nullable UUID snapshotId) {
	}

	Optional<Fingerprinted> latestFingerprint(UUID targetId) {
		return jdbc.sql("""
				SELECT id, catalog_fingerprint, snapshot_id FROM scan
				WHERE target_id = ? AND status = 'SUCCEEDED'
				ORDER BY started_at DESC LIMIT 1""")
			.param(targetId)
			.query((rs, n) -> new Fingerprinted(rs.getObject(1, UUID.class), rs.getString(2),
					rs.getObject(3, UUID.class)))
			.optional()
			.filter(f -> f.fingerprint() != null && f.snapshotId() != null);
	}

	/** The database identity of each target's latest successful scan, where it has one. */
	Map<UUID, String> databaseIdentities(Collection<UUID> targetIds) {
		// one index probe per target (scan_target_started_idx) instead of a pass over every scan
		Map<UUID, String> identities = new HashMap<>();
		jdbc.sql("""
				SELECT t.id, s.database_identity FROM unnest(?::uuid[]) AS t (id)
				CROSS JOIN LATERAL (SELECT database_identity FROM scan
				                    WHERE target_id = t.id AND status = 'SUCCEEDED'
				                    ORDER BY started_at DESC LIMIT 1) s
				WHERE s.database_identity IS NOT NULL""")
			.param(targetIds.toArray(UUID[]::new))
			.query(rs -> {
				identities.put(rs.getObject(1, UUID.class), rs.getString(2));
			});
		return identities;
	}

	/** Marks a RUNNING scan FAILED; false when it was closed already (by the sweep), which then stands. */
	boolean fail(UUID id, Instant finishedAt, ScanError error) {
		return jdbc.sql("""
				UPDATE scan SET status = 'FAILED', finished_at = ?, error_code = ?, error = ?, error_sqlstate = ?
				WHERE id = ? AND status = 'RUNNING'""")
			.params(Timestamp.from(finishedAt), error.code(), error.message(), error.sqlState(), id)
			.update() == 1;
	}

	/** Scans left RUNNING since before {@code before} (their Tidemark stopped) become FAILED. */
	int failAbandoned(Instant now, Instant before) {
		return jdbc.sql("""
				UPDATE scan SET status = 'FAILED', finished_at = ?, error_code = 'interrupted',
				       error = 'Tidemark stopped before the scan finished; findings were left as the last complete scan left them'
				WHERE status = 'RUNNING' AND started_at < ?""")
			.params(Timestamp.from(now), Timestamp.from(before))
			.update();
	}

	/**
	 * Deletes up to {@code limit} finished scans started before {@code cutoff}, oldest first, except each target's
	 * latest successful scan and scans a finding names; replicas pruning at once skip each other's rows.
	 */
	int deletePrunable(Instant cutoff, int limit) {
		return jdbc.sql("""
				DELETE FROM scan WHERE id IN (
				    SELECT s.id FROM scan s
				    WHERE s.started_at < ? AND s.status <> 'RUNNING'
				      AND s.id NOT IN (SELECT f.first_scan_id FROM finding f WHERE f.first_scan_id IS NOT NULL
				                       UNION SELECT f.last_scan_id FROM finding f WHERE f.last_scan_id IS NOT NULL)
				      AND s.id IS DISTINCT FROM (SELECT l.id FROM scan l
				                                 WHERE l.target_id = s.target_id AND l.status = 'SUCCEEDED'
				                                 ORDER BY l.started_at DESC LIMIT 1)
				    ORDER BY s.started_at
				    LIMIT ?
				    FOR UPDATE SKIP LOCKED)""")
			.params(Timestamp.from(cutoff), limit)
			.update();
	}

	Optional<Scan> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM scan WHERE id = ?").param(id).query(this::scan).optional();
	}

	Optional<Scan> latestSucceeded(UUID targetId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM scan WHERE target_id = ? AND status = 'SUCCEEDED' "
				+ "ORDER BY started_at DESC LIMIT 1")
			.param(targetId)
			.query(this::scan)
			.optional();
	}

	List<Scan> page(UUID targetId, PageRequest page) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM scan WHERE target_id = ? ORDER BY started_at DESC, id LIMIT ? OFFSET ?")
			.params(targetId, page.size(), page.offset())
			.query(this::scan)
			.list();
	}

	long count(UUID targetId) {
		return jdbc.sql("SELECT count(*) FROM scan WHERE target_id = ?").param(targetId).query(Long.class).single();
	}

	private Scan scan(ResultSet rs, int rowNum) throws SQLException {
		Instant started = rs.getTimestamp("started_at").toInstant();
		Timestamp finishedTs = rs.getTimestamp("finished_at");
		Instant finished = finishedTs == null ? null : finishedTs.toInstant();
		String errorCode = rs.getString("error_code");
		ScanError error = errorCode == null ? null
				: new ScanError(errorCode, rs.getString("error"), rs.getString("error_sqlstate"));
		String counts = rs.getString("finding_counts");
		String warnings = rs.getString("warnings");
		String ignored = rs.getString("ignored");
		return new Scan(rs.getObject("id", UUID.class), rs.getObject("target_id", UUID.class),
				Scan.Status.valueOf(rs.getString("status")), rs.getString("requested_by"), started, finished,
				finished == null ? null : finished.toEpochMilli() - started.toEpochMilli(),
				rs.getObject("snapshot_id", UUID.class), counts == null ? null : severityCounts(counts),
				(Integer) rs.getObject("new_findings"), (Integer) rs.getObject("resolved_findings"),
				warnings == null ? List.of() : json.readValue(warnings, new TypeReference<List<String>>() {
				}), error, ignored == null ? List.of() : json.readValue(ignored, new TypeReference<List<Scan.Ignored>>() {
				}), rs.getBoolean("catalog_unchanged"), phases(rs.getString("phase_millis")));
	}

	/** jsonb keeps an object's keys in its own order: put them back in the order the phases run. */
	private Map<String, Long> phases(@Nullable String stored) {
		if (stored == null) {
			return Map.of();
		}
		Map<String, Long> read = json.readValue(stored, new TypeReference<Map<String, Long>>() {
		});
		Map<String, Long> ordered = new LinkedHashMap<>();
		for (Scan.Phase phase : Scan.Phase.values()) {
			Long millis = read.get(phase.key());
			if (millis != null) {
				ordered.put(phase.key(), millis);
			}
		}
		return ordered;
	}

	private @Nullable Map<Severity, Integer> severityCounts(String counts) {
		return json.readValue(counts, new TypeReference<Map<Severity, Integer>>() {
		});
	}
}

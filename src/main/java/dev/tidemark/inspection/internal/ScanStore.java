package dev.tidemark.inspection.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.common.PageRequest;
import dev.tidemark.inspection.Scan;
import dev.tidemark.inspection.Scan.ScanError;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ScanStore {

	private static final String COLUMNS = "id, target_id, status, requested_by, started_at, finished_at, snapshot_id, "
			+ "error_code, error, error_sqlstate";

	private final JdbcClient jdbc;

	ScanStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insertRunning(UUID id, UUID targetId, String requestedBy, Instant startedAt) {
		jdbc.sql("INSERT INTO scan (id, target_id, status, requested_by, started_at) VALUES (?, ?, 'RUNNING', ?, ?)")
			.params(id, targetId, requestedBy, Timestamp.from(startedAt))
			.update();
	}

	void finish(UUID id, Scan.Status status, Instant finishedAt, @Nullable UUID snapshotId,
			@Nullable ScanError error) {
		jdbc.sql("""
				UPDATE scan SET status = ?, finished_at = ?, snapshot_id = ?, error_code = ?, error = ?, error_sqlstate = ?
				WHERE id = ?""")
			.params(status.name(), Timestamp.from(finishedAt), snapshotId, error == null ? null : error.code(),
					error == null ? null : error.message(), error == null ? null : error.sqlState(), id)
			.update();
	}

	Optional<Scan> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM scan WHERE id = ?").param(id).query(ScanStore::scan).optional();
	}

	List<Scan> page(UUID targetId, PageRequest page) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM scan WHERE target_id = ? ORDER BY started_at DESC, id LIMIT ? OFFSET ?")
			.params(targetId, page.size(), page.offset())
			.query(ScanStore::scan)
			.list();
	}

	long count(UUID targetId) {
		return jdbc.sql("SELECT count(*) FROM scan WHERE target_id = ?").param(targetId).query(Long.class).single();
	}

	private static Scan scan(ResultSet rs, int rowNum) throws SQLException {
		Instant started = rs.getTimestamp("started_at").toInstant();
		Timestamp finishedTs = rs.getTimestamp("finished_at");
		Instant finished = finishedTs == null ? null : finishedTs.toInstant();
		String errorCode = rs.getString("error_code");
		ScanError error = null;
		if (errorCode != null) {
			error = new ScanError(errorCode, rs.getString("error"), rs.getString("error_sqlstate"));
		}
		return new Scan(rs.getObject("id", UUID.class), rs.getObject("target_id", UUID.class),
				Scan.Status.valueOf(rs.getString("status")), rs.getString("requested_by"), started, finished,
				finished == null ? null : finished.toEpochMilli() - started.toEpochMilli(),
				rs.getObject("snapshot_id", UUID.class), error);
	}
}

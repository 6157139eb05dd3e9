package dev.tidemark.remediation.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Optional;

import dev.tidemark.remediation.Remediation;
import dev.tidemark.targets.TargetConnectionException;

/**
 * The remediation lock on a target: a session-level advisory lock, so it is held exactly as long as the session
 * that runs the changesets lives, even after its client (a killed Tidemark) is gone.
 */
final class TargetLock {

	/** pg_try_advisory_lock key on the target: "tidemark remediation". */
	static final long KEY = 0x746964656d61726bL;

	private TargetLock() {
	}

	static boolean tryLock(Connection connection) {
		try (Statement st = connection.createStatement();
				ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
			rs.next();
			return rs.getBoolean(1);
		}
		catch (SQLException e) {
			// a target failure, so callers record it (an exception of our own would leave EXECUTING behind)
			throw new TargetConnectionException(TargetConnectionException.Reason.OTHER,
					"Could not take the remediation lock on the target: " + e.getMessage(), e.getSQLState(), e);
		}
	}

	static void unlock(Connection connection) {
		try (Statement st = connection.createStatement()) {
			st.execute("SELECT pg_advisory_unlock(" + KEY + ")");
		}
		catch (SQLException ignored) {
			// closing the session releases it anyway
		}
	}

	/**
	 * The session holding the lock and what it runs: a bigint advisory key is recorded as classid (high 32 bits),
	 * objid (low 32 bits) and objsubid 1 in this database.
	 */
	static Optional<Remediation.OrphanedStatement> holder(Connection connection) {
		try (PreparedStatement ps = connection.prepareStatement("""
				SELECT a.pid, a.query, a.query_start, a.state
				FROM pg_catalog.pg_locks l
				JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
				WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
				  AND l.classid::bigint = ? AND l.objid::bigint = ?
				  AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())""")) {
			ps.setLong(1, KEY >>> 32);
			ps.setLong(2, KEY & 0xffffffffL);
			try (ResultSet rs = ps.executeQuery()) {
				if (!rs.next()) {
					return Optional.empty();
				}
				Timestamp since = rs.getTimestamp("query_start");
				String query = rs.getString("query");
				return Optional.of(new Remediation.OrphanedStatement(rs.getInt("pid"),
						query == null ? "(not visible to Tidemark's role)" : query.strip(),
						since == null ? null : since.toInstant(), String.valueOf(rs.getString("state"))));
			}
		}
		catch (SQLException e) {
			throw new TargetConnectionException(TargetConnectionException.Reason.OTHER,
					"Could not read who holds the remediation lock: " + e.getMessage(), e.getSQLState(), e);
		}
	}
}

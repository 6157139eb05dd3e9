package dev.tidemark.targets;

import java.sql.Connection;

import org.jspecify.annotations.Nullable;

/**
 * An open connection to a target, counted against the target's pool size until closed. Closing it closes the
 * connection.
 */
public interface TargetSession extends AutoCloseable {

	Connection connection();

	Target target();

	/**
	 * Which database this session reached, as {@code <system identifier>/<database OID>}: the server's own identity
	 * (from {@code pg_control_system()}, kept by copies of the cluster only) and the database's within it. Two
	 * targets whose URLs differ (an alias, {@code localhost} and {@code 127.0.0.1}, a pooler) but reach one
	 * database have the same one; a URL whose name now resolves to another server has another. Null when the role
	 * may not read {@code pg_control_system()}.
	 */
	@Nullable String databaseIdentity();

	@Override
	void close();
}

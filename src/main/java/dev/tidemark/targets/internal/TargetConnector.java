package dev.tidemark.targets.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetConnectionException;
import dev.tidemark.targets.TargetConnectionException.Reason;
import dev.tidemark.targets.TargetOptions;
import dev.tidemark.targets.TargetSession;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.postgresql.core.BaseConnection;

import org.springframework.stereotype.Component;

/**
 * Opens connections to targets. At most {@code poolSize} connections per target are open at once (a semaphore,
 * not an idle pool, so a target that allows one connection works and nothing idles against production). Every
 * session is labelled {@code application_name=tidemark} and gets the target's timeouts; inspection sessions are
 * read-only.
 */
@Component
class TargetConnector {

	/** What every session is called in pg_stat_activity, whatever the target's URL says. */
	static final String APPLICATION_NAME = "tidemark";

	/** The oldest server Tidemark inspects: the catalog queries need PostgreSQL 13. */
	static final int MIN_SERVER_VERSION_NUM = 130000;

	private final Driver driver = new Driver();

	private final Map<UUID, Permits> permits = new ConcurrentHashMap<>();

	record Credentials(String username, @Nullable String password) {
		@Override
		public String toString() {
			return "Credentials[username=" + username + "]";
		}
	}

	private record Permits(int size, Semaphore semaphore) {
	}

	TargetSession open(Target target, Credentials credentials, boolean readOnly) {
		Semaphore semaphore = semaphore(target);
		acquire(semaphore, target);
		return opened(target, credentials, readOnly, semaphore);
	}

	/** A session only if one of the target's {@code poolSize} connections is free now; never waits. */
	Optional<TargetSession> tryOpen(Target target, Credentials credentials, boolean readOnly) {
		Semaphore semaphore = semaphore(target);
		return semaphore.tryAcquire() ? Optional.of(opened(target, credentials, readOnly, semaphore)) : Optional.empty();
	}

	private Semaphore semaphore(Target target) {
		return permits
			.compute(target.id(), (id, existing) -> existing != null && existing.size() == target.options().poolSize()
					? existing : new Permits(target.options().poolSize(), new Semaphore(target.options().poolSize(), true)))
			.semaphore();
	}

	private TargetSession opened(Target target, Credentials credentials, boolean readOnly, Semaphore semaphore) {
		try {
			Connected connected = connected(target.jdbcUrl(), credentials, target.options(), readOnly);
			return new Session(connected.connection(), target, semaphore, connected.databaseIdentity());
		}
		catch (RuntimeException e) {
			semaphore.release();
			throw e;
		}
	}

	/** Connects without a registered target (used to verify a definition before it is stored). */
	Connection connect(String jdbcUrl, Credentials credentials, TargetOptions options, boolean readOnly) {
		return connected(jdbcUrl, credentials, options, readOnly).connection();
	}

	private record Connected(Connection connection, @Nullable String databaseIdentity) {
	}

	private Connected connected(String jdbcUrl, Credentials credentials, TargetOptions options, boolean readOnly) {
		Properties props = new Properties();
		props.setProperty("user", credentials.username());
		if (credentials.password() != null) {
			props.setProperty("password", credentials.password());
		}
		props.setProperty("ApplicationName", APPLICATION_NAME);
		props.setProperty("connectTimeout", String.valueOf(Math.max(1, options.connectTimeoutMs() / 1000)));
		props.setProperty("loginTimeout", String.valueOf(Math.max(1, options.connectTimeoutMs() / 1000)));
		Connection connection = null;
		try {
			connection = driver.connect(JdbcUrlPolicy.withoutSessionParameters(jdbcUrl), props);
			if (connection == null) {
				throw new TargetConnectionException(Reason.OTHER, "The JDBC URL is not a PostgreSQL URL", null, null);
			}
			if (!connection.unwrap(BaseConnection.class).haveMinimumServerVersion(MIN_SERVER_VERSION_NUM)) {
				throw new TargetConnectionException(Reason.UNSUPPORTED_SERVER, "The target runs PostgreSQL "
						+ connection.getMetaData().getDatabaseProductVersion() + "; Tidemark needs 13 or newer", null,
						null);
			}
			resetSession(connection);
			return new Connected(connection, configureSession(connection, options, readOnly));
		}
		catch (SQLException e) {
			closeQuietly(connection);
			throw classify(e);
		}
		catch (RuntimeException e) {
			closeQuietly(connection);
			throw e;
		}
	}

	/**
	 * Starts from a clean session. A fresh backend has nothing to discard, but some servers hand one backend to
	 * client after client (PGlite, a proxy pooling sessions): the last client's settings (read-only!), prepared
	 * statements and advisory locks would still be there. One round trip per session.
	 */
	private static void resetSession(Connection connection) throws SQLException {
		// DISCARD ALL also resets application_name, which DBAs use to find (and kill) Tidemark's sessions
		try (Statement st = connection.createStatement()) {
			try {
				st.execute("DISCARD ALL");
			}
			catch (SQLException e) {
				if (!"25001".equals(e.getSQLState()) && !"25P02".equals(e.getSQLState())) {
					throw e;
				}
				// a shared backend with a transaction (open or aborted) a vanished client left: end it, start over
				st.execute("ROLLBACK");
				st.execute("DISCARD ALL");
			}
		}
	}

	/**
	 * Name and timeouts (and read-only) in one round trip after the reset, which also reads which database this is
	 * ({@link TargetSession#databaseIdentity()}, returned): a scan opens a session every time, so each round trip
	 * here is paid per scan. The server version came with the connection (ParameterStatus).
	 */
	private static @Nullable String configureSession(Connection connection, TargetOptions options, boolean readOnly)
			throws SQLException {
		try {
			return configureSession(connection, options, readOnly, DATABASE_IDENTITY);
		}
		catch (SQLException e) {
			if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
				throw e;
			}
			// a server whose pg_control_system() fails (a fork, a proxy) still gets a working session, unidentified
			return configureSession(connection, options, readOnly, "NULL::text");
		}
	}

	private static @Nullable String configureSession(Connection connection, TargetOptions options, boolean readOnly,
			String identity) throws SQLException {
		try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('application_name', ?, false), "
				+ "set_config('statement_timeout', ?, false), set_config('lock_timeout', ?, false), "
				+ "set_config('idle_in_transaction_session_timeout', ?, false), "
				+ "set_config('default_transaction_read_only', coalesce(?, current_setting('default_transaction_read_only')), "
				+ "false), " + identity)) {
			ps.setString(1, APPLICATION_NAME);
			ps.setString(2, String.valueOf(options.statementTimeoutMs()));
			ps.setString(3, String.valueOf(options.lockTimeoutMs()));
			ps.setString(4, String.valueOf(Math.max(options.statementTimeoutMs(), 60_000)));
			// a writing session keeps whatever the server, database or role sets
			ps.setString(5, readOnly ? "on" : null);
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				return rs.getString(6);
			}
		}
	}

	/** {@code <system identifier>/<database OID>}; null (not an error) where pg_control_system() is not granted. */
	private static final String DATABASE_IDENTITY = "CASE WHEN pg_catalog.has_function_privilege("
			+ "'pg_catalog.pg_control_system()', 'EXECUTE') THEN (SELECT system_identifier::text "
			+ "FROM pg_catalog.pg_control_system()) || '/' || (SELECT oid::text FROM pg_catalog.pg_database "
			+ "WHERE datname = pg_catalog.current_database()) END";

	private static void acquire(Semaphore semaphore, Target target) {
		try {
			if (!semaphore.tryAcquire(target.options().connectTimeoutMs(), TimeUnit.MILLISECONDS)) {
				throw new TargetConnectionException(Reason.TOO_MANY_CONNECTIONS, "All " + target.options().poolSize()
						+ " connection(s) allowed to target '" + target.name() + "' are in use; try again later",
						null, null);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new TargetConnectionException(Reason.OTHER, "Interrupted while waiting for a connection", null, e);
		}
	}

	/** Maps a driver failure to a reason a client can act on; pgJDBC messages carry no password. */
	static TargetConnectionException classify(SQLException e) {
		String state = e.getSQLState();
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String detail = e.getMessage() == null ? "no detail" : e.getMessage();
		if (state != null && (state.equals("28P01") || state.equals("28000"))) {
			return new TargetConnectionException(Reason.AUTHENTICATION_FAILED,
					"The target rejected the credentials: " + detail, state, null);
		}
		if ("3D000".equals(state)) {
			return new TargetConnectionException(Reason.DATABASE_NOT_FOUND, "The target database does not exist: " + detail,
					state, null);
		}
		if ("42501".equals(state)) {
			return new TargetConnectionException(Reason.PERMISSION_DENIED, "Permission denied on the target: " + detail,
					state, null);
		}
		if ("53300".equals(state)) {
			return new TargetConnectionException(Reason.TOO_MANY_CONNECTIONS, "The target has no free connection slot: "
					+ detail, state, null);
		}
		if ("57014".equals(state) || "55P03".equals(state) || root instanceof SocketTimeoutException) {
			return new TargetConnectionException(Reason.TIMEOUT, "The target did not answer in time: " + detail, state,
					null);
		}
		if ((state != null && state.startsWith("08")) || root instanceof ConnectException
				|| root instanceof UnknownHostException || root instanceof NoRouteToHostException) {
			return new TargetConnectionException(Reason.UNREACHABLE, "The target cannot be reached: " + detail, state,
					null);
		}
		return new TargetConnectionException(Reason.OTHER, "The target connection failed: " + detail, state, null);
	}

	private static void closeQuietly(@Nullable Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ignored) {
				// already failing; the first error is the one to report
			}
		}
	}

	private static final class Session implements TargetSession {

		private final Connection connection;

		private final Target target;

		private final Semaphore semaphore;

		private final @Nullable String databaseIdentity;

		private boolean closed;

		Session(Connection connection, Target target, Semaphore semaphore, @Nullable String databaseIdentity) {
			this.connection = connection;
			this.target = target;
			this.semaphore = semaphore;
			this.databaseIdentity = databaseIdentity;
		}

		@Override
		public @Nullable String databaseIdentity() {
			return databaseIdentity;
		}

		@Override
		public Connection connection() {
			return connection;
		}

		@Override
		public Target target() {
			return target;
		}

		@Override
		public synchronized void close() {
			if (!closed) {
				closed = true;
				closeQuietly(connection);
				semaphore.release();
			}
		}
	}
}

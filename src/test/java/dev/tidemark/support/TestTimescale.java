package dev.tidemark.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Where test TimescaleDB comes from: {@code TIDEMARK_TEST_TIMESCALE_URL} if set, else Testcontainers with a pinned
 * image when Docker answers, else none: the test is skipped with the reason, or fails with it when
 * {@code TIDEMARK_REQUIRE_TIMESCALE_TESTS=true} (CI sets it, so a missing server cannot pass as green).
 * <p>
 * The CI server (PGlite with TimescaleDB, see src/test/timescaledb) takes ONE connection at a time and has one
 * database, so tests get a schema each, not a database, and must close a connection before opening the next.
 * Its connections also share one backend session, so code that connects to it outside this class (a target's
 * pool) must start with {@code DISCARD ALL} or use {@code prepareThreshold=0}.
 */
public final class TestTimescale {

	/** Pinned; {@code TIDEMARK_TEST_TIMESCALE_IMAGE} picks another release (e.g. 2.13.1-pg15, 2.28.3-pg15) to run the suite against. */
	static final String IMAGE = env("TIDEMARK_TEST_TIMESCALE_IMAGE", "timescale/timescaledb:2.17.2-pg16");

	/** A fresh schema on the test server; {@link #connect()} puts it first on the search_path. */
	public record Schema(String name, String jdbcUrl, String username, String password) {

		/** A connection with {@code search_path = <schema>, public} (the extension's API lives in public). */
		public Connection connect() throws SQLException {
			Connection connection = TestTimescale.connect(jdbcUrl, username, password);
			try (Statement st = connection.createStatement()) {
				st.execute("SET search_path = \"" + name + "\", public");
			}
			return connection;
		}
	}

	private record Server(String url, String username, String password, String source) {
	}

	/** Either a server or the reason there is none. */
	private record Lookup(Server server, String reason) {
	}

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private static volatile Lookup lookup;

	private TestTimescale() {
	}

	/**
	 * Skips the calling test (or fails it, when required) unless a TimescaleDB server is available. Call it first
	 * in a {@code @BeforeAll} or test.
	 */
	public static void assumeAvailable() {
		Lookup l = lookup();
		if (l.server() != null) {
			return;
		}
		if (required()) {
			Assertions.fail("TIDEMARK_REQUIRE_TIMESCALE_TESTS=true but there is no TimescaleDB: " + l.reason());
		}
		Assumptions.abort("No TimescaleDB for this test: " + l.reason());
	}

	/** Creates an empty schema; skips or fails like {@link #assumeAvailable()} without a server. */
	public static Schema newSchema(String prefix) {
		assumeAvailable();
		Server s = lookup().server();
		String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet())
			.toLowerCase(Locale.ROOT);
		try (Connection c = connect(s.url(), s.username(), s.password()); Statement st = c.createStatement()) {
			st.execute("CREATE SCHEMA \"" + name + "\"");
		}
		catch (SQLException e) {
			throw new IllegalStateException("Could not create test schema " + name + " on " + s.source(), e);
		}
		return new Schema(name, s.url(), s.username(), s.password());
	}

	/** Where the server came from, for messages. */
	public static String source() {
		Lookup l = lookup();
		return l.server() == null ? "none (" + l.reason() + ")" : l.server().source();
	}

	static boolean required() {
		return "true".equalsIgnoreCase(System.getenv("TIDEMARK_REQUIRE_TIMESCALE_TESTS"));
	}

	private static Connection connect(String url, String username, String password) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", username);
		properties.setProperty("password", password);
		Connection connection = DriverManager.getConnection(url, properties);
		try (Statement st = connection.createStatement()) {
			// PGlite serves every client from ONE backend: session state (prepared statements S_1.., settings) of
			// the previous connection is still there and would clash with this driver's. DISCARD ALL starts over.
			st.execute("DISCARD ALL");
			st.execute("SET search_path = \"$user\", public");
			// TimescaleDB (and PGlite) send DEBUG/NOTICE chatter otherwise
			st.execute("SET client_min_messages = warning");
		}
		catch (SQLException e) {
			connection.close();
			throw e;
		}
		return connection;
	}

	private static Lookup lookup() {
		Lookup l = lookup;
		if (l == null) {
			synchronized (TestTimescale.class) {
				l = lookup;
				if (l == null) {
					l = find();
					lookup = l;
				}
			}
		}
		return l;
	}

	private static Lookup find() {
		String url = System.getenv("TIDEMARK_TEST_TIMESCALE_URL");
		if (url != null && !url.isBlank()) {
			return check(new Server(url, env("TIDEMARK_TEST_TIMESCALE_USER", "postgres"),
					env("TIDEMARK_TEST_TIMESCALE_PASSWORD", "postgres"), "TIDEMARK_TEST_TIMESCALE_URL"));
		}
		if (!dockerAnswers()) {
			return new Lookup(null, "TIDEMARK_TEST_TIMESCALE_URL is unset and Docker does not answer "
					+ "(src/test/timescaledb/timescale-server.sh start <port> serves one from npm)");
		}
		try {
			PostgreSQLContainer container = new PostgreSQLContainer(
					DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("postgres"));
			container.start();
			return check(new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
					"Testcontainers " + IMAGE));
		}
		catch (RuntimeException e) {
			return new Lookup(null, "Testcontainers " + IMAGE + " did not start: " + e.getMessage());
		}
	}

	/** Connects once and installs the extension, so a wrong URL is one clear reason rather than many failures. */
	private static Lookup check(Server server) {
		try (Connection c = connect(server.url(), server.username(), server.password());
				Statement st = c.createStatement()) {
			st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
			return new Lookup(server, null);
		}
		catch (SQLException e) {
			return new Lookup(null, server.source() + " (" + server.url() + ") is not a usable TimescaleDB: "
					+ e.getMessage());
		}
	}

	private static boolean dockerAnswers() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable e) {
			return false;
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null ? fallback : value;
	}
}

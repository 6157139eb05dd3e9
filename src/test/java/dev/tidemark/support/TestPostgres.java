package dev.tidemark.support;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one place that decides where test PostgreSQL comes from: {@code TIDEMARK_TEST_PG_URL} if set, else
 * Testcontainers when Docker answers, else an embedded PostgreSQL from Maven Central. Each caller gets a fresh
 * database on that server, so test classes never see each other's objects.
 */
public final class TestPostgres {

	/** A database on the test server, with credentials that may create and drop objects in it. */
	public record Database(String name, String jdbcUrl, String username, String password) {
	}

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private static volatile Server server;

	private TestPostgres() {
	}

	/** Creates a new, empty database on the shared test server. */
	public static Database newDatabase(String prefix) {
		Server s = server();
		String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet())
			.toLowerCase(Locale.ROOT);
		try (Connection c = DriverManager.getConnection(s.adminUrl(), s.username(), s.password());
				Statement st = c.createStatement()) {
			st.execute("CREATE DATABASE \"" + name + "\"");
		}
		catch (SQLException e) {
			throw new IllegalStateException("Could not create test database " + name + " on " + s.source(), e);
		}
		return new Database(name, s.urlFor(name), s.username(), s.password());
	}

	/**
	 * Drops {@code db} (ending its sessions) and creates an empty database of the same name: the same URL, another
	 * database (as after a restore, or a name that resolves elsewhere).
	 */
	public static void recreate(Database db) {
		Server s = server();
		try (Connection c = DriverManager.getConnection(s.adminUrl(), s.username(), s.password());
				Statement st = c.createStatement()) {
			st.execute("DROP DATABASE \"" + db.name() + "\" WITH (FORCE)");
			st.execute("CREATE DATABASE \"" + db.name() + "\"");
		}
		catch (SQLException e) {
			throw new IllegalStateException("Could not recreate test database " + db.name() + " on " + s.source(), e);
		}
	}

	/** Where the server came from, for messages. */
	public static String source() {
		return server().source();
	}

	private static Server server() {
		Server s = server;
		if (s == null) {
			synchronized (TestPostgres.class) {
				s = server;
				if (s == null) {
					s = start();
					server = s;
				}
			}
		}
		return s;
	}

	private static Server start() {
		String url = System.getenv("TIDEMARK_TEST_PG_URL");
		if (url != null && !url.isBlank()) {
			return Server.fromUrl(url, env("TIDEMARK_TEST_PG_USER", "postgres"), env("TIDEMARK_TEST_PG_PASSWORD", ""),
					"TIDEMARK_TEST_PG_URL");
		}
		if (dockerAnswers()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:15.15-alpine");
			container.start();
			return Server.fromUrl(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
					"Testcontainers postgres:15.15-alpine");
		}
		try {
			EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					pg.close();
				}
				catch (IOException ignored) {
					// the JVM is going away either way
				}
			}));
			return Server.fromUrl("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", "",
					"embedded PostgreSQL (zonky)");
		}
		catch (IOException e) {
			throw new IllegalStateException("No test PostgreSQL: TIDEMARK_TEST_PG_URL is unset, Docker does not answer, "
					+ "and embedded PostgreSQL failed to start", e);
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

	private record Server(String adminUrl, String prefix, String query, String username, String password,
			String source) {

		static Server fromUrl(String url, String username, String password, String source) {
			int queryStart = url.indexOf('?');
			String base = queryStart < 0 ? url : url.substring(0, queryStart);
			String query = queryStart < 0 ? "" : url.substring(queryStart);
			String prefix = base.substring(0, base.lastIndexOf('/') + 1);
			return new Server(url, prefix, query, username, password, source);
		}

		String urlFor(String database) {
			return prefix + database + query;
		}
	}
}

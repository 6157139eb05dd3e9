package dev.tidemark.inspection.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.tidemark.support.SqlScript;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What changes without any transaction besides estimates and sequences: a migration tool's lock (Prisma's advisory
 * lock in pg_locks, the liveness of Liquibase's lock holder in pg_stat_activity). A fingerprint on the quiet path
 * equals the one a full read gets at the same moment. Also: a pg_temp_N schema left over after its objects are
 * gone does not make the fast and the filtered catalog stamps disagree. A cluster of its own, autovacuum off.
 */
class QuietFingerprintLiveStateIntegrationTests {

	private static EmbeddedPostgres idle;

	private final CatalogReader reader = new CatalogReader();

	@BeforeAll
	static void start() throws IOException, SQLException {
		idle = EmbeddedPostgres.builder().setServerConfig("autovacuum", "off").start();
		try (Connection c = connect()) {
			SqlScript.run(c, """
					CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL,
					    finished_at timestamptz, migration_name varchar(255) NOT NULL, logs text,
					    rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(),
					    applied_steps_count int NOT NULL DEFAULT 0);
					INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('1', 'x', '20261207_add_orders');
					""");
		}
	}

	@AfterAll
	static void stop() throws IOException {
		idle.close();
	}

	@Test
	void prismaLockReleasedWithoutACommitIsSeenOnTheQuietPath() throws Exception {
		try (Connection c = connect()) {
			CatalogReader.Fingerprint before;
			try (Connection holder = connect()) {
				// a session-level advisory lock, as prisma migrate deploy takes it: no transaction id
				query(holder, "SELECT pg_advisory_lock(72707369)");
				before = reader.fingerprint(c, null);
				query(holder, "SELECT pg_advisory_unlock(72707369)");
			}
			CatalogReader.Fingerprint quiet = reader.fingerprint(c, before.mark());
			CatalogReader.Fingerprint full = reader.fingerprint(c, null);

			assertThat(full.value()).as("the lock state is part of the fingerprint").isNotEqualTo(before.value());
			assertThat(quiet.quiet()).isTrue();
			assertThat(quiet.value()).as("quiet path == full read at the same moment").isEqualTo(full.value());
		}
	}

	@Test
	void liquibaseLockHolderGoneWithoutACommitIsSeenOnTheQuietPath() throws Exception {
		try (Connection c = connect()) {
			CatalogReader.Fingerprint before;
			try (Connection holder = connect()) {
				String address = query(holder, "SELECT host(client_addr) FROM pg_stat_activity WHERE pid = pg_backend_pid()");
				SqlScript.run(c, "CREATE TABLE IF NOT EXISTS databasechangeloglock (id int PRIMARY KEY, locked boolean NOT NULL, "
						+ "lockgranted timestamp, lockedby varchar(255))");
				SqlScript.run(c, "INSERT INTO databasechangeloglock VALUES (1, true, now() - interval '2 hours', 'deploy-7f9 ("
						+ address + ")')");
				before = reader.fingerprint(c, null);
				String pid = query(holder, "SELECT pg_backend_pid()::text");
				holder.close();
				// the backend leaves pg_stat_activity a moment after the socket closes (no transaction either way)
				for (int i = 0; i < 100 && !"0".equals(query(c, "SELECT count(*)::text FROM pg_stat_activity WHERE pid = " + pid)); i++) {
					Thread.sleep(20);
				}
			}
			CatalogReader.Fingerprint quiet = reader.fingerprint(c, before.mark());
			CatalogReader.Fingerprint full = reader.fingerprint(c, null);

			assertThat(full.value()).as("the holder's liveness is part of the fingerprint").isNotEqualTo(before.value());
			assertThat(quiet.quiet()).isTrue();
			assertThat(quiet.value()).as("quiet path == full read at the same moment").isEqualTo(full.value());
		}
		finally {
			try (Connection c = connect()) {
				SqlScript.run(c, "DROP TABLE IF EXISTS databasechangeloglock");
			}
		}
	}

	/** The fast stamp and the filtered stamp agree while no temporary object exists (a pg_temp_N schema left over). */
	@Test
	void fastAndFilteredStampsAgreeWithALeftoverTempSchema() throws Exception {
		try (Connection session = connect()) {
			SqlScript.run(session, "CREATE TEMP TABLE scratch (id int PRIMARY KEY, v text DEFAULT 'x')");
			SqlScript.run(session, "DROP TABLE scratch");
		}
		try (Connection c = connect()) {
			assertThat(query(c, "SELECT count(*)::text FROM pg_namespace WHERE nspname ~ '^pg_temp_'")).isNotEqualTo("0");
		}
		try (Connection c = connect()) {
			String[] fast = row(c, sql("catalog_fingerprint.sql"));
			String[] filtered = row(c, sql("catalog_fingerprint_without_temp.sql"));
			assertThat(fast[3]).as("temp_objects").isEqualTo("0");
			assertThat(fast[0]).isEqualTo(filtered[0]);
			assertThat(fast[1]).isEqualTo(filtered[1]);
			assertThat(fast[2]).isEqualTo(filtered[2]);
		}
	}

	private static String sql(String name) throws IOException {
		try (InputStream in = QuietFingerprintLiveStateIntegrationTests.class.getResourceAsStream("/sql/fingerprint/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static String[] row(Connection c, String sql) throws SQLException {
		try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			rs.next();
			String[] values = new String[rs.getMetaData().getColumnCount()];
			for (int i = 0; i < values.length; i++) {
				values[i] = rs.getString(i + 1);
			}
			return values;
		}
	}

	private static String query(Connection c, String sql) throws SQLException {
		return row(c, sql)[0];
	}

	private static Connection connect() throws SQLException {
		return idle.getPostgresDatabase().getConnection();
	}
}

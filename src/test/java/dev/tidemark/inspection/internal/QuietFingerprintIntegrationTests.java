package dev.tidemark.inspection.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import dev.tidemark.support.SqlScript;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While no transaction completes anywhere in the cluster, a fingerprint reuses what the last one read that only a
 * commit can change, and still reads what changes without one: estimates, sequences, and a migration tool's lock
 * (Prisma's advisory lock in pg_locks, the liveness of Liquibase's lock holder in pg_stat_activity), so the quiet
 * path gives what a full read gives at the same moment. A cluster of its own, with autovacuum off: the shared test
 * server always has some test committing, so it is never idle.
 */
class QuietFingerprintIntegrationTests {

	private static EmbeddedPostgres idle;

	private final CatalogReader reader = new CatalogReader();

	@BeforeAll
	static void start() throws IOException, SQLException {
		idle = EmbeddedPostgres.builder().setServerConfig("autovacuum", "off").start();
		try (Connection c = connect()) {
			SqlScript.run(c, """
					CREATE TABLE measured (id int PRIMARY KEY, note text);
					INSERT INTO measured SELECT g, 'n' FROM generate_series(1, 500) g;
					CREATE SEQUENCE ticket_number;
					CREATE TABLE unrelated (v int);
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
	void anIdleClusterReusesTheLastDigestAndGetsTheFingerprintAFullReadGets() throws SQLException {
		try (Connection c = connect()) {
			CatalogReader.Fingerprint full = reader.fingerprint(c, null);
			CatalogReader.Fingerprint again = reader.fingerprint(c, full.mark());

			assertThat(full.quiet()).isFalse();
			assertThat(again.quiet()).isTrue();
			assertThat(again.value()).isEqualTo(full.value());
			assertThat(again.mark()).isEqualTo(full.mark());
		}
	}

	@Test
	void aCommitAnywhereInTheClusterMakesTheNextFingerprintReadEverything() throws SQLException {
		try (Connection c = connect()) {
			CatalogReader.Fingerprint before = reader.fingerprint(c, null);
			SqlScript.run(c, "INSERT INTO unrelated VALUES (1)");
			CatalogReader.Fingerprint afterData = reader.fingerprint(c, before.mark());
			SqlScript.run(c, "ALTER TABLE measured ADD COLUMN added_at timestamptz");
			CatalogReader.Fingerprint afterDdl = reader.fingerprint(c, afterData.mark());

			// table data is no part of a snapshot: read again, the fingerprint is the same
			assertThat(afterData.quiet()).isFalse();
			assertThat(afterData.value()).isEqualTo(before.value());
			// DDL commits too, so it is read, and it changes the fingerprint
			assertThat(afterDdl.quiet()).isFalse();
			assertThat(afterDdl.value()).isNotEqualTo(afterData.value());
		}
	}

	@Test
	void whatChangesWithoutACommitIsStillSeenOnTheQuietPath() throws SQLException {
		try (Connection c = connect()) {
			// the first nextval after creation logs ahead, which takes a transaction id: before the baseline
			SqlScript.run(c, "SELECT nextval('ticket_number')");
			CatalogReader.Fingerprint before = reader.fingerprint(c, null);

			// VACUUM updates the row estimate in place and takes no transaction id
			SqlScript.run(c, "VACUUM measured");
			CatalogReader.Fingerprint vacuumed = reader.fingerprint(c, before.mark());
			assertThat(vacuumed.quiet()).isTrue();
			assertThat(vacuumed.value()).isNotEqualTo(before.value());

			// the next 31 values come from the logged-ahead range: no transaction id, no commit
			SqlScript.run(c, "SELECT nextval('ticket_number')");
			CatalogReader.Fingerprint advanced = reader.fingerprint(c, vacuumed.mark());
			assertThat(advanced.quiet()).isTrue();
			assertThat(advanced.value()).isNotEqualTo(vacuumed.value());
		}
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
				// the backend leaves pg_stat_activity a moment after the socket closes (no transaction either way):
				// wait for that state, however long a busy machine takes
				Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
				while (!"0".equals(query(c, "SELECT count(*)::text FROM pg_stat_activity WHERE pid = " + pid))) {
					assertThat(Instant.now()).as("backend " + pid + " leaving pg_stat_activity").isBefore(deadline);
					Thread.sleep(10);
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
		try (InputStream in = QuietFingerprintIntegrationTests.class.getResourceAsStream("/sql/fingerprint/" + name)) {
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

package dev.tidemark.inspection.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

import dev.tidemark.support.SqlScript;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While no transaction completes anywhere in the cluster, a fingerprint reuses what the last one read that only a
 * commit can change, and still reads what changes without one. A cluster of its own, with autovacuum off: the
 * shared test server always has some test committing, so it is never idle.
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

			CatalogReader.Fingerprint after = reader.fingerprint(c, before.mark());

			assertThat(after.quiet()).isFalse();
			// table data is no part of a snapshot: read again, the fingerprint is the same
			assertThat(after.value()).isEqualTo(before.value());
		}
	}

	@Test
	void ddlCommitsSoItIsReadAndChangesTheFingerprint() throws SQLException {
		try (Connection c = connect()) {
			CatalogReader.Fingerprint before = reader.fingerprint(c, null);
			SqlScript.run(c, "ALTER TABLE measured ADD COLUMN added_at timestamptz");

			CatalogReader.Fingerprint after = reader.fingerprint(c, before.mark());

			assertThat(after.quiet()).isFalse();
			assertThat(after.value()).isNotEqualTo(before.value());
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

	private static Connection connect() throws SQLException {
		return idle.getPostgresDatabase().getConnection();
	}
}

package dev.tidemark.inspection.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tidemark.inspection.CatalogReading;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A changed catalog is read on two connections sharing one snapshot: what one of them reads must be the catalog as
 * the first one saw it, even when DDL commits between the two connections starting, and the fingerprint must
 * describe exactly that catalog.
 */
class SecondConnectionReadIntegrationTests {

	@Test
	void theSecondConnectionReadsTheFirstOnesSnapshotEvenAfterDdlCommittedInBetween() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("second_connection");
		try (Connection setup = connect(db)) {
			SqlScript.run(setup, """
					CREATE TABLE account (id bigint PRIMARY KEY, email text NOT NULL);
					CREATE TABLE invoice (id bigint PRIMARY KEY, account_id bigint NOT NULL);
					""");
		}
		CatalogSnapshot before;
		try (Connection alone = connect(db)) {
			before = new CatalogReader().read(alone);
		}
		AtomicBoolean secondAskedFor = new AtomicBoolean();
		CatalogReading reading;
		try (Connection first = connect(db); Connection second = connect(db); Connection migrator = connect(db)) {
			reading = new CatalogReader().readUnlessUnchanged(first, fingerprint -> false, () -> {
				secondAskedFor.set(true);
				// a migration commits after the first connection's snapshot was taken, before the second one starts
				SqlScript.run(migrator, """
						CREATE INDEX invoice_account_idx ON invoice (account_id);
						ALTER TABLE invoice ADD CONSTRAINT invoice_account_fk FOREIGN KEY (account_id) REFERENCES account (id);
						GRANT SELECT ON account TO PUBLIC;
						""");
				return second;
			});
		}
		assertThat(secondAskedFor).isTrue();
		CatalogSnapshot read = reading.catalog();
		assertThat(read).isNotNull();
		// indexes, constraints and grants come from the second connection: none of the migration's are there
		assertThat(read.indexes()).extracting(i -> i.name()).doesNotContain("invoice_account_idx");
		assertThat(read.constraints()).extracting(c -> c.name()).doesNotContain("invoice_account_fk");
		assertThat(read).isEqualTo(before);
		// and the migration is seen by the next read
		try (Connection after = connect(db)) {
			assertThat(new CatalogReader().read(after).indexes()).extracting(i -> i.name())
				.contains("invoice_account_idx");
			assertThat(new CatalogReader().fingerprint(after)).isNotEqualTo(reading.fingerprint());
		}
	}

	@Test
	void withoutASecondConnectionEverythingIsReadOnTheFirst() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("one_connection");
		try (Connection setup = connect(db)) {
			SqlScript.run(setup, "CREATE TABLE note (id bigint PRIMARY KEY, body text)");
		}
		try (Connection first = connect(db)) {
			CatalogReading reading = new CatalogReader().readUnlessUnchanged(first, fingerprint -> false, () -> null);
			assertThat(reading.catalog()).isEqualTo(new CatalogReader().read(first));
			assertThat(reading.catalog().indexes()).extracting(i -> i.name()).contains("note_pkey");
		}
	}

	@Test
	void anUnchangedFingerprintReadsNothingAndAsksForNoSecondConnection() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("unchanged_read");
		try (Connection setup = connect(db)) {
			SqlScript.run(setup, "CREATE TABLE note (id bigint PRIMARY KEY, body text)");
		}
		AtomicBoolean secondAskedFor = new AtomicBoolean();
		try (Connection first = connect(db)) {
			String fingerprint = new CatalogReader().fingerprint(first);
			CatalogReading reading = new CatalogReader().readUnlessUnchanged(first, fingerprint::equals, () -> {
				secondAskedFor.set(true);
				return null;
			});
			assertThat(reading.catalog()).isNull();
			assertThat(reading.fingerprint()).isEqualTo(fingerprint);
			assertThat(secondAskedFor).isFalse();
		}
	}

	private static Connection connect(TestPostgres.Database db) throws SQLException {
		return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
	}
}

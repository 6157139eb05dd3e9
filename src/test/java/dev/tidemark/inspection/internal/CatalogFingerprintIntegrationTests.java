package dev.tidemark.inspection.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import dev.tidemark.support.TestTimescale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each source a snapshot reads changes the fingerprint, and an untouched catalog keeps it: the fast path of a
 * scan reuses the last snapshot exactly when the fingerprint is equal, so a miss here would hide drift.
 */
class CatalogFingerprintIntegrationTests {

	private static final String FIXTURE = """
			CREATE TABLE app_order (id bigserial PRIMARY KEY, total numeric CHECK (total >= 0));
			CREATE TABLE event (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
			CREATE TABLE event_2026 PARTITION OF event FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
			CREATE TABLE event_default PARTITION OF event DEFAULT;
			CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50),
			    description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL,
			    checksum int, installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),
			    execution_time int NOT NULL, success boolean NOT NULL);
			INSERT INTO flyway_schema_history VALUES (1, '1', 'init', 'SQL', 'V1__init.sql', 1, 'me', now(), 1, true);
			CREATE TABLE legacy (v int);
			INSERT INTO legacy VALUES (-1), (1);
			ALTER TABLE legacy ADD CONSTRAINT legacy_v_positive CHECK (v > 0) NOT VALID;
			""";

	private final CatalogReader reader = new CatalogReader();

	private TestPostgres.Database db;

	private String before;

	@BeforeEach
	void fixture() throws SQLException {
		db = TestPostgres.newDatabase("fingerprint");
		try (Connection c = connect()) {
			SqlScript.run(c, FIXTURE);
		}
		before = fingerprint();
	}

	@Test
	void anUntouchedCatalogKeepsItsFingerprintAcrossSessionsAndFullReads() throws SQLException {
		try (Connection c = connect()) {
			reader.read(c);
			// data in ordinary tables and temporary objects are no part of a snapshot
			SqlScript.run(c, """
					INSERT INTO app_order (id, total) VALUES (100, 5);
					CREATE TEMP TABLE scratch (id int PRIMARY KEY, v text DEFAULT 'x');
					""");
			assertThat(reader.fingerprint(c)).isEqualTo(before);
		}
		assertThat(fingerprint()).isEqualTo(before);
	}

	@Test
	void ddlChangesIt() throws SQLException {
		assertChangedBy("ALTER TABLE app_order ADD COLUMN note text");
		assertChangedBy("CREATE INDEX app_order_total_idx ON app_order (total)");
		assertChangedBy("COMMENT ON TABLE app_order IS 'orders'");
		assertChangedBy("GRANT SELECT ON app_order TO PUBLIC");
		assertChangedBy("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'");
		assertChangedBy("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2'");
		assertChangedBy("DROP TABLE legacy");
		// a built-in function's row dates from initdb (xmin 1, older than datfrozenxid): its new version counts
		assertChangedBy("REVOKE EXECUTE ON FUNCTION pg_catalog.pg_sleep(double precision) FROM PUBLIC");
	}

	@Test
	void changesThatKeepEveryCountAreSeenAroundVacuumFreeze() throws SQLException {
		// every relation frozen: datfrozenxid moves up to the next xid, which the ALTER below then takes
		freezeAndTakeFingerprint();
		// one pg_attribute row replaced by a new version: the count stays, the new version is newer than datfrozenxid
		assertChangedBy("ALTER TABLE app_order ALTER COLUMN total SET NOT NULL");
		// from a fingerprint where every row adds 0: versions replaced with every count kept, then a (nightly) freeze
		// passes them, so they add 0 as well
		freezeAndTakeFingerprint();
		assertChangedBy("""
				GRANT SELECT ON app_order TO PUBLIC;
				ALTER TABLE app_order ALTER COLUMN total DROP NOT NULL;
				VACUUM FREEZE;
				""");
	}

	private void freezeAndTakeFingerprint() throws SQLException {
		try (Connection c = connect()) {
			SqlScript.run(c, "VACUUM FREEZE");
		}
		before = fingerprint();
	}

	@Test
	void aSequenceAdvanceChangesIt() throws SQLException {
		assertChangedBy("SELECT nextval('app_order_id_seq')");
	}

	@Test
	void aTargetOfSomeSchemasReadsOnlyTheirSequencesAndEstimates() throws SQLException {
		try (Connection c = connect()) {
			SqlScript.run(c, """
					CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b;
					CREATE SEQUENCE tenant_a.s; CREATE SEQUENCE tenant_b.s;
					CREATE TABLE tenant_b.t (v int);
					""");
		}
		CatalogReader.VolatileScope onlyA = new CatalogReader.VolatileScope(List.of("tenant_a"), List.of());
		CatalogReader.VolatileScope notB = new CatalogReader.VolatileScope(List.of(), List.of("tenant_b"));
		String a = fingerprint(onlyA);
		String withoutB = fingerprint(notB);
		String every = fingerprint();
		// another tenant's sequence moves and its table's estimate changes: nothing in these targets' snapshots
		try (Connection c = connect()) {
			SqlScript.run(c, "SELECT nextval('tenant_b.s'); INSERT INTO tenant_b.t SELECT generate_series(1, 100);"
					+ " ANALYZE tenant_b.t");
		}
		assertThat(fingerprint(onlyA)).isEqualTo(a);
		assertThat(fingerprint(notB)).isEqualTo(withoutB);
		assertThat(fingerprint()).isNotEqualTo(every);
		// its own sequence moves
		try (Connection c = connect()) {
			SqlScript.run(c, "SELECT nextval('tenant_a.s')");
		}
		assertThat(fingerprint(onlyA)).isNotEqualTo(a);
		assertThat(fingerprint(notB)).isNotEqualTo(withoutB);
	}

	@Test
	void aNewMigrationRowChangesIt() throws SQLException {
		assertChangedBy("""
				INSERT INTO flyway_schema_history VALUES (2, '2', 'more', 'SQL', 'V2__more.sql', 2, 'me', now(), 1, false)""");
	}

	@Test
	void aNewRowEstimateChangesIt() throws SQLException {
		assertChangedBy("""
				INSERT INTO app_order (total) SELECT g FROM generate_series(1, 500) g;
				ANALYZE app_order""");
	}

	@Test
	void aRowInTheDefaultPartitionChangesIt() throws SQLException {
		assertChangedBy("INSERT INTO event VALUES (1, '2030-01-01')");
	}

	@Test
	void fixingARowThatViolatesANotValidConstraintChangesIt() throws SQLException {
		assertChangedBy("DELETE FROM legacy WHERE v < 0");
	}

	@Test
	void renamingAnOwnerRoleChangesIt() throws SQLException {
		String role = db.name() + "_owner";
		assertChangedBy("CREATE ROLE " + role + "; ALTER TABLE app_order OWNER TO " + role);
		assertChangedBy("ALTER ROLE " + role + " RENAME TO " + role + "_renamed");
		try (Connection c = connect()) {
			SqlScript.run(c, "DROP TABLE app_order; DROP ROLE " + role + "_renamed");
		}
	}

	@Test
	void aTimescaleJobChangeChangesIt() throws SQLException {
		TestTimescale.Schema schema = TestTimescale.newSchema("fingerprint_ts");
		try (Connection c = DriverManager.getConnection(schema.jdbcUrl(), schema.username(), schema.password())) {
			SqlScript.run(c, "CREATE TABLE \"" + schema.name() + "\".metric (at timestamptz NOT NULL, v float8); "
					+ "SELECT create_hypertable('\"" + schema.name() + "\".metric', 'at')");
			String withoutJob = reader.fingerprint(c);
			assertThat(reader.fingerprint(c)).isEqualTo(withoutJob);
			SqlScript.run(c, "SELECT add_retention_policy('\"" + schema.name() + "\".metric', INTERVAL '30 days')");
			String withJob = reader.fingerprint(c);
			assertThat(withJob).isNotEqualTo(withoutJob);
			SqlScript.run(c, "SELECT alter_job(j.job_id, schedule_interval => INTERVAL '2 hours') "
					+ "FROM timescaledb_information.jobs j WHERE j.hypertable_schema = '" + schema.name() + "'");
			assertThat(reader.fingerprint(c)).isNotEqualTo(withJob);
		}
	}

	private void assertChangedBy(String sql) throws SQLException {
		try (Connection c = connect()) {
			SqlScript.run(c, sql);
		}
		String after = fingerprint();
		assertThat(after).as("fingerprint after: %s", sql).isNotEqualTo(before);
		before = after;
	}

	private String fingerprint(CatalogReader.VolatileScope scope) throws SQLException {
		try (Connection c = connect()) {
			return reader.readUnlessUnchanged(c, fingerprint -> true, () -> null, null, mark -> {
			}, scope).fingerprint();
		}
	}

	private String fingerprint() throws SQLException {
		try (Connection c = connect()) {
			return reader.fingerprint(c);
		}
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
	}
}

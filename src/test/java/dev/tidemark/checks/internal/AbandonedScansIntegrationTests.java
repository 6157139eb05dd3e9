package dev.tidemark.checks.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.tidemark.checks.Scan;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A Tidemark that stopped mid-scan left a RUNNING scan; the next start closes it instead of leaving it forever. */
class AbandonedScansIntegrationTests extends ApiIntegrationTest {

	@Autowired
	ScanService scans;

	@Autowired
	JdbcClient store;

	@Autowired
	DataSource storeDataSource;

	@Autowired
	ScanStore scanStore;

	@Test
	void scansLeftRunningByAStoppedTidemarkAreClosedAsInterruptedOnStart() {
		String targetId = registerTarget(TestPostgres.newDatabase("abandoned"), "abandoned");
		UUID old = UUID.randomUUID();
		UUID recent = UUID.randomUUID();
		store.sql("INSERT INTO scan (id, target_id, status, requested_by, started_at) VALUES "
				+ "(?, ?::uuid, 'RUNNING', 'test', now() - interval '2 hours'), (?, ?::uuid, 'RUNNING', 'test', now())")
			.params(old, targetId, recent, targetId)
			.update();

		scans.closeAbandonedScans();

		assertThat(scans.get(old).status()).isEqualTo(dev.tidemark.checks.Scan.Status.FAILED);
		assertThat(scans.get(old).error().code()).isEqualTo("interrupted");
		// A scan another replica may still be running is left alone.
		assertThat(scans.get(recent).status()).isEqualTo(dev.tidemark.checks.Scan.Status.RUNNING);
	}

	@Test
	void aScanSweptAsAbandonedWhileItStillRanKeepsTheVerdictAndChangesNoFinding() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("swept");
		try (Connection target = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
				Statement st = target.createStatement()) {
			st.execute("CREATE TABLE public.keyless (note text)");
		}
		UUID targetId = UUID.fromString(registerTarget(db, "swept"));
		try (Connection locker = storeDataSource.getConnection(); Connection watcher = storeDataSource.getConnection()) {
			// the scan stops at its findings until this lock goes: "still running" without a clock
			locker.setAutoCommit(false);
			try (Statement st = locker.createStatement()) {
				st.execute("LOCK TABLE finding IN SHARE MODE");
			}
			CompletableFuture<Scan> running = CompletableFuture.supplyAsync(() -> scans.run(targetId, "test"));
			awaitWaitingOn(watcher, "INSERT INTO finding");
			UUID scanId = store.sql("SELECT id FROM scan WHERE target_id = ? AND status = 'RUNNING'")
				.param(targetId).query(UUID.class).single();
			// as if it had started before tidemark.checks.abandoned-scan-after: another replica's sweep closes it
			store.sql("UPDATE scan SET started_at = now() - interval '2 hours' WHERE id = ?").param(scanId).update();
			scans.closeAbandonedScans();
			locker.rollback();

			Scan result = running.get(2, TimeUnit.MINUTES);

			assertThat(result.id()).isEqualTo(scanId);
			assertThat(result.status()).isEqualTo(Scan.Status.FAILED);
			assertThat(result.error().code()).isEqualTo("interrupted");
			assertThat(store.sql("SELECT count(*) FROM finding WHERE target_id = ?").param(targetId)
				.query(Long.class).single()).isZero();
			assertThat(store.sql("SELECT count(*) FROM snapshot WHERE target_id = ?").param(targetId)
				.query(Long.class).single()).isZero();
		}
		// the next scan stores its result as usual
		Scan next = scans.run(targetId, "test");
		assertThat(next.status()).isEqualTo(Scan.Status.SUCCEEDED);
		assertThat(store.sql("SELECT count(*) FROM finding WHERE target_id = ? AND rule_id = 'missing-primary-key'")
			.param(targetId).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aLateFailureDoesNotOverwriteTheSweepsVerdict() {
		String targetId = registerTarget(TestPostgres.newDatabase("late_failure"), "late-failure");
		UUID swept = UUID.randomUUID();
		store.sql("INSERT INTO scan (id, target_id, status, requested_by, started_at) "
				+ "VALUES (?, ?::uuid, 'RUNNING', 'test', now() - interval '2 hours')")
			.params(swept, targetId)
			.update();
		scans.closeAbandonedScans();

		boolean failed = scanStore.fail(swept, Instant.now(), new Scan.ScanError("target-unreachable", "late", null));

		assertThat(failed).isFalse();
		assertThat(scans.get(swept).error().code()).isEqualTo("interrupted");
	}

	private static void awaitWaitingOn(Connection watcher, String statement) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		while (true) {
			try (Statement st = watcher.createStatement();
					ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
							+ "'Lock' AND pid <> pg_backend_pid() AND position('" + statement + "' IN query) > 0")) {
				rs.next();
				if (rs.getInt(1) > 0) {
					return;
				}
			}
			assertThat(Instant.now()).as("waiting for a backend blocked in " + statement).isBefore(deadline);
			Thread.sleep(10);
		}
	}
}

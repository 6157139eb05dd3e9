package dev.tidemark.checks.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ScanRetentionIntegrationTests extends ApiIntegrationTest {

	@Autowired
	JdbcClient store;

	@Autowired
	ScanStore scans;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Clock clock;

	@Test
	void oldScansGoExceptTheLatestSuccessfulOneAndThoseAFindingNames() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("scan_retention");
		String target = (String) as("operator").post().uri("/api/v1/targets")
			.contentType(MediaType.APPLICATION_JSON).body(targetJson(db, "retention")).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		List<String> ids = new ArrayList<>();
		ids.add(scan(target));
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
			SqlScript.run(c, "CREATE TABLE probe_kept (id int)");
		}
		ids.add(scan(target)); // the probe finding is first seen here
		ids.add(scan(target));
		ids.add(scan(target)); // latest successful, and where the finding was last seen
		store.sql("UPDATE scan SET started_at = started_at - interval '100 days' WHERE target_id = ?::uuid")
			.param(target).update();

		assertThat(new ScanPruner(scans, transactions, clock, Duration.ZERO, 1).prune()).isZero();
		assertThat(new ScanPruner(scans, transactions, clock, Duration.ofDays(200), 1).prune()).isZero();
		// batches of one: the loop goes on until a batch comes back short
		long pruned = new ScanPruner(scans, transactions, clock, Duration.ofDays(90), 1).prune();

		assertThat(store.sql("SELECT id::text FROM scan WHERE target_id = ?::uuid ORDER BY started_at")
			.param(target).query(String.class).list()).containsExactly(ids.get(1), ids.get(3));
		assertThat(pruned).isGreaterThanOrEqualTo(2);
		// the fast path still finds its reference scan
		Map<?, ?> next = as("operator").post().uri("/api/v1/targets/" + target + "/scans").exchange()
			.expectStatus().is2xxSuccessful().expectBody(Map.class).returnResult().getResponseBody();
		assertThat(next.get("catalogUnchanged")).isEqualTo(true);
	}

	private String scan(String target) {
		return (String) as("operator").post().uri("/api/v1/targets/" + target + "/scans").exchange()
			.expectStatus().is2xxSuccessful()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
	}
}

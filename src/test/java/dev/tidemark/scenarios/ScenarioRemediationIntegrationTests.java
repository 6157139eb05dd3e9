package dev.tidemark.scenarios;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;

import static dev.tidemark.scenarios.ScenarioFindingsIntegrationTests.resource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenarios 2, 3 (its PostgreSQL part) and 4 repaired through the HTTP workflow (scenario 5 is in RemediationWorkflowIntegrationTests):
 * scan → propose what has a safe repair → approve (not the proposer) → execute → the findings are gone, the rows
 * are still there, and the scenario's own check passes. "Today" is 2026-11-21.
 */
@Import(ScenarioFindingsIntegrationTests.ScenarioClock.class)
class ScenarioRemediationIntegrationTests extends ApiIntegrationTest {

	@Test
	void scenario2ChatPlatformIsRepairedAndAnInsertForTodaySucceeds() throws Exception {
		Repaired r = repair("chat-platform");
		assertThat(r.refused()).isEmpty();
		assertThat(r.remaining()).isEmpty();
		try (Connection c = connect(r.db())) {
			assertThat(count(c, "SELECT count(*) FROM messages")).isEqualTo(3);
			c.createStatement().execute("INSERT INTO messages (channel_id, user_id, body, \"timestamp\") "
					+ "VALUES (1, 1, 'today', '2026-11-21 12:00:00+00')");
			c.createStatement().execute("INSERT INTO api_logs (method, path, status, \"timestamp\") "
					+ "VALUES ('GET', '/health', 200, '2027-11-15 00:00:00+00')");
			assertThat(count(c, "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL"))
				.isZero();
			assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 'messages_2027_11'")).isEqualTo(1);
		}
	}

	@Test
	void scenario3PredictiveMaintenanceGetsItsIndexWhileTheAlembicHeadIsLeftToAPersonWithTheReason() throws Exception {
		Repaired r = repair("predictive-maintenance");
		assertThat(r.refused()).containsExactly("migration-head-mismatch");
		assertThat(r.remaining()).containsExactly("migration-head-mismatch");
		try (Connection c = connect(r.db())) {
			assertThat(count(c, "SELECT count(*) FROM pg_indexes WHERE tablename = 'maintenance_logs' "
					+ "AND indexdef LIKE '%(task_id)%'")).isEqualTo(1);
			assertThat(count(c, "SELECT count(*) FROM maintenance_logs")).isEqualTo(3);
		}
	}

	@Test
	void scenario4ResearchCrawlerIsRepairedExceptTheForeignKeyWhoseOrphansNeedAPerson() throws Exception {
		Repaired r = repair("research-crawler");
		assertThat(r.refused()).containsExactly("unvalidated-constraint");
		assertThat(r.remaining()).containsExactly("unvalidated-constraint");
		try (Connection c = connect(r.db())) {
			assertThat(count(c, "SELECT count(*) FROM contents")).isEqualTo(5);
			assertThat(count(c, "SELECT count(*) FROM analysis_periods")).isEqualTo(3);
			c.createStatement().execute("REFRESH MATERIALIZED VIEW CONCURRENTLY mv_period_metrics_trend");
			assertThat(count(c, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).isEqualTo(1);
		}
	}

	/** A scenario scanned, its remediable findings repaired through the API, and what the re-scan left. */
	record Repaired(TestPostgres.Database db, List<String> refused, List<String> remaining) {
	}

	private Repaired repair(String scenario) throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("repair_" + scenario.replace('-', '_'));
		try (Connection c = connect(db)) {
			SqlScript.run(c, resource("scenarios/" + scenario + "/drifted.sql"));
		}
		String targetId = (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(targetJson(db, scenario)).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId)
			.contentType(MediaType.parseMediaType("application/yaml"))
			.body(resource("scenarios/" + scenario + "/contract.yaml")).exchange()
			.expectStatus().isOk();
		scan(targetId);

		List<String> remediable = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		for (Map<?, ?> f : openFindings(targetId)) {
			if (Boolean.TRUE.equals(f.get("remediable"))) {
				remediable.add((String) f.get("id"));
			}
			else {
				refused.add((String) f.get("ruleId"));
			}
		}
		Map<?, ?> proposed = as("operator").post().uri("/api/v1/remediations").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("findingIds", remediable)).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		String id = (String) proposed.get("id");
		int required = (Integer) proposed.get("requiredApprovals");
		List<String> approvers = List.of("approver", "approver2");
		for (int i = 0; i < required; i++) {
			Map<String, Object> body = new HashMap<>();
			body.put("comment", "reviewed the changelog");
			as(approvers.get(i)).post().uri("/api/v1/remediations/{id}/approvals", id)
				.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
				.expectStatus().isOk();
		}
		Map<?, ?> execution = as("operator").post().uri("/api/v1/remediations/{id}/executions", id).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(execution.get("status")).as("execution %s", execution).isEqualTo("SUCCEEDED");
		Map<?, ?> done = as("viewer").get().uri("/api/v1/remediations/{id}", id).exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		assertThat(done.get("status")).as("remediation %s", done).isEqualTo("VERIFIED");
		List<String> remaining = openFindings(targetId).stream().map(f -> (String) f.get("ruleId")).toList();
		return new Repaired(db, refused, remaining);
	}

	private void scan(String targetId) {
		as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange().expectStatus().isCreated();
	}

	private List<Map<?, ?>> openFindings(String targetId) {
		return ((List<?>) as("viewer").get().uri("/api/v1/findings?targetId={id}&status=OPEN&size=500", targetId)
			.exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("items")).stream()
			.<Map<?, ?>>map(f -> (Map<?, ?>) f)
			.toList();
	}

	private static Connection connect(TestPostgres.Database db) throws Exception {
		return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
	}

	private static long count(Connection c, String sql) throws Exception {
		try (ResultSet rs = c.createStatement().executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}
}

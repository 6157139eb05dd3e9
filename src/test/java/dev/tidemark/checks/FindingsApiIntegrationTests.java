package dev.tidemark.checks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.ProbeRule;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Findings across scans (driven by the test-only {@link ProbeRule}), suppressions, the gate and metrics. */
class FindingsApiIntegrationTests extends ApiIntegrationTest {

	@Autowired
	JdbcClient store;

	@Test
	void aFindingOpensResolvesAndReopensAsTheSameFindingAcrossScans() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("findings_life");
		execute(db, "CREATE TABLE probe_one (id int PRIMARY KEY)");
		String targetId = register(db);

		Map<?, ?> first = scanTarget(targetId);
		assertThat(first.get("newFindings")).isEqualTo(1);
		assertThat(((Map<?, ?>) first.get("findingCounts")).get("HIGH")).isEqualTo(1);
		Map<?, ?> finding = onlyFinding(targetId);
		assertThat(finding.get("status")).isEqualTo("OPEN");
		assertThat(finding.get("objectText")).isEqualTo("public.probe_one");
		assertThat(finding.get("ruleId")).isEqualTo(ProbeRule.ID);
		assertThat(finding.get("remediable")).isEqualTo(false);

		execute(db, "DROP TABLE probe_one");
		Map<?, ?> second = scanTarget(targetId);
		assertThat(second.get("resolvedFindings")).isEqualTo(1);
		Map<?, ?> resolved = get("/api/v1/findings/" + finding.get("id"));
		assertThat(resolved.get("status")).isEqualTo("RESOLVED");
		assertThat(resolved.get("resolvedAt")).isNotNull();

		execute(db, "CREATE TABLE probe_one (id int PRIMARY KEY)");
		scanTarget(targetId);
		Map<?, ?> reopened = get("/api/v1/findings/" + finding.get("id"));
		assertThat(reopened.get("status")).isEqualTo("OPEN");
		assertThat(reopened.get("firstSeenAt")).isEqualTo(finding.get("firstSeenAt"));
		assertThat(reopened.get("resolvedAt")).isNull();
	}

	@Test
	void aRuleThatFailsFailsTheScanAndLeavesFindingsAsTheyWere() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("findings_fail");
		execute(db, "CREATE TABLE probe_kept (id int PRIMARY KEY)");
		String targetId = register(db);
		scanTarget(targetId);
		execute(db, "DROP TABLE probe_kept; CREATE TABLE probe_explode (id int PRIMARY KEY)");
		Map<?, ?> failed = scanTarget(targetId);
		assertThat(failed.get("status")).isEqualTo("FAILED");
		assertThat(((Map<?, ?>) failed.get("error")).get("code")).isEqualTo("rule-failed");
		assertThat(onlyFinding(targetId).get("status")).isEqualTo("OPEN");
		assertThat(onlyFinding(targetId).get("objectText")).isEqualTo("public.probe_kept");
	}

	@Test
	void theGateBlocksOnOpenFindingsAtOrAboveTheSeverityAndHonoursSuppressionsUntilTheyExpire() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("findings_gate");
		execute(db, "CREATE TABLE probe_gate (id int PRIMARY KEY)");
		String targetId = register(db);

		Map<?, ?> neverScanned = get("/api/v1/targets/" + targetId + "/gate");
		assertThat(neverScanned.get("passed")).isEqualTo(false);
		assertThat((String) neverScanned.get("reason")).contains("no successful scan");

		scanTarget(targetId);
		Map<?, ?> blocked = get("/api/v1/targets/" + targetId + "/gate?maxSeverity=HIGH");
		assertThat(blocked.get("passed")).isEqualTo(false);
		assertThat((List<?>) blocked.get("blocking")).hasSize(1);
		assertThat(get("/api/v1/targets/" + targetId + "/gate?maxSeverity=CRITICAL").get("passed")).isEqualTo(true);

		String findingId = (String) onlyFinding(targetId).get("id");
		as("operator").post().uri("/api/v1/findings/{id}/suppression", findingId)
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("reason", "accepted until the Q1 migration"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("until");
		as("operator").post().uri("/api/v1/findings/{id}/suppression", findingId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("reason", "in the past", "until", "2001-01-01T00:00:00Z"))
			.exchange()
			.expectStatus().isBadRequest();
		as("viewer").post().uri("/api/v1/findings/{id}/suppression", findingId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("reason", "viewer may not", "until", Instant.now().plusSeconds(3600).toString()))
			.exchange()
			.expectStatus().isForbidden();
		as("operator").post().uri("/api/v1/findings/{id}/suppression", findingId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("reason", "accepted until the Q1 migration", "until", Instant.now().plusSeconds(3600).toString()))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("SUPPRESSED")
			.jsonPath("$.suppression.by").isEqualTo("operator");
		assertThat(get("/api/v1/targets/" + targetId + "/gate").get("passed")).isEqualTo(true);
		scanTarget(targetId);
		assertThat(get("/api/v1/findings/" + findingId).get("status")).isEqualTo("SUPPRESSED");

		store.sql("UPDATE finding SET suppressed_until = now() - interval '1 second' WHERE id = ?::uuid")
			.param(findingId).update();
		assertThat(get("/api/v1/targets/" + targetId + "/gate").get("passed")).isEqualTo(false);
		assertThat(get("/api/v1/findings/" + findingId).get("status")).isEqualTo("OPEN");

		as("operator").delete().uri("/api/v1/findings/{id}/suppression", findingId).exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/finding-state-conflict");
	}

	@Test
	void findingsFilterSortAndPage() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("findings_list");
		execute(db, """
				CREATE TABLE probe_alpha (id int PRIMARY KEY);
				CREATE TABLE probe_beta (id int PRIMARY KEY);
				CREATE TABLE probe_gamma (id int PRIMARY KEY);
				""");
		String targetId = register(db);
		scanTarget(targetId);
		String base = "/api/v1/findings?targetId=" + targetId;
		assertThat(get(base).get("totalItems")).isEqualTo(3);
		assertThat(get(base + "&object=BETA").get("totalItems")).isEqualTo(1);
		assertThat(get(base + "&severity=LOW").get("totalItems")).isEqualTo(0);
		assertThat(get(base + "&severity=HIGH&severity=LOW&status=OPEN&ruleId=" + ProbeRule.ID).get("totalItems"))
			.isEqualTo(3);
		Map<?, ?> page = get(base + "&sort=object&direction=desc&size=1&page=1");
		assertThat(page.get("totalPages")).isEqualTo(3);
		assertThat(((Map<?, ?>) ((List<?>) page.get("items")).get(0)).get("objectText")).isEqualTo("public.probe_beta");
		as("viewer").get().uri(base + "&severity=BAD").exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("CRITICAL"));
		as("viewer").get().uri(base + "&sort=nonsense").exchange().expectStatus().isBadRequest();

		List<?> summary = as("viewer").get().uri("/api/v1/findings/summary").exchange()
			.expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
		assertThat(summary).anySatisfy(s -> {
			assertThat(((Map<?, ?>) s).get("targetId")).isEqualTo(targetId);
			assertThat(((Map<?, ?>) s).get("total")).isEqualTo(3);
		});
		String metrics = as("viewer").get().uri("/actuator/prometheus").exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(metrics).contains("tidemark_findings_open").contains("tidemark_scan_duration_seconds");
	}

	@Test
	void theOpenFindingsGaugeFollowsEachScanOfItsTarget() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("findings_gauge");
		execute(db, "CREATE TABLE probe_one (id int PRIMARY KEY); CREATE TABLE probe_two (id int PRIMARY KEY);");
		String targetId = register(db);
		String name = (String) get("/api/v1/targets/" + targetId).get("name");
		String series = "tidemark_findings_open{rule=\"" + ProbeRule.ID + "\",severity=\"HIGH\",target=\"" + name
				+ "\"}";
		scanTarget(targetId);
		assertThat(prometheus()).contains(series + " 2.0");
		execute(db, "DROP TABLE probe_two");
		scanTarget(targetId);
		assertThat(prometheus()).contains(series + " 1.0");
		execute(db, "DROP TABLE probe_one");
		scanTarget(targetId);
		// a series whose findings all resolved reads 0 until the periodic refresh drops it
		assertThat(prometheus().lines().filter(line -> line.startsWith(series + " ")))
			.allSatisfy(line -> assertThat(line).isEqualTo(series + " 0.0"));
	}

	private String prometheus() {
		return as("viewer").get().uri("/actuator/prometheus").exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

	@Test
	void theRuleCatalogListsEveryRule() {
		List<?> rules = as("viewer").get().uri("/api/v1/rules").exchange()
			.expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
		assertThat(rules).anySatisfy(r -> assertThat(((Map<?, ?>) r).get("id")).isEqualTo(ProbeRule.ID));
	}

	private String register(TestPostgres.Database db) {
		Map<String, Object> body = new HashMap<>(targetJson(db, "findings"));
		return (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
	}

	private Map<?, ?> onlyFinding(String targetId) {
		List<?> items = (List<?>) get("/api/v1/findings?targetId=" + targetId + "&status=OPEN&status=SUPPRESSED").get("items");
		assertThat(items).hasSize(1);
		return (Map<?, ?>) items.get(0);
	}

	private Map<?, ?> get(String uri) {
		return as("viewer").get().uri(uri).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

	static void execute(TestPostgres.Database db, String sql) throws Exception {
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
				Statement st = c.createStatement()) {
			st.execute(sql);
		}
	}
}

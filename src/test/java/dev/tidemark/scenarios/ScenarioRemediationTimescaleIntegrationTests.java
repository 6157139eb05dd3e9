package dev.tidemark.scenarios;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestTimescale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;

import static dev.tidemark.scenarios.ScenarioFindingsIntegrationTests.resource;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenarios 1 and 3 (their TimescaleDB parts) repaired through the HTTP workflow on the TimescaleDB test server:
 * register the target (pool size 1, the server takes one connection at a time), scan, exactly the scenario's
 * findings, propose, approve (two different approvers for HIGH), execute, re-scan: the findings are gone, the rows
 * are still there, and the scenario's own check passes. The test server has one database, so each target is one
 * schema ({@code includeSchemas}); the test's own connections are closed before Tidemark opens one.
 */
@Import(ScenarioFindingsIntegrationTests.ScenarioClock.class)
class ScenarioRemediationTimescaleIntegrationTests extends ApiIntegrationTest {

	@BeforeAll
	static void timescale() {
		TestTimescale.assumeAvailable();
	}

	@Test
	void scenario1SocialSentimentIsRepairedWithTwoApprovalsAndUpsertsIntoTheDamagedChunksWork() throws Exception {
		TestTimescale.Schema schema = TestTimescale.newSchema("http_social");
		String s = schema.name();
		Map<String, Long> rowsBefore;
		try (Connection c = schema.connect()) {
			SqlScript.runResource(c, "scenarios/social-sentiment/drifted-timescale.sql");
			rowsBefore = counts(c, "raw_reddit_posts", "raw_bluesky_posts", "stg_social_posts", "fact_social_sentiment");
		}
		String targetId = register(schema, "social-sentiment");
		putContract(targetId, resource("scenarios/social-sentiment/contract.yaml").replace("public.", s + "."));
		scan(targetId);

		List<Map<?, ?>> findings = openFindings(targetId);
		assertThat(findings).extracting(f -> f.get("ruleId") + " " + f.get("objectText")).containsExactlyInAnyOrder(
				"chunk-missing-unique-index " + s + ".stg_social_posts_platform_post_id_created_at_key",
				"not-a-hypertable " + s + ".fact_social_sentiment",
				"unexpected-compression-policy " + s + ".stg_social_posts");
		assertThat(findings).allSatisfy(f -> assertThat(f.get("remediable")).as("%s", f).isEqualTo(true));

		Map<?, ?> proposed = propose(findings.stream().map(f -> (String) f.get("id")).toList());
		assertThat(proposed.get("risk")).isEqualTo("HIGH");
		assertThat(proposed.get("requiredApprovals")).isEqualTo(2);
		String id = (String) proposed.get("id");
		String changelog = as("viewer").get().uri("/api/v1/remediations/{id}/changelog", id).exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(changelog).contains("\"public\".\"remove_compression_policy\"(", "migrate_data => true",
				"drop_after => INTERVAL '90 days'", "CREATE UNIQUE INDEX", "chunks already compressed stay compressed");

		approve(id, "approver");
		// one approval of two: HIGH cannot run yet
		as("operator").post().uri("/api/v1/remediations/{id}/executions", id).exchange().expectStatus().isEqualTo(409);
		approve(id, "approver2");
		assertThat(execute(id).get("status")).isEqualTo("VERIFIED");
		assertThat(openFindings(targetId)).isEmpty();

		try (Connection c = schema.connect(); Statement st = c.createStatement()) {
			assertThat(counts(c, rowsBefore.keySet().toArray(String[]::new))).isEqualTo(rowsBefore);
			// the transform's upsert: the two previously damaged chunks (2 and 9 November) and an intact one
			int upserted = st.executeUpdate("INSERT INTO stg_social_posts (platform, post_id, created_at, body) "
					+ "VALUES ('reddit', 'r1', '2026-11-02 10:00:00+00', 'edited'), "
					+ "('bluesky', 'b2', '2026-11-09 11:00:00+00', 'edited'), "
					+ "('reddit', 'r3', '2026-11-16 10:00:00+00', 'edited') "
					+ "ON CONFLICT (platform, post_id, created_at) DO UPDATE SET body = excluded.body");
			assertThat(upserted).isEqualTo(3);
			assertThat(count(st, "SELECT count(*) FROM stg_social_posts")).isEqualTo(rowsBefore.get("stg_social_posts"));
			assertThat(count(st, "SELECT count(*) FROM timescaledb_information.hypertables "
					+ "WHERE hypertable_schema = current_schema() AND hypertable_name = 'fact_social_sentiment'"))
				.isEqualTo(1);
			assertThat(count(st, "SELECT count(*) FROM timescaledb_information.jobs WHERE hypertable_schema = current_schema() "
					+ "AND hypertable_name = 'stg_social_posts' AND proc_name = 'policy_compression'")).isZero();
		}
	}

	/**
	 * Scenario 1 as a real server leaves it (issue 12): the scheduler ran the compression policy before anyone
	 * looked, so every chunk of stg_social_posts is compressed (here compress_chunk does what the scheduler did).
	 * Removing the policy is not enough: the compressed chunks are a finding of their own, the repair decompresses
	 * them in committed batches and disables compression, and the remediation is verified only because they are.
	 */
	@Test
	void scenario1WithEveryStagingChunkAlreadyCompressedIsDecompressedAndCompressionDisabled() throws Exception {
		TestTimescale.Schema schema = TestTimescale.newSchema("http_social_compressed");
		String s = schema.name();
		Map<String, Long> rowsBefore;
		try (Connection c = schema.connect(); Statement st = c.createStatement()) {
			SqlScript.runResource(c, "scenarios/social-sentiment/drifted-timescale.sql");
			// the policy is paused by the fixture; compress what it would have compressed on a real server
			assertThat(count(st, "SELECT count(" + "compress_chunk(c, if_not_compressed => true)) "
					+ "FROM show_chunks('stg_social_posts') c")).isEqualTo(3);
			rowsBefore = counts(c, "raw_reddit_posts", "raw_bluesky_posts", "stg_social_posts", "fact_social_sentiment");
		}
		String targetId = register(schema, "social-sentiment-compressed");
		putContract(targetId, resource("scenarios/social-sentiment/contract.yaml").replace("public.", s + "."));
		scan(targetId);

		List<Map<?, ?>> findings = openFindings(targetId);
		assertThat(findings).extracting(f -> f.get("ruleId") + " " + f.get("objectText")).containsExactlyInAnyOrder(
				"chunk-missing-unique-index " + s + ".stg_social_posts_platform_post_id_created_at_key",
				"not-a-hypertable " + s + ".fact_social_sentiment",
				"unexpected-compression-policy " + s + ".stg_social_posts",
				"unexpected-compressed-chunks " + s + ".stg_social_posts");
		Map<?, ?> compressed = finding(findings, "unexpected-compressed-chunks");
		assertThat(compressed.get("severity")).isEqualTo("MEDIUM");
		assertThat(compressed.get("remediable")).isEqualTo(true);
		Map<?, ?> evidence = (Map<?, ?>) compressed.get("evidence");
		assertThat(((Number) evidence.get("compressedChunks")).longValue()).isEqualTo(3);
		assertThat(((Number) evidence.get("totalChunks")).longValue()).isEqualTo(3);
		assertThat(((Number) evidence.get("compressedBytes")).longValue()).isPositive();
		assertThat(((Number) evidence.get("uncompressedBytes")).longValue()).isPositive();
		assertThat((String) compressed.get("message")).contains("has 3 of 3 chunks compressed");

		Map<?, ?> proposed = propose(findings.stream().map(f -> (String) f.get("id")).toList());
		assertThat(proposed.get("risk")).isEqualTo("HIGH");
		String id = (String) proposed.get("id");
		String changelog = as("viewer").get().uri("/api/v1/remediations/{id}/changelog", id).exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(changelog).contains("\"public\".\"decompress_chunk\"(b.chunk, if_compressed => true)",
				"SET (timescaledb.compress = false)", "SET lock_timeout");
		// policy removal, then decompression, then the chunk indexes, which then check the decompressed rows
		int removePolicy = changelog.indexOf("\nSELECT \"public\".\"remove_compression_policy\"(");
		int decompress = changelog.indexOf("\"decompress_chunk\"(b.chunk");
		assertThat(removePolicy).isNotNegative().isLessThan(decompress);
		assertThat(decompress).isLessThan(changelog.indexOf("\nCREATE UNIQUE INDEX"));
		approve(id, "approver");
		approve(id, "approver2");
		assertThat(execute(id).get("status")).isEqualTo("VERIFIED");
		assertThat(openFindings(targetId)).isEmpty();

		try (Connection c = schema.connect(); Statement st = c.createStatement()) {
			assertThat(counts(c, rowsBefore.keySet().toArray(String[]::new))).isEqualTo(rowsBefore);
			assertThat(count(st, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = "
					+ "current_schema() AND hypertable_name = 'stg_social_posts' AND is_compressed")).isZero();
			assertThat(count(st, "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = "
					+ "current_schema() AND hypertable_name = 'stg_social_posts' AND compression_enabled")).isZero();
			// the upsert the transform needs works on every (formerly compressed) chunk
			int upserted = st.executeUpdate("INSERT INTO stg_social_posts (platform, post_id, created_at, body) "
					+ "VALUES ('reddit', 'r1', '2026-11-02 10:00:00+00', 'edited'), "
					+ "('bluesky', 'b2', '2026-11-09 11:00:00+00', 'edited'), "
					+ "('reddit', 'r3', '2026-11-16 10:00:00+00', 'edited') "
					+ "ON CONFLICT (platform, post_id, created_at) DO UPDATE SET body = excluded.body");
			assertThat(upserted).isEqualTo(3);
			assertThat(count(st, "SELECT count(*) FROM stg_social_posts")).isEqualTo(rowsBefore.get("stg_social_posts"));
		}
		// a re-scan agrees: nothing compressed, nothing found
		scan(targetId);
		assertThat(openFindings(targetId)).isEmpty();
	}

	@Test
	void scenario3SensorReadingsStayQuietTheForeignKeyGetsItsIndexAndARetypeOfTheCompressedHypertableIsRefused()
			throws Exception {
		TestTimescale.Schema schema = TestTimescale.newSchema("http_maintenance");
		String s = schema.name();
		Map<String, Long> rowsBefore;
		try (Connection c = schema.connect()) {
			SqlScript.runResource(c, "scenarios/predictive-maintenance/drifted.sql");
			SqlScript.runResource(c, "scenarios/predictive-maintenance/drifted-timescale.sql");
			rowsBefore = counts(c, "maintenance_logs", "sensor_readings");
		}
		String targetId = register(schema, "predictive-maintenance");
		String contract = resource("scenarios/predictive-maintenance/contract-timescale.yaml").replace("public.", s + ".");
		putContract(targetId, contract);
		scan(targetId);

		List<Map<?, ?>> findings = openFindings(targetId);
		assertThat(findings).extracting(f -> f.get("ruleId") + " " + f.get("objectText")).containsExactlyInAnyOrder(
				"migration-head-mismatch alembic",
				"unindexed-foreign-key " + s + ".maintenance_logs.maintenance_logs_task_id_fkey");
		Map<?, ?> head = finding(findings, "migration-head-mismatch");
		assertThat(head.get("remediable")).isEqualTo(false);

		Map<?, ?> proposed = propose(List.of((String) finding(findings, "unindexed-foreign-key").get("id")));
		assertThat(proposed.get("risk")).isEqualTo("LOW");
		assertThat(proposed.get("requiredApprovals")).isEqualTo(1);
		String id = (String) proposed.get("id");
		approve(id, "approver");
		assertThat(execute(id).get("status")).isEqualTo("VERIFIED");
		assertThat(openFindings(targetId)).extracting(f -> (Object) f.get("ruleId")).containsExactly("migration-head-mismatch");
		try (Connection c = schema.connect(); Statement st = c.createStatement()) {
			assertThat(counts(c, rowsBefore.keySet().toArray(String[]::new))).isEqualTo(rowsBefore);
			assertThat(count(st, "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
					+ "AND tablename = 'maintenance_logs' AND indexdef LIKE '%(task_id)%'")).isEqualTo(1);
		}

		// a contract asking for another type of a column of the compressed hypertable: found, but refused at
		// planning with the reason, and nothing is stored or run
		putContract(targetId, contract.replace("primaryKey: [timestamp, sensor_id]",
				"primaryKey: [timestamp, sensor_id]\n    columns:\n      - {name: value, type: numeric}"));
		scan(targetId);
		String retype = (String) finding(openFindings(targetId), "column-type-mismatch").get("id");
		Map<?, ?> refused = as("operator").post().uri("/api/v1/remediations").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("findingIds", List.of(retype))).exchange()
			.expectStatus().isEqualTo(422)
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(refused.get("type")).isEqualTo("https://tidemark.dev/problems/remediation-refused");
		Map<?, ?> refusal = (Map<?, ?>) ((List<?>) refused.get("refusals")).get(0);
		assertThat(refusal.get("findingId")).isEqualTo(retype);
		assertThat((String) refusal.get("reason")).contains("hypertable " + s + ".sensor_readings",
				"compression enabled");
		assertThat((String) refusal.get("instead")).contains("decompress");
		List<?> remediations = (List<?>) as("viewer").get().uri("/api/v1/remediations?targetId={id}", targetId)
			.exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("items");
		assertThat(remediations).hasSize(1);
	}

	private String register(TestTimescale.Schema schema, String name) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name + "-" + schema.name());
		body.put("jdbcUrl", schema.jdbcUrl());
		body.put("username", schema.username());
		body.put("password", schema.password());
		body.put("labels", Map.of("env", "test", "engine", "timescaledb"));
		body.put("options", Map.of("poolSize", 1, "includeSchemas", List.of(schema.name())));
		return (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
	}

	private void putContract(String targetId, String yaml) {
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId)
			.contentType(MediaType.parseMediaType("application/yaml"))
			.body(yaml).exchange()
			.expectStatus().isOk();
	}

	private void scan(String targetId) {
		Map<?, ?> scan = as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange()
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
		assertThat(scan.get("status")).as("scan %s", scan).isEqualTo("SUCCEEDED");
	}

	private List<Map<?, ?>> openFindings(String targetId) {
		List<Map<?, ?>> items = new ArrayList<>();
		for (Object f : (List<?>) as("viewer").get().uri("/api/v1/findings?targetId={id}&status=OPEN&size=500", targetId)
			.exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("items")) {
			items.add((Map<?, ?>) f);
		}
		return items;
	}

	private static Map<?, ?> finding(List<Map<?, ?>> findings, String ruleId) {
		return findings.stream().filter(f -> ruleId.equals(f.get("ruleId"))).findFirst()
			.orElseThrow(() -> new AssertionError("no " + ruleId + " in " + findings));
	}

	private Map<?, ?> propose(List<String> findingIds) {
		return as("operator").post().uri("/api/v1/remediations").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("findingIds", findingIds)).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

	private void approve(String id, String approver) {
		as(approver).post().uri("/api/v1/remediations/{id}/approvals", id).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("comment", "reviewed the changelog", "externalRef", "ts-e2e")).exchange()
			.expectStatus().isOk();
	}

	/** Executes and returns the remediation afterwards (the execution itself must have succeeded). */
	private Map<?, ?> execute(String id) {
		Map<?, ?> execution = as("operator").post().uri("/api/v1/remediations/{id}/executions", id).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(execution.get("status")).as("execution %s", execution).isEqualTo("SUCCEEDED");
		return as("viewer").get().uri("/api/v1/remediations/{id}", id).exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
	}

	private static Map<String, Long> counts(Connection c, String... tables) throws SQLException {
		Map<String, Long> counts = new LinkedHashMap<>();
		try (Statement st = c.createStatement()) {
			for (String table : tables) {
				counts.put(table, count(st, "SELECT count(*) FROM " + table));
			}
		}
		return counts;
	}

	private static long count(Statement st, String sql) throws SQLException {
		try (ResultSet rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}
}

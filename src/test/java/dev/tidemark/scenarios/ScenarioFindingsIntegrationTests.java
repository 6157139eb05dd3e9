package dev.tidemark.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incidents of docs/scenarios.md (PostgreSQL parts): build the drifted database, put its contract, scan, and
 * assert EXACTLY the findings the scenario lists: no more, no fewer. "Today" is 2026-11-21.
 */
@Import(ScenarioFindingsIntegrationTests.ScenarioClock.class)
class ScenarioFindingsIntegrationTests extends ApiIntegrationTest {

	static final Instant TODAY = Instant.parse("2026-11-21T12:00:00Z");

	@TestConfiguration(proxyBeanMethods = false)
	static class ScenarioClock {
		@Bean
		@Primary
		Clock scenarioClock() {
			return Clock.fixed(TODAY, ZoneOffset.UTC);
		}
	}

	/** One expected finding: the rule and a piece of the object's text that identifies it. */
	record Expected(String ruleId, String object, String severity) {
		static Expected of(String ruleId, String object) {
			return new Expected(ruleId, object, null);
		}
	}

	@Test
	void scenario2ChatPlatformFindsTheStuckMigrationTheMissingColumnAndNoPartitionForToday() throws Exception {
		assertExactly("chat-platform",
				Expected.of("failed-migration", "20251120000000_add_channel_metadata"),
				Expected.of("missing-column", "public.webhooks.metadata"),
				new Expected("partition-horizon", "public.messages", "CRITICAL"),
				new Expected("partition-horizon", "public.api_logs", "CRITICAL"));
	}

	@Test
	void scenario3PredictiveMaintenanceFindsTheAlembicHeadAndTheUnindexedForeignKey() throws Exception {
		assertExactly("predictive-maintenance",
				Expected.of("migration-head-mismatch", "alembic"),
				Expected.of("unindexed-foreign-key", "public.maintenance_logs"));
	}

	@Test
	void scenario4ResearchCrawlerFindsExtensionColumnsConstraintMatviewAndTheUnvalidatedForeignKey() throws Exception {
		List<Map<?, ?>> findings = assertExactly("research-crawler",
				Expected.of("missing-extension", "pg_trgm"),
				Expected.of("missing-column", "public.topics.first_analysis_at"),
				Expected.of("missing-column", "public.topics.avg_period_duration_hours"),
				Expected.of("missing-constraint", "no_overlapping_active_periods"),
				Expected.of("matview-without-unique-index", "public.mv_period_metrics_trend"),
				Expected.of("unvalidated-constraint", "contents_analysis_period_id_fkey"));
		Map<?, ?> unvalidated = findings.stream().filter(f -> f.get("ruleId").equals("unvalidated-constraint"))
			.findFirst().orElseThrow();
		assertThat(unvalidated.get("evidence").toString()).contains("2");
		assertThat(((Map<?, ?>) unvalidated.get("repair")).get("automatic")).isEqualTo(false);
	}

	@Test
	void scenario5WordGameFindsTheKeyTheForeignKeyActionNullabilityColumnsAndIndex() throws Exception {
		assertExactly("word-game",
				Expected.of("missing-primary-key", "public.post_reactions"),
				Expected.of("foreign-key-action-mismatch", "public.post_reactions"),
				Expected.of("column-nullability-mismatch", "public.post_reactions.post_id"),
				Expected.of("missing-column", "public.credit_txns.idempotency_key"),
				Expected.of("missing-column", "public.scores.duration_sec"),
				Expected.of("missing-column", "public.posts.is_hidden"),
				Expected.of("missing-column", "public.posts.is_deleted"),
				Expected.of("missing-column", "public.posts.moderation_status"),
				Expected.of("missing-column", "public.users.challenge_penalty_until"),
				Expected.of("missing-column", "public.users.boost_penalty_until"),
				Expected.of("missing-index", "public.post_reactions"));
	}

	private List<Map<?, ?>> assertExactly(String scenario, Expected... expected) throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase(scenario.replace('-', '_'));
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
			SqlScript.run(c, resource("scenarios/" + scenario + "/drifted.sql"));
		}
		String targetId = (String) as("operator").post().uri("/api/v1/targets")
			.contentType(MediaType.APPLICATION_JSON).body(targetJson(db, scenario)).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId)
			.contentType(MediaType.parseMediaType("application/yaml"))
			.body(resource("scenarios/" + scenario + "/contract.yaml"))
			.exchange()
			.expectStatus().isOk();
		Map<?, ?> scan = as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(scan.get("status")).as("scan %s", scan).isEqualTo("SUCCEEDED");

		List<Map<?, ?>> findings = new ArrayList<>();
		for (Object item : (List<?>) as("viewer").get()
			.uri("/api/v1/findings?targetId={id}&status=OPEN&size=500", targetId).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("items")) {
			findings.add((Map<?, ?>) item);
		}
		List<String> described = findings.stream()
			.map(f -> f.get("ruleId") + " " + f.get("objectText") + " " + f.get("severity"))
			.sorted()
			.toList();
		assertThat(findings).as("findings of scenario %s: %s", scenario, described).hasSize(expected.length);
		for (Expected e : expected) {
			List<Map<?, ?>> matching = findings.stream()
				.filter(f -> f.get("ruleId").equals(e.ruleId()) && ((String) f.get("objectText")).contains(e.object()))
				.toList();
			assertThat(matching).as("%s on %s among %s", e.ruleId(), e.object(), described).hasSize(1);
			if (e.severity() != null) {
				assertThat(matching.get(0).get("severity")).isEqualTo(e.severity());
			}
		}
		return findings;
	}

	static String resource(String path) throws IOException {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}

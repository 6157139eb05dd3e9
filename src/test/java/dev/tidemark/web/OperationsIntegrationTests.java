package dev.tidemark.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operations rely on: the request id on every response, the scan metrics Prometheus scrapes, build and commit in
 * {@code /actuator/info}, and readiness that includes the store.
 */
class OperationsIntegrationTests extends ApiIntegrationTest {

	private static final Pattern UUID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	@Autowired
	HealthEndpointGroups healthGroups;

	@Test
	void aSaneRequestIdIsEchoed() {
		as("viewer").get().uri("/api/v1/targets").header("X-Request-Id", "deploy-42.retry_1").exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("X-Request-Id", "deploy-42.retry_1");
	}

	@Test
	void anInsaneOrMissingRequestIdIsReplacedByAGeneratedOne() {
		String replaced = as("viewer").get().uri("/api/v1/targets").header("X-Request-Id", "a b;<script>").exchange()
			.expectStatus().isOk()
			.returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");
		assertThat(replaced).matches(UUID);
		String tooLong = as("viewer").get().uri("/api/v1/targets").header("X-Request-Id", "x".repeat(129)).exchange()
			.expectStatus().isOk()
			.returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");
		assertThat(tooLong).matches(UUID);
		String generated = as("viewer").get().uri("/api/v1/targets").exchange()
			.expectStatus().isOk()
			.returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");
		assertThat(generated).matches(UUID);
	}

	@Test
	void theRequestIdIsOnTheSecurityChainsRefusalsAndOnErrorsHeaderAndProblem() {
		http.get().uri("/api/v1/targets").header("X-Request-Id", "unauthenticated-1").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("X-Request-Id", "unauthenticated-1")
			.expectBody().jsonPath("$.requestId").isEqualTo("unauthenticated-1");
		as("viewer").post().uri("/api/v1/targets").header("X-Request-Id", "forbidden-1")
			.contentType(MediaType.APPLICATION_JSON).body("{}").exchange()
			.expectStatus().isForbidden()
			.expectHeader().valueEquals("X-Request-Id", "forbidden-1")
			.expectBody().jsonPath("$.requestId").isEqualTo("forbidden-1");
		as("viewer").get().uri("/api/v1/targets/{id}", java.util.UUID.randomUUID()).header("X-Request-Id", "missing-1")
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().valueEquals("X-Request-Id", "missing-1")
			.expectBody().jsonPath("$.requestId").isEqualTo("missing-1");
		// Spring's own exception (unreadable body), through ApiExceptionHandler's createResponseEntity
		as("operator").post().uri("/api/v1/targets").header("X-Request-Id", "unreadable-1")
			.contentType(MediaType.APPLICATION_JSON).body("{not json").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().valueEquals("X-Request-Id", "unreadable-1")
			.expectBody().jsonPath("$.requestId").isEqualTo("unreadable-1");
		String generated = as("viewer").get().uri("/no/such/path").exchange()
			.expectStatus().isNotFound()
			.returnResult(String.class).getResponseHeaders().getFirst("X-Request-Id");
		assertThat(generated).matches(UUID);
		as("viewer").get().uri("/no/such/path").header("X-Request-Id", "not-found-1").exchange()
			.expectStatus().isNotFound()
			.expectHeader().valueEquals("X-Request-Id", "not-found-1")
			.expectBody().jsonPath("$.requestId").isEqualTo("not-found-1");
	}

	@Test
	void aValidTraceparentGivesTheRequestIdAndIsEchoedUnchanged() {
		String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		as("viewer").get().uri("/api/v1/targets").header("traceparent", traceparent)
			.header("X-Request-Id", "ignored-for-the-trace").exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("X-Request-Id", "4bf92f3577b34da6a3ce929d0e0e4736")
			.expectHeader().valueEquals("traceparent", traceparent);
		// all-zero trace id: invalid, so the X-Request-Id counts and traceparent is not echoed
		as("viewer").get().uri("/api/v1/targets")
			.header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")
			.header("X-Request-Id", "kept-1").exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("X-Request-Id", "kept-1")
			.expectHeader().doesNotExist("traceparent");
	}

	@Test
	void scanFailuresStartAtZeroAndScanDurationsHaveBuckets() {
		TestPostgres.Database db = TestPostgres.newDatabase("operations_metrics");
		Map<String, Object> target = targetJson(db, "ops-metrics");
		String name = (String) target.get("name");
		String id = (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(target).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");

		assertThat(prometheus()).contains("tidemark_scan_failures_total{target=\"" + name + "\"} 0.0");

		as("operator").post().uri("/api/v1/targets/{id}/scans", id).exchange().expectStatus().isCreated();
		assertThat(prometheus())
			.contains("tidemark_scan_duration_seconds_bucket{outcome=\"succeeded\",target=\"" + name + "\",le=\"0.1\"}")
			.contains("tidemark_scan_duration_seconds_bucket{outcome=\"succeeded\",target=\"" + name + "\",le=\"1800.0\"} 1")
			.contains("tidemark_scan_duration_seconds_count{outcome=\"succeeded\",target=\"" + name + "\"} 1")
			.contains("tidemark_scan_failures_total{target=\"" + name + "\"} 0.0");
	}

	@Test
	void aRemovedTargetsScanSeriesGo() {
		Map<String, Object> target = targetJson(TestPostgres.newDatabase("operations_removed"), "ops-removed");
		String name = (String) target.get("name");
		String id = (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(target).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		as("operator").post().uri("/api/v1/targets/{id}/scans", id).exchange().expectStatus().isCreated();
		assertThat(prometheus()).contains("tidemark_scan_failures_total{target=\"" + name + "\"} 0.0")
			.contains("target=\"" + name + "\"");

		as("operator").delete().uri("/api/v1/targets/{id}", id).exchange().expectStatus().is2xxSuccessful();
		assertThat(prometheus()).doesNotContain("target=\"" + name + "\"");
	}

	@Test
	void infoHasTheBuildVersionAndTheCommitWhenTheBuildKnewIt() throws IOException {
		Map<?, ?> info = http.get().uri("/actuator/info").exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(((Map<?, ?>) info.get("build")).get("version")).isInstanceOf(String.class);
		// git.commit.id only when the build ran in a git working tree (not from a source archive)
		Properties git = new Properties();
		try (InputStream in = getClass().getResourceAsStream("/git.properties")) {
			if (in != null) {
				git.load(in);
			}
		}
		String commit = git.getProperty("git.commit.id.abbrev");
		if (commit != null) {
			assertThat(((Map<?, ?>) ((Map<?, ?>) info.get("git")).get("commit")).get("id")).isEqualTo(commit);
		}
	}

	@Test
	void readinessIncludesTheStoreAndIsOpen() {
		http.get().uri("/actuator/health/readiness").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP");
		assertThat(healthGroups.get("readiness").isMember("db")).isTrue();
		http.get().uri("/actuator/health/liveness").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP");
	}

	private String prometheus() {
		return as("viewer").get().uri("/actuator/prometheus").exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}
}

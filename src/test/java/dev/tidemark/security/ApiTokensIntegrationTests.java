package dev.tidemark.security;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.tidemark.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokensIntegrationTests extends ApiIntegrationTest {

	@Autowired
	JdbcClient store;

	@Test
	void adminCreatesATokenThatIsShownOnceStoredHashedAndCarriesItsRoles() {
		Map<?, ?> created = as("admin").post().uri("/api/v1/api-tokens").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "release-pipeline", "roles", List.of("VIEWER")))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		String token = (String) created.get("token");
		assertThat(token).startsWith("tmk_").hasSizeGreaterThan(40);
		assertThat(Instant.parse((String) created.get("expiresAt"))).isAfter(Instant.now().plus(89, ChronoUnit.DAYS));

		String listed = as("admin").get().uri("/api/v1/api-tokens?size=500").exchange()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(listed).contains("release-pipeline").doesNotContain(token);
		String stored = store.sql("SELECT row_to_json(api_token)::text FROM api_token WHERE id = ?::uuid")
			.param(created.get("id").toString()).query(String.class).single();
		assertThat(stored).doesNotContain(token);

		withToken(token).get().uri("/api/v1/targets").exchange().expectStatus().isOk();
		withToken(token).post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body("{}").exchange()
			.expectStatus().isForbidden();
	}

	@Test
	void useIsRecordedAtMostOnceAMinute() {
		Map<?, ?> created = as("admin").post().uri("/api/v1/api-tokens").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "last-used", "roles", List.of("VIEWER")))
			.exchange().expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		String token = (String) created.get("token");
		String id = created.get("id").toString();
		assertThat(lastUsed(id)).isNull();

		withToken(token).get().uri("/api/v1/targets").exchange().expectStatus().isOk();
		Instant first = lastUsed(id);
		assertThat(first).isNotNull();

		withToken(token).get().uri("/api/v1/targets").exchange().expectStatus().isOk();
		assertThat(lastUsed(id)).isEqualTo(first);

		store.sql("UPDATE api_token SET last_used_at = now() - interval '61 seconds' WHERE id = ?::uuid").param(id)
			.update();
		Instant old = lastUsed(id);
		withToken(token).get().uri("/api/v1/targets").exchange().expectStatus().isOk();
		assertThat(lastUsed(id)).isAfter(old);
	}

	private Instant lastUsed(String tokenId) {
		return store.sql("SELECT last_used_at FROM api_token WHERE id = ?::uuid").param(tokenId)
			.query((rs, n) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
			.list()
			.get(0);
	}

	@Test
	void unknownExpiredAndRevokedTokensAreRefusedWith401() {
		withToken("tmk_not-a-real-token").get().uri("/api/v1/targets").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/unauthorized");

		Map<?, ?> created = as("admin").post().uri("/api/v1/api-tokens").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "short-lived", "roles", List.of("OPERATOR"),
					"expiresAt", Instant.now().plusSeconds(3600).toString()))
			.exchange().expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		String token = (String) created.get("token");
		withToken(token).get().uri("/api/v1/targets").exchange().expectStatus().isOk();

		store.sql("UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = ?::uuid")
			.param(created.get("id").toString()).update();
		withToken(token).get().uri("/api/v1/targets").exchange().expectStatus().isUnauthorized();

		store.sql("UPDATE api_token SET expires_at = now() + interval '1 hour' WHERE id = ?::uuid")
			.param(created.get("id").toString()).update();
		as("admin").delete().uri("/api/v1/api-tokens/{id}", created.get("id")).exchange().expectStatus().isNoContent();
		withToken(token).get().uri("/api/v1/targets").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void tokenRequestsAreValidated() {
		as("admin").post().uri("/api/v1/api-tokens").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "bad", "roles", List.of("SUPERUSER")))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/malformed-request");
		as("admin").post().uri("/api/v1/api-tokens").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "past", "roles", List.of("VIEWER"), "expiresAt", "2000-01-01T00:00:00Z"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("expiresAt");
	}

	@Test
	void wrongBasicPasswordIs401ProblemDetails() {
		http.get().uri("/api/v1/targets")
			.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:wrong".getBytes()))
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void healthAndApiDocsAreOpen() {
		http.get().uri("/actuator/health").exchange().expectStatus().isOk();
		http.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
		http.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
	}
}

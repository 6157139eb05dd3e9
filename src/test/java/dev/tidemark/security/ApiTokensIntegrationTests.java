package dev.tidemark.security;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.ConcurrentWriters;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokensIntegrationTests extends ApiIntegrationTest {

	@Autowired
	JdbcClient store;

	@Autowired
	DataSource dataSource;

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
	void aTokenBelongsToTheHumanWhoCreatedItEvenThroughAnotherToken() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		Map<?, ?> first = create(as("admin"), "owner-first-" + suffix, List.of("ADMIN"));
		assertThat(first.get("createdBy")).isEqualTo("admin");
		assertThat(first.get("owner")).isEqualTo("admin");

		// A token created with a token belongs to the first token's human, not to the token.
		Map<?, ?> second = create(withToken((String) first.get("token")), "owner-second-" + suffix, List.of("OPERATOR"));
		assertThat(second.get("createdBy")).isEqualTo("token:owner-first-" + suffix);
		assertThat(second.get("owner")).isEqualTo("admin");
		assertThat(create(withToken((String) second.get("token")), "owner-third-" + suffix, List.of("VIEWER")))
			.as("an OPERATOR token may not create tokens").isNull();

		List<?> items = (List<?>) as("admin").get().uri("/api/v1/api-tokens?size=500").exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("items");
		Map<?, ?> listed = items.stream().map(Map.class::cast)
			.filter(i -> second.get("id").equals(i.get("id")))
			.findFirst().orElseThrow();
		assertThat(listed.get("owner")).isEqualTo("admin");
		assertThat(listed.get("createdBy")).isEqualTo("token:owner-first-" + suffix);
		assertThat(store.sql("SELECT owner FROM api_token WHERE id = ?::uuid").param(second.get("id").toString())
			.query(String.class).single()).isEqualTo("admin");

		// The bearer principal is a Caller whose human is the owner: the audit trail records both.
		Map<String, Object> target = targetJson(TestPostgres.newDatabase("owned"), "owned");
		String targetName = (String) target.get("name");
		withToken((String) second.get("token")).post().uri("/api/v1/targets?verifyConnection=false")
			.contentType(MediaType.APPLICATION_JSON)
			.body(target)
			.exchange()
			.expectStatus().isCreated();
		List<?> events = (List<?>) as("viewer").get()
			.uri("/api/v1/audit-events?action=target.register&onBehalfOf=admin&size=500").exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("items");
		Map<?, ?> registered = events.stream().map(Map.class::cast)
			.filter(e -> targetName.equals(((Map<?, ?>) e.get("detail")).get("name")))
			.findFirst().orElseThrow();
		assertThat(registered.get("actor")).isEqualTo("token:owner-second-" + suffix);
		assertThat(registered.get("actorKind")).isEqualTo("TOKEN");
		assertThat(registered.get("onBehalfOf")).isEqualTo("admin");
	}

	@Test
	void aTokenMadeByATokenMadeByATokenStillBelongsToTheFirstHuman() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		Map<?, ?> first = create(as("admin"), "chain-1-" + suffix, List.of("ADMIN"));
		Map<?, ?> second = create(withToken((String) first.get("token")), "chain-2-" + suffix, List.of("ADMIN"));
		Map<?, ?> third = create(withToken((String) second.get("token")), "chain-3-" + suffix, List.of("APPROVER"));
		assertThat(third.get("createdBy")).isEqualTo("token:chain-2-" + suffix);
		assertThat(third.get("owner")).isEqualTo("admin");

		List<?> issued = (List<?>) as("viewer").get()
			.uri("/api/v1/audit-events?action=api-token.issue&actor=token:chain-2-" + suffix).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("items");
		assertThat(issued).hasSize(1);
		Map<?, ?> event = (Map<?, ?>) issued.get(0);
		assertThat(event.get("onBehalfOf")).isEqualTo("admin");
		assertThat(((Map<?, ?>) event.get("detail")).get("owner")).isEqualTo("admin");

		as("admin").delete().uri("/api/v1/api-tokens/{id}", third.get("id")).exchange().expectStatus().isNoContent();
		List<?> revoked = (List<?>) as("viewer").get()
			.uri("/api/v1/audit-events?action=api-token.revoke&actor=admin&size=500").exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("items");
		Map<?, ?> revocation = revoked.stream().map(Map.class::cast)
			.filter(e -> third.get("id").equals(e.get("objectId")))
			.findFirst().orElseThrow();
		assertThat(((Map<?, ?>) revocation.get("detail")).get("owner")).isEqualTo("admin");
	}

	@Test
	void aLiveTokenNameIsTakenUntilItExpiresOrIsRevoked() {
		String name = "unique-" + UUID.randomUUID().toString().substring(0, 8);
		Map<?, ?> first = create(as("admin"), name, List.of("VIEWER"));
		as("admin").post().uri("/api/v1/api-tokens").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", name, "roles", List.of("VIEWER")))
			.exchange()
			.expectStatus().isEqualTo(409)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/api-token-name-taken")
			.jsonPath("$.errors[0].field").isEqualTo("name");

		store.sql("UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = ?::uuid")
			.param(first.get("id").toString()).update();
		Map<?, ?> second = create(as("admin"), name, List.of("VIEWER"));
		as("admin").delete().uri("/api/v1/api-tokens/{id}", second.get("id")).exchange().expectStatus().isNoContent();
		create(as("admin"), name, List.of("VIEWER"));
	}

	/** The created token's JSON, or null when the caller may not create tokens. */
	private static Map<?, ?> create(RestTestClient client, String name, List<String> roles) {
		var result = client.post().uri("/api/v1/api-tokens").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", name, "roles", roles))
			.exchange()
			.returnResult(Map.class);
		if (result.getStatus().value() == 403) {
			return null;
		}
		assertThat(result.getStatus().value()).as("create %s", name).isEqualTo(201);
		return result.getResponseBody();
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
	void ofTwoConcurrentRevokesOneRevokesAndTheOtherFindsNothing() throws Exception {
		Map<?, ?> created = as("admin").post().uri("/api/v1/api-tokens").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "revoked-twice", "roles", List.of("VIEWER")))
			.exchange().expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		String id = created.get("id").toString();

		List<HttpStatusCode> statuses = ConcurrentWriters.race(dataSource,
				"SELECT 1 FROM api_token WHERE id = '" + id + "' FOR UPDATE",
				List.of(() -> revoke("admin", id), () -> revoke("admin2", id)));

		assertThat(statuses).containsExactly(HttpStatus.NO_CONTENT, HttpStatus.NOT_FOUND);
		assertThat(store.sql("SELECT count(*) FROM api_token WHERE id = ?::uuid").param(id).query(Long.class).single())
			.isZero();
		assertThat(store.sql("SELECT actor FROM audit_event WHERE action = 'api-token.revoke' AND object_id = ?")
			.param(id).query(String.class).list()).as("one revocation, by the first").containsExactly("admin");
	}

	private HttpStatusCode revoke(String user, String id) {
		return as(user).delete().uri("/api/v1/api-tokens/{id}", id).exchange().expectBody().returnResult()
			.getStatus();
	}

	@Test
	void tokenRequestsAreValidated() {
		as("admin").post().uri("/api/v1/api-tokens").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "bad", "roles", List.of("SUPERUSER")))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/validation-error")
			.jsonPath("$.errors[0].field").isEqualTo("roles[0]")
			.jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("VIEWER").doesNotContain("SUPERUSER"));
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

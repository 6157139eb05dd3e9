package dev.tidemark.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.audit.internal.FailedLoginAggregator;
import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each audited action over HTTP leaves one row with who, what and the outcome, and no secret in any row. */
class AuditIntegrationTests extends ApiIntegrationTest {

	private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	@Autowired
	JdbcClient store;

	@Autowired
	FailedLoginAggregator failedLogins;

	@Test
	void targetChangesAreAuditedWithoutTheirPasswords() {
		String password = "audit-secret-" + UUID.randomUUID();
		String newPassword = "audit-secret-" + UUID.randomUUID();
		TestPostgres.Database db = TestPostgres.newDatabase("audit_secret");
		Map<String, Object> body = new HashMap<>(targetJson(db, "audit-secret"));
		body.put("password", password);
		body.put("remediationUsername", "repairer");
		body.put("remediationPassword", password + "-remediation");
		String targetId = (String) as("operator").post().uri("/api/v1/targets?verifyConnection=false")
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		body.put("password", newPassword);
		body.put("labels", Map.of("env", "prod"));
		body.put("jdbcUrl", db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "tcpKeepAlive=true");
		as("admin").put().uri("/api/v1/targets/{id}?verifyConnection=false", targetId)
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isOk();
		as("admin").delete().uri("/api/v1/targets/{id}", targetId).exchange().expectStatus().is2xxSuccessful();

		List<Map<?, ?>> events = events("targetId=" + targetId);
		assertThat(events).extracting(e -> (Object) e.get("action"))
			.containsExactly("target.remove", "target.change", "target.register");
		Map<?, ?> registered = events.get(2);
		assertThat(registered.get("actor")).isEqualTo("operator");
		assertThat(registered.get("onBehalfOf")).isEqualTo("operator");
		assertThat(registered.get("actorKind")).isEqualTo("USER");
		assertThat(registered.get("outcome")).isEqualTo("SUCCEEDED");
		assertThat(registered.get("objectType")).isEqualTo("target");
		assertThat(registered.get("objectId")).isEqualTo(targetId);
		assertThat(registered.get("remoteAddress")).isNotNull();
		Map<?, ?> changed = (Map<?, ?>) events.get(1).get("detail");
		assertThat(changed.get("credentialsChanged")).isEqualTo(true);
		// what moved, before and after: where the target points and the labels its approval rules read
		assertThat(((Map<?, ?>) changed.get("changes")).keySet().stream().map(String::valueOf).toList())
			.containsExactlyInAnyOrder("jdbcUrl", "labels");
		assertThat((Map<?, ?>) ((Map<?, ?>) changed.get("changes")).get("labels"))
			.isEqualTo(Map.of("from", Map.of("env", "test"), "to", Map.of("env", "prod")));
		assertThat((String) ((Map<?, ?>) ((Map<?, ?>) changed.get("changes")).get("jdbcUrl")).get("to"))
			.endsWith("tcpKeepAlive=true");
		assertThat(events.get(0).get("actor")).isEqualTo("admin");
		// The trail outlives the target it names.
		assertThat(store.sql("SELECT count(*) FROM target WHERE id = ?::uuid").param(targetId).query(Long.class)
			.single()).isZero();
		assertNoRowContains(password, newPassword);
	}

	@Test
	void scansContractsAndSuppressionsAreAudited() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("audit_checks");
		execute(db, "CREATE TABLE probe_audit (id int PRIMARY KEY)");
		String targetId = registerTarget(db, "audit");
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(YAML)
			.body("tables: [{name: public.probe_audit, columns: [{name: id, type: int4, nullable: false}], "
					+ "primaryKey: [id]}]\n")
			.exchange()
			.expectStatus().isOk();
		Map<?, ?> scan = as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		List<?> findings = (List<?>) as("viewer").get().uri("/api/v1/findings?targetId={id}", targetId).exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("items");
		String findingId = (String) ((Map<?, ?>) findings.get(0)).get("id");
		as("approver").post().uri("/api/v1/findings/{id}/suppression", findingId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("reason", "known, fixed in Q3", "until", Instant.now().plusSeconds(3600).toString()))
			.exchange()
			.expectStatus().isForbidden();
		as("operator").post().uri("/api/v1/findings/{id}/suppression", findingId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("reason", "known, fixed in Q3", "until", Instant.now().plusSeconds(3600).toString()))
			.exchange()
			.expectStatus().isOk();

		Map<?, ?> contract = only("targetId=" + targetId + "&action=contract.set");
		assertThat(contract.get("actor")).isEqualTo("operator");
		assertThat(((Map<?, ?>) contract.get("detail")).get("change")).isEqualTo("set v1");
		Map<?, ?> scanned = only("targetId=" + targetId + "&action=scan.run");
		assertThat(scanned.get("objectId")).isEqualTo(scan.get("id"));
		assertThat(scanned.get("outcome")).isEqualTo("SUCCEEDED");
		Map<?, ?> suppressed = only("targetId=" + targetId + "&action=finding.suppress");
		assertThat(suppressed.get("objectId")).isEqualTo(findingId);
		assertThat(((Map<?, ?>) suppressed.get("detail")).get("reason")).isEqualTo("known, fixed in Q3");
	}

	@Test
	void aFailedBasicLoginIsAuditedWithTheNameAndNeverThePassword() {
		String wrong = "wrong-" + UUID.randomUUID();
		String stranger = "stranger-" + UUID.randomUUID().toString().substring(0, 8);
		basic("viewer", wrong).get().uri("/api/v1/targets").exchange().expectStatus().isUnauthorized();
		basic(stranger, wrong).get().uri("/api/v1/targets").exchange().expectStatus().isUnauthorized();
		failedLogins.flush();

		Map<?, ?> failed = only("actor=" + stranger);
		assertThat(failed.get("action")).isEqualTo("login.failed");
		assertThat(failed.get("outcome")).isEqualTo("FAILED");
		assertThat(failed.get("actorKind")).isEqualTo("USER");
		assertThat(failed.get("onBehalfOf")).isEqualTo(stranger);
		assertThat(failed.get("remoteAddress")).isNotNull();
		assertThat(((Map<?, ?>) failed.get("detail")).get("method")).isEqualTo("basic");
		assertThat(((Map<?, ?>) failed.get("detail")).get("count")).isEqualTo(1);
		assertThat(events("actor=viewer&action=login.failed&outcome=FAILED")).isNotEmpty();
		assertNoRowContains(wrong);
	}

	@Test
	void tokensAreAuditedWhenIssuedUsedRefusedAndRevokedButTheirSecretsNeverAre() {
		String name = "audit-ci-" + UUID.randomUUID().toString().substring(0, 8);
		Map<?, ?> created = as("admin").post().uri("/api/v1/api-tokens").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", name, "roles", List.of("OPERATOR")))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		String secret = (String) created.get("token");
		String tokenId = (String) created.get("id");

		String targetId = (String) withToken(secret).post().uri("/api/v1/targets?verifyConnection=false")
			.contentType(MediaType.APPLICATION_JSON).body(targetJson(TestPostgres.newDatabase("audit_token"), "audit-token"))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		as("admin").delete().uri("/api/v1/api-tokens/{id}", tokenId).exchange().expectStatus().isNoContent();
		withToken(secret).get().uri("/api/v1/targets").exchange().expectStatus().isUnauthorized();
		String unknown = "tmk_unknown-" + UUID.randomUUID();
		withToken(unknown).get().uri("/api/v1/targets").exchange().expectStatus().isUnauthorized();
		failedLogins.flush();

		Map<?, ?> issued = only("action=api-token.issue&actor=admin&size=500", e -> tokenId.equals(e.get("objectId")));
		assertThat(((Map<?, ?>) issued.get("detail")).get("name")).isEqualTo(name);
		assertThat(((Map<?, ?>) issued.get("detail")).get("roles")).isEqualTo(List.of("OPERATOR"));
		assertThat(((Map<?, ?>) issued.get("detail")).get("owner")).isEqualTo("admin");
		assertThat(issued.get("onBehalfOf")).isEqualTo("admin");
		only("action=api-token.revoke&size=500", e -> tokenId.equals(e.get("objectId")));
		Map<?, ?> used = only("targetId=" + targetId);
		assertThat(used.get("actor")).isEqualTo("token:" + name);
		assertThat(used.get("actorKind")).isEqualTo("TOKEN");
		assertThat(used.get("onBehalfOf")).isEqualTo("admin");
		// Revoked means deleted: the refused secret no longer names a token.
		List<Map<?, ?>> refused = events("actor=token:(unknown)&action=login.failed&size=500");
		assertThat(refused).isNotEmpty().allSatisfy(e -> {
			assertThat(e.get("outcome")).isEqualTo("FAILED");
			assertThat(e.get("actorKind")).isEqualTo("TOKEN");
			assertThat(((Map<?, ?>) e.get("detail")).get("method")).isEqualTo("bearer");
		});
		assertNoRowContains(secret, unknown, secret.substring(4));
	}

	@Test
	void anExpiredTokenIsAuditedUnderItsName() {
		String name = "audit-expired-" + UUID.randomUUID().toString().substring(0, 8);
		Map<?, ?> created = as("admin").post().uri("/api/v1/api-tokens").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", name, "roles", List.of("VIEWER")))
			.exchange().expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		store.sql("UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = ?::uuid")
			.param(created.get("id").toString()).update();
		withToken((String) created.get("token")).get().uri("/api/v1/targets").exchange().expectStatus().isUnauthorized();
		failedLogins.flush();
		assertThat(only("actor=token:" + name).get("outcome")).isEqualTo("FAILED");
	}

	@Test
	void filtersCombineAndPagesAreNewestFirst() {
		TestPostgres.Database db = TestPostgres.newDatabase("audit_pages");
		String targetId = registerTarget(db, "audit");
		Instant between = Instant.now();
		for (int version = 1; version <= 4; version++) {
			as(version % 2 == 0 ? "admin" : "operator").put().uri("/api/v1/targets/{id}/contract", targetId)
				.contentType(YAML).body("tables: [{name: public.t" + version + "}]\n").exchange()
				.expectStatus().isOk();
		}
		// register + 4 contract versions
		Map<?, ?> first = page("targetId=" + targetId + "&size=2&page=0");
		assertThat(first.get("totalItems")).isEqualTo(5);
		assertThat(first.get("totalPages")).isEqualTo(3);
		assertThat(items(first)).extracting(e -> (Object) ((Map<?, ?>) e.get("detail")).get("change"))
			.containsExactly("set v4", "set v3");
		assertThat(items(page("targetId=" + targetId + "&size=2&page=2"))).extracting(e -> (Object) e.get("action"))
			.containsExactly("target.register");

		assertThat(events("targetId=" + targetId + "&actor=admin")).hasSize(2);
		assertThat(events("targetId=" + targetId + "&action=contract.set&actor=operator")).hasSize(2);
		assertThat(events("targetId=" + targetId + "&outcome=FAILED")).isEmpty();
		assertThat(events("targetId=" + targetId + "&from=" + between)).hasSize(4);
		assertThat(events("targetId=" + targetId + "&to=" + between)).hasSize(1);
		assertThat(events("targetId=" + targetId + "&from=" + Instant.now().plusSeconds(60))).isEmpty();

		as("viewer").get().uri("/api/v1/audit-events?size=0").exchange().expectStatus().isBadRequest();
		as("viewer").get().uri("/api/v1/audit-events?from=" + between + "&to=" + between).exchange()
			.expectStatus().isBadRequest();
		http.get().uri("/api/v1/audit-events").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void theStoreRefusesToChangeOrDeleteAnEvent() {
		registerTarget(TestPostgres.newDatabase("audit_trigger"), "audit");
		String id = store.sql("SELECT id::text FROM audit_event ORDER BY seq DESC LIMIT 1").query(String.class).single();
		assertThatThrownBy(() -> store.sql("UPDATE audit_event SET actor = 'someone-else' WHERE id = ?::uuid")
			.param(id).update()).rootCause().hasMessageContaining("audit_event is append-only: UPDATE");
		assertThatThrownBy(() -> store.sql("DELETE FROM audit_event WHERE id = ?::uuid").param(id).update())
			.rootCause().hasMessageContaining("audit_event is append-only: DELETE");
		assertThat(store.sql("SELECT actor FROM audit_event WHERE id = ?::uuid").param(id).query(String.class).single())
			.isEqualTo("operator");
	}

	private void assertNoRowContains(String... secrets) {
		List<String> rows = store.sql("SELECT row_to_json(audit_event)::text FROM audit_event").query(String.class).list();
		assertThat(rows).isNotEmpty();
		for (String secret : secrets) {
			assertThat(rows).noneMatch(row -> row.contains(secret));
		}
	}

	private RestTestClient basic(String user, String password) {
		return RestTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.defaultHeader(HttpHeaders.AUTHORIZATION,
					"Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes()))
			.build();
	}

	private Map<?, ?> page(String query) {
		return as("viewer").get().uri("/api/v1/audit-events?" + query).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<?, ?>> items(Map<?, ?> page) {
		return (List<Map<?, ?>>) page.get("items");
	}

	private List<Map<?, ?>> events(String query) {
		return items(page(query));
	}

	private Map<?, ?> only(String query) {
		return only(query, e -> true);
	}

	private Map<?, ?> only(String query, java.util.function.Predicate<Map<?, ?>> which) {
		List<Map<?, ?>> matching = events(query).stream().filter(which).toList();
		assertThat(matching).as(query).hasSize(1);
		return matching.get(0);
	}

	private static void execute(TestPostgres.Database db, String sql) throws Exception {
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
				Statement st = c.createStatement()) {
			st.execute(sql);
		}
	}
}

package dev.tidemark.checks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.ConcurrentWriters;
import dev.tidemark.support.ProbeRule;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.tidemark.checks.FindingsApiIntegrationTests.execute;
import static dev.tidemark.checks.IgnoreRulesIntegrationTests.ignored;
import static dev.tidemark.checks.IgnoreRulesIntegrationTests.rule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PUT /api/v1/ignore-rules/{id}}: the rule keeps its id and scope, the next scan applies it as updated,
 * bad input and stale or lost writes change nothing, and every update is audited with what it replaced.
 */
class IgnoreRuleUpdateIntegrationTests extends ApiIntegrationTest {

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient store;

	@Test
	void narrowingThePatternBringsBackWhatItIgnoredAndWideningItIgnoresItAgainFromTheNextScan() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("ign_upd_scan");
		execute(db, "CREATE TABLE probe_upd_cache (id int PRIMARY KEY); CREATE TABLE probe_upd_keep (id int PRIMARY KEY)");
		String targetId = registerTarget(db, "ignore-update");
		Map<?, ?> created = create(targetId, rule(null, "table", "public.probe_upd_*", "Both are expected"));
		String id = (String) created.get("id");
		assertThat(ignored(scanTarget(targetId))).containsExactly(
				"target " + id + " 2 [public.probe_upd_cache, public.probe_upd_keep]");
		assertThat(openFindings(targetId)).isEmpty();

		Map<?, ?> narrowed = put(id, etagOf(id), rule(null, "table", "public.probe_upd_cache", "Only the cache"))
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(narrowed.get("id")).isEqualTo(id);
		assertThat(narrowed.get("targetId")).isEqualTo(targetId);
		assertThat(narrowed.get("objectPattern")).isEqualTo("public.probe_upd_cache");
		assertThat(narrowed.get("reason")).isEqualTo("Only the cache");
		assertThat(narrowed.get("createdAt")).isEqualTo(created.get("createdAt"));
		assertThat(narrowed.get("version")).isEqualTo(1);
		Map<?, ?> afterNarrowing = scanTarget(targetId);
		assertThat(afterNarrowing.get("newFindings")).isEqualTo(1);
		assertThat(ignored(afterNarrowing)).containsExactly("target " + id + " 1 [public.probe_upd_cache]");
		assertThat(openFindings(targetId)).containsExactly("test-probe-table table public.probe_upd_keep");

		// widened again: the finding that came back is resolved by the next scan
		put(id, etagOf(id), rule(ProbeRule.ID, null, "public.probe_upd_*", "Both again")).expectStatus().isOk();
		Map<?, ?> afterWidening = scanTarget(targetId);
		assertThat(afterWidening.get("resolvedFindings")).isEqualTo(1);
		assertThat(ignored(afterWidening)).containsExactly(
				"target " + id + " 2 [public.probe_upd_cache, public.probe_upd_keep]");
		assertThat(openFindings(targetId)).isEmpty();
		assertThat(ids(targetId)).containsExactly(id);
	}

	@Test
	void aGlobalRuleStaysGlobalAndAnExpiryCanBeSetAndClearedEvenOnceItHasPassed() {
		Map<?, ?> global = create(null, rule(null, null, "public.probe_upd_global_*", "Global"));
		String id = (String) global.get("id");
		try {
			Instant nextWeek = Instant.now().plus(7, ChronoUnit.DAYS);
			Map<?, ?> expiring = put(id, null, rule(null, null, "public.probe_upd_global_*", "Global for a week",
					nextWeek))
				.expectStatus().isOk()
				.expectBody(Map.class).returnResult().getResponseBody();
			assertThat(expiring.get("targetId")).isNull();
			assertThat(Instant.parse((String) expiring.get("expiresAt")))
				.isEqualTo(nextWeek.truncatedTo(ChronoUnit.MICROS));
			// the week passes (moved in the store: the API refuses an expiry in the past); an update revives it
			assertThat(store.sql("UPDATE ignore_rule SET expires_at = now() - interval '1 second' WHERE id = ?")
				.param(UUID.fromString(id)).update()).isEqualTo(1);
			assertThat(get(id).get("expired")).isEqualTo(true);
			Map<?, ?> forever = put(id, null, rule(null, null, "public.probe_upd_global_*", "Global again"))
				.expectStatus().isOk()
				.expectBody(Map.class).returnResult().getResponseBody();
			assertThat(forever.get("expiresAt")).isNull();
			assertThat(forever.get("expired")).isEqualTo(false);
			assertThat(forever.get("version")).isEqualTo(2);
			List<Map<?, ?>> audits = auditEvents(null, "ignore-rule.update").stream()
				.filter(e -> id.equals(e.get("objectId")))
				.toList();
			assertThat(audits).hasSize(2).allSatisfy(e -> assertThat(e.get("targetId")).isNull());
			assertThat(audits).extracting(e -> (Map<?, ?>) e.get("detail")).anySatisfy(d -> {
				assertThat(d.get("reason")).isEqualTo("Global again");
				assertThat(d.get("expiresAt")).isNull();
				assertThat(d.get("previousReason")).isEqualTo("Global for a week");
				assertThat(d.get("previousExpiresAt")).isNotNull();
			});
			assertThat(as("viewer").get().uri("/api/v1/ignore-rules").exchange()
				.expectStatus().isOk()
				.expectBody(List.class).returnResult().getResponseBody())
				.anySatisfy(r -> assertThat(((Map<?, ?>) r).get("id")).isEqualTo(id));
		}
		finally {
			as("operator").delete().uri("/api/v1/ignore-rules/{id}", id).exchange().expectStatus().isNoContent();
		}
	}

	@Test
	void badInputIsAProblemDetailAndLeavesTheRuleAsItWas() {
		String targetId = registerTarget(TestPostgres.newDatabase("ign_upd_invalid"), "ignore-update");
		String id = (String) create(targetId, rule(null, "table", "public.probe_*", "Valid")).get("id");
		Map<?, ?> before = get(id);
		String eTag = etagOf(id);

		Map<String, Map<String, Object>> refused = new LinkedHashMap<>();
		refused.put("objectPattern", rule(null, "table", null, "a kind alone"));
		refused.put("objectPattern ", rule(null, null, "public.{a,b}", "braces"));
		refused.put("ruleId", rule("no-such-rule", null, null, "unknown rule"));
		refused.put("objectKind", rule(null, "Table", "public.x", "uppercase kind"));
		refused.put("reason", rule(null, null, "public.x", " "));
		refused.put("reason ", rule(null, null, "public.x", "x".repeat(1001)));
		refused.put("expiresAt", rule(null, null, "public.x", "past", Instant.now().minusSeconds(60)));
		Map<String, Object> rescoped = rule(null, null, "public.x", "to another target");
		rescoped.put("targetId", UUID.randomUUID().toString());
		refused.put("targetId", rescoped);
		refused.forEach((field, body) -> put(id, eTag, body)
			.expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/validation-error")
			.jsonPath("$.errors[0].field").isEqualTo(field.strip()));
		as("operator").put().uri("/api/v1/ignore-rules/{id}", id).contentType(MediaType.APPLICATION_JSON)
			.body("{\"objectPattern\": ").exchange()
			.expectStatus().isBadRequest();

		assertThat(get(id)).isEqualTo(before);
		assertThat(etagOf(id)).isEqualTo(eTag);
	}

	@Test
	void anUnknownRuleIsANotFoundAndAStaleOrWeakIfMatchAPreconditionFailure() {
		String targetId = registerTarget(TestPostgres.newDatabase("ign_upd_etag"), "ignore-update");
		String id = (String) create(targetId, rule(null, null, "public.probe_*", "First")).get("id");
		String first = etagOf(id);
		as("viewer").get().uri("/api/v1/ignore-rules/{id}", id).header("If-None-Match", first).exchange()
			.expectStatus().isNotModified()
			.expectHeader().valueEquals("ETag", first);

		String second = put(id, first, rule(null, null, "public.probe_*", "Second")).expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseHeaders().getETag();
		assertThat(second).isNotEqualTo(first).isEqualTo(etagOf(id));

		put(id, first, rule(null, null, "public.probe_a", "Stale")).expectStatus()
			.isEqualTo(HttpStatus.PRECONDITION_FAILED)
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/precondition-failed");
		put(id, "W/" + second, rule(null, null, "public.probe_a", "Weak")).expectStatus()
			.isEqualTo(HttpStatus.PRECONDITION_FAILED);
		as("operator").delete().uri("/api/v1/ignore-rules/{id}", id).header("If-Match", first).exchange()
			.expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED);
		assertThat(get(id).get("reason")).isEqualTo("Second");
		assertThat(get(id).get("objectPattern")).isEqualTo("public.probe_*");
		String third = put(id, "*", rule(null, null, "public.probe_b", "Any version")).expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseHeaders().getETag();
		as("operator").delete().uri("/api/v1/ignore-rules/{id}", id).header("If-Match", third).exchange()
			.expectStatus().isNoContent();
		put(id, third, rule(null, null, "public.probe_c", "Gone")).expectStatus()
			.isEqualTo(HttpStatus.PRECONDITION_FAILED);

		String unknown = UUID.randomUUID().toString();
		put(unknown, null, rule(null, null, "public.x", "r")).expectStatus().isNotFound()
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/ignore-rule-not-found");
		put(unknown, "*", rule(null, null, "public.x", "r")).expectStatus().isEqualTo(HttpStatus.PRECONDITION_FAILED);
		put("not-a-uuid", null, rule(null, null, "public.x", "r")).expectStatus().isBadRequest();
	}

	@Test
	void ofTwoConcurrentUpdatesTheFirstWinsAndTheSecondIsAConflict() throws Exception {
		String targetId = registerTarget(TestPostgres.newDatabase("ign_upd_race"), "ignore-update");
		String id = (String) create(targetId, rule(null, null, "public.probe_*", "Before the race")).get("id");

		List<EntityExchangeResult<String>> results = ConcurrentWriters.race(dataSource,
				"SELECT 1 FROM ignore_rule WHERE id = '" + id + "' FOR UPDATE",
				List.of(() -> putForRace(id, "first"), () -> putForRace(id, "second")));

		assertThat(results.get(0).getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(results.get(1).getStatus()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(results.get(1).getResponseBody()).contains("https://tidemark.dev/problems/conflict");
		Map<?, ?> after = get(id);
		assertThat(after.get("reason")).isEqualTo("first");
		assertThat(after.get("version")).isEqualTo(1);
		assertThat(updateAudits(targetId)).containsExactly("operator object=public.probe_* first");
	}

	@Test
	void operatorsAndAdminsUpdateViewersMayNotAndEachUpdateIsAuditedWithWhatItReplaced() {
		String targetId = registerTarget(TestPostgres.newDatabase("ign_upd_roles"), "ignore-update");
		String id = (String) create(targetId, rule(null, null, "public.audit_upd_*", "Roles test")).get("id");
		put(id, null, rule(null, null, "public.nothing", "viewer"), "viewer").expectStatus().isForbidden();
		http.put().uri("/api/v1/ignore-rules/{id}", id).contentType(MediaType.APPLICATION_JSON)
			.body(rule(null, null, "public.nothing", "anonymous")).exchange()
			.expectStatus().isUnauthorized();
		assertThat(get(id).get("version")).isEqualTo(0);

		put(id, null, rule(ProbeRule.ID, "table", "public.audit_upd_a", "Narrowed by the operator"), "operator")
			.expectStatus().isOk();
		put(id, null, rule(null, null, "public.audit_upd_b", "Changed by the admin"), "admin").expectStatus().isOk();

		List<Map<?, ?>> audits = auditEvents(targetId, "ignore-rule.update");
		assertThat(audits).hasSize(2).allSatisfy(e -> {
			assertThat(e.get("objectType")).isEqualTo("ignore-rule");
			assertThat(e.get("objectId")).isEqualTo(id);
			assertThat(e.get("outcome")).isEqualTo("SUCCEEDED");
		});
		Map<?, ?> byOperator = audits.stream().filter(e -> e.get("actor").equals("operator")).findFirst().orElseThrow();
		assertThat(byOperator.get("detail")).isEqualTo(Map.of(
				"selectors", "rule=test-probe-table kind=table object=public.audit_upd_a",
				"reason", "Narrowed by the operator",
				"previousSelectors", "object=public.audit_upd_*",
				"previousReason", "Roles test"));
		assertThat(updateAudits(targetId)).containsExactlyInAnyOrder(
				"operator rule=test-probe-table kind=table object=public.audit_upd_a Narrowed by the operator",
				"admin object=public.audit_upd_b Changed by the admin");
		assertThat(get(id).get("createdBy")).isEqualTo("operator");
	}

	private EntityExchangeResult<String> putForRace(String id, String reason) {
		return as("operator").put().uri("/api/v1/ignore-rules/{id}", id).contentType(MediaType.APPLICATION_JSON)
			.body(rule(null, null, "public.probe_*", reason)).exchange().expectBody(String.class).returnResult();
	}

	private RestTestClient.ResponseSpec put(String id, String ifMatch,
			Map<String, Object> body) {
		return put(id, ifMatch, body, "operator");
	}

	private RestTestClient.ResponseSpec put(String id, String ifMatch,
			Map<String, Object> body, String user) {
		var request = as(user).put().uri("/api/v1/ignore-rules/{id}", id).contentType(MediaType.APPLICATION_JSON);
		if (ifMatch != null) {
			request = request.header("If-Match", ifMatch);
		}
		return request.body(body).exchange();
	}

	private Map<?, ?> get(String id) {
		return as("viewer").get().uri("/api/v1/ignore-rules/{id}", id).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

	private String etagOf(String id) {
		String eTag = as("viewer").get().uri("/api/v1/ignore-rules/{id}", id).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseHeaders().getETag();
		assertThat(eTag).startsWith("\"");
		return eTag;
	}

	/** The audit events of the action, of the target's rules or, {@code targetId} null, of any. */
	private List<Map<?, ?>> auditEvents(String targetId, String action) {
		var request = targetId == null
				? as("viewer").get().uri("/api/v1/audit-events?action={action}&size=200", action)
				: as("viewer").get().uri("/api/v1/audit-events?targetId={id}&action={action}&size=50", targetId, action);
		return ((List<?>) request.exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("items")).stream()
			.<Map<?, ?>>map(e -> (Map<?, ?>) e)
			.toList();
	}

	/** "actor selectors reason" per ignore-rule.update event of the target. */
	private List<String> updateAudits(String targetId) {
		return auditEvents(targetId, "ignore-rule.update").stream()
			.map(e -> e.get("actor") + " " + ((Map<?, ?>) e.get("detail")).get("selectors") + " "
					+ ((Map<?, ?>) e.get("detail")).get("reason"))
			.toList();
	}

	/** Creates a rule for the target, or a global one when {@code targetId} is null; checks it comes with an ETag. */
	private Map<?, ?> create(String targetId, Map<String, Object> body) {
		var request = targetId == null ? as("operator").post().uri("/api/v1/ignore-rules")
				: as("operator").post().uri("/api/v1/targets/{id}/ignore-rules", targetId);
		EntityExchangeResult<Map> created = request.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult();
		assertThat(created.getResponseBody().get("version")).isEqualTo(0);
		assertThat(created.getResponseHeaders().getETag()).isEqualTo(etagOf((String) created.getResponseBody().get("id")));
		return created.getResponseBody();
	}

	private List<Object> ids(String targetId) {
		return ((List<?>) as("viewer").get().uri("/api/v1/targets/{id}/ignore-rules", targetId).exchange()
			.expectStatus().isOk()
			.expectBody(List.class).returnResult().getResponseBody())
			.stream().map(r -> (Object) ((Map<?, ?>) r).get("id")).toList();
	}

	private List<String> openFindings(String targetId) {
		return IgnoreRulesIntegrationTests.openFindings(as("viewer"), targetId);
	}
}

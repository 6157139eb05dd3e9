package dev.tidemark.checks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.tidemark.checks.FindingsApiIntegrationTests.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ignore rules against real targets: the typical uses (tables an application creates at run time, partitions
 * named by a pattern, a column every environment has differently), global versus per-target rules, expiry, the
 * contract's ignore section, the counts each scan reports, validation and roles.
 */
class IgnoreRulesIntegrationTests extends ApiIntegrationTest {

	private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	private static final String SHARED = """
			CREATE TABLE orders (id bigint PRIMARY KEY, placed_at date NOT NULL);
			CREATE TABLE events (id bigint, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
			""";

	@Test
	void runtimeTablesPartitionsAndAColumnPerEnvironmentAreIgnoredAndEachScanSaysByWhichRule() throws Exception {
		String prodId = referencePair()[1];
		scanTarget(prodId);
		assertThat(openFindings(prodId)).containsExactlyInAnyOrder("partition-horizon table public.events",
				"reference-extra table public.events_2026_02", "reference-extra table public.tmp_import_1",
				"reference-extra table public.tmp_import_2", "reference-mismatch column public.settings.region",
				"reference-missing table public.events_2026_01");

		Map<?, ?> runtimeTables = create(null, rule("reference-extra", "table", "public.tmp_*",
				"The importer creates and drops these at run time"));
		try {
			Map<?, ?> partitions = create(prodId, rule(null, null, "public.events_20??_??",
					"Monthly partitions: each environment holds its own months"));
			Map<?, ?> region = create(prodId, rule("reference-mismatch", "column", "public.settings.region",
					"Every environment types its region column differently"));

			Map<?, ?> scan = scanTarget(prodId);
			assertThat(openFindings(prodId)).containsExactly("partition-horizon table public.events");
			assertThat(scan.get("resolvedFindings")).isEqualTo(5);
			assertThat(ignored(scan)).containsExactlyInAnyOrder(
					"target " + partitions.get("id") + " 2 [public.events_2026_01, public.events_2026_02]",
					"target " + region.get("id") + " 1 [public.settings.region]",
					"global " + runtimeTables.get("id") + " 2 [public.tmp_import_1, public.tmp_import_2]");

			// deleting a rule brings back what it ignored, and the next scan no longer counts it
			as("operator").delete().uri("/api/v1/ignore-rules/{id}", partitions.get("id")).exchange()
				.expectStatus().isNoContent();
			Map<?, ?> after = scanTarget(prodId);
			assertThat(after.get("newFindings")).isEqualTo(0);
			assertThat(openFindings(prodId)).containsExactlyInAnyOrder("partition-horizon table public.events",
					"reference-extra table public.events_2026_02", "reference-missing table public.events_2026_01");
			assertThat(ignored(after)).hasSize(2).noneMatch(i -> i.contains(partitions.get("id").toString()));
		}
		finally {
			deleteRule(runtimeTables);
		}
	}

	@Test
	void aGlobalRuleAppliesToEveryTargetATargetRuleToItsOwnFindingsOnly() throws Exception {
		TestPostgres.Database a = TestPostgres.newDatabase("ign_a");
		TestPostgres.Database b = TestPostgres.newDatabase("ign_b");
		execute(a, "CREATE TABLE probe_ign_cache (id int PRIMARY KEY); CREATE TABLE probe_ign_keep (id int PRIMARY KEY)");
		execute(b, "CREATE TABLE probe_ign_cache (id int PRIMARY KEY)");
		String aId = registerTarget(a, "ignore");
		String bId = registerTarget(b, "ignore");
		Map<?, ?> own = create(aId, rule(null, null, "public.probe_ign_cache", "A's cache table is expected"));

		assertThat(ignored(scanTarget(aId))).containsExactly("target " + own.get("id") + " 1 [public.probe_ign_cache]");
		assertThat(openFindings(aId)).containsExactly("test-probe-table table public.probe_ign_keep");
		assertThat(ignored(scanTarget(bId))).isEmpty();
		assertThat(openFindings(bId)).containsExactly("test-probe-table table public.probe_ign_cache");
		assertThat(ids(as("viewer").get().uri("/api/v1/targets/{id}/ignore-rules", aId))).containsExactly(own.get("id"));
		assertThat(ids(as("viewer").get().uri("/api/v1/targets/{id}/ignore-rules", bId))).isEmpty();

		Map<?, ?> global = create(null, rule("test-probe-table", null, "public.probe_ign_*", "Probe tables of this test"));
		try {
			assertThat(ids(as("viewer").get().uri("/api/v1/ignore-rules"))).contains(global.get("id"))
				.doesNotContain(own.get("id"));
			// a finding two rules match is counted once, for the target's own rule
			assertThat(ignored(scanTarget(aId))).containsExactlyInAnyOrder(
					"target " + own.get("id") + " 1 [public.probe_ign_cache]",
					"global " + global.get("id") + " 1 [public.probe_ign_keep]");
			assertThat(openFindings(aId)).isEmpty();
			assertThat(ignored(scanTarget(bId))).containsExactly("global " + global.get("id") + " 1 [public.probe_ign_cache]");
			assertThat(openFindings(bId)).isEmpty();
		}
		finally {
			deleteRule(global);
		}
		scanTarget(bId);
		assertThat(openFindings(bId)).containsExactly("test-probe-table table public.probe_ign_cache");
	}

	@Test
	void anExpiredRuleNoLongerAppliesAndIsListedAsExpired() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("ign_expiry");
		execute(db, "CREATE TABLE probe_waived (id int PRIMARY KEY)");
		String targetId = registerTarget(db, "ignore");
		Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS);
		Map<?, ?> waiver = create(targetId, rule(null, "table", "public.probe_*", "Waived until the migration lands",
				tomorrow));
		assertThat(waiver.get("expired")).isEqualTo(false);
		assertThat(Instant.parse((String) waiver.get("expiresAt"))).isEqualTo(tomorrow.truncatedTo(ChronoUnit.MICROS));
		assertThat(ignored(scanTarget(targetId))).hasSize(1);
		assertThat(openFindings(targetId)).isEmpty();

		// the expiry passes (moved in the store: the API refuses an expiry in the past)
		try (var store = java.sql.DriverManager.getConnection(System.getProperty("tidemark.store.url"),
				System.getProperty("tidemark.store.username"), System.getProperty("tidemark.store.password"));
				var update = store.prepareStatement("UPDATE ignore_rule SET expires_at = now() - interval '1 second' WHERE id = ?")) {
			update.setObject(1, UUID.fromString((String) waiver.get("id")));
			assertThat(update.executeUpdate()).isEqualTo(1);
		}
		assertThat(as("viewer").get().uri("/api/v1/ignore-rules/{id}", waiver.get("id")).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("expired")).isEqualTo(true);
		Map<?, ?> scan = scanTarget(targetId);
		assertThat(ignored(scan)).isEmpty();
		assertThat(scan.get("newFindings")).isEqualTo(1);
		assertThat(openFindings(targetId)).containsExactly("test-probe-table table public.probe_waived");
	}

	@Test
	void theContractsIgnoreSectionAppliesUntilItsEntriesExpire() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("ign_contract");
		execute(db, "CREATE TABLE orders (id bigint PRIMARY KEY)");
		String targetId = registerTarget(db, "ignore");
		String contract = """
				tables:
				  - name: public.orders
				    columns:
				      - {name: legacy_flag, type: boolean}
				      - {name: region_code, type: text}
				ignore:
				  - rule: missing-column
				    kind: column
				    object: public.orders.legacy_*
				    reason: Dropped in this environment on purpose
				  - {object: public.orders.region_code, reason: An old waiver, until: 2020-01-01}
				""";
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(YAML).body(contract)
			.exchange()
			.expectStatus().isOk();
		String stored = as("viewer").get().uri("/api/v1/targets/{id}/contract", targetId).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(stored).contains("ignore:").contains("public.orders.legacy_*").contains("2020-01-01");

		Map<?, ?> scan = scanTarget(targetId);
		assertThat(openFindings(targetId)).containsExactly("missing-column column public.orders.region_code");
		List<?> ignored = (List<?>) scan.get("ignored");
		assertThat(ignored).hasSize(1);
		Map<?, ?> entry = (Map<?, ?>) ignored.get(0);
		assertThat(entry.get("source")).isEqualTo("contract");
		assertThat(entry.get("contractPath")).isEqualTo("ignore[0]");
		assertThat(entry.get("ignoreRuleId")).isNull();
		assertThat(entry.get("ruleId")).isEqualTo("missing-column");
		assertThat(entry.get("reason")).isEqualTo("Dropped in this environment on purpose");
		assertThat(entry.get("count")).isEqualTo(1);
		assertThat(entry.get("examples")).isEqualTo(List.of("public.orders.legacy_flag"));
		// the scan resource as stored says the same
		assertThat(as("viewer").get().uri("/api/v1/scans/{id}", scan.get("id")).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("ignored")).isEqualTo(ignored);
	}

	@Test
	void aContractWithAnInvalidIgnoreEntryIsRefusedWithPathAndLine() {
		String targetId = registerTarget(TestPostgres.newDatabase("ign_bad_contract"), "ignore");
		String contract = """
				ignore:
				  - {kind: table, reason: no selector}
				  - {object: "public.[ab]*", reason: brackets}
				  - {object: public.t}
				  - {object: public.t, reason: when, until: next tuesday}
				  - {rule: no-such-rule, reason: a typo would never match}
				""";
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(YAML).body(contract)
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/invalid-contract")
			.jsonPath("$.errors[*].path").value(paths -> assertThat((List<Object>) paths).containsExactly("ignore[0].object",
					"ignore[1].object", "ignore[2].reason", "ignore[3].until", "ignore[4].rule"))
			.jsonPath("$.errors[0].line").isEqualTo(2)
			.jsonPath("$.errors[3].line").isEqualTo(5)
			.jsonPath("$.errors[4].line").isEqualTo(6);
		as("viewer").get().uri("/api/v1/targets/{id}/contract", targetId).exchange().expectStatus().isNotFound();
	}

	@Test
	void invalidIgnoreRulesAreRefusedAsProblemDetailsAndCreateNothing() {
		String targetId = registerTarget(TestPostgres.newDatabase("ign_invalid"), "ignore");
		Map<String, Map<String, Object>> refused = new LinkedHashMap<>();
		refused.put("objectPattern", rule(null, "table", null, "a kind alone"));
		refused.put("objectPattern ", rule(null, null, "public.{a,b}", "braces"));
		refused.put("objectPattern  ", rule(null, null, "public..orders", "empty part"));
		refused.put("ruleId", rule("no-such-rule", null, null, "unknown rule"));
		refused.put("objectKind", rule(null, "Table", "public.x", "uppercase kind"));
		refused.put("reason", rule(null, null, "public.x", " "));
		refused.put("expiresAt", rule(null, null, "public.x", "past", Instant.now().minusSeconds(60)));
		refused.forEach((field, body) -> {
			as("operator").post().uri("/api/v1/targets/{id}/ignore-rules", targetId)
				.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
				.expectStatus().isBadRequest()
				.expectBody()
				.jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/validation-error")
				.jsonPath("$.errors[0].field").isEqualTo(field.strip());
		});
		assertThat(ids(as("viewer").get().uri("/api/v1/targets/{id}/ignore-rules", targetId))).isEmpty();

		String unknown = UUID.randomUUID().toString();
		as("operator").post().uri("/api/v1/targets/{id}/ignore-rules", unknown).contentType(MediaType.APPLICATION_JSON)
			.body(rule(null, null, "public.x", "r")).exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/target-not-found");
		as("viewer").get().uri("/api/v1/targets/{id}/ignore-rules", unknown).exchange().expectStatus().isNotFound();
		as("operator").delete().uri("/api/v1/ignore-rules/{id}", unknown).exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/ignore-rule-not-found");
		as("viewer").get().uri("/api/v1/ignore-rules/{id}", unknown).exchange().expectStatus().isNotFound();
	}

	@Test
	void viewersReadOperatorsAndAdminsWriteAndEveryChangeIsAudited() {
		String targetId = registerTarget(TestPostgres.newDatabase("ign_roles"), "ignore");
		Map<String, Object> body = rule(null, null, "public.audit_me_*", "Roles test");
		as("viewer").post().uri("/api/v1/targets/{id}/ignore-rules", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange()
			.expectStatus().isForbidden();
		as("viewer").post().uri("/api/v1/ignore-rules").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isForbidden();
		http.get().uri("/api/v1/ignore-rules").exchange().expectStatus().isUnauthorized();
		Map<?, ?> created = as("admin").post().uri("/api/v1/targets/{id}/ignore-rules", targetId)
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isCreated()
			.expectHeader().valueEquals("Location", "/api/v1/ignore-rules/" + createdId(targetId))
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(created.get("createdBy")).isEqualTo("admin");
		assertThat(created.get("targetId")).isEqualTo(targetId);
		as("viewer").get().uri("/api/v1/ignore-rules/{id}", created.get("id")).exchange().expectStatus().isOk();
		as("viewer").delete().uri("/api/v1/ignore-rules/{id}", created.get("id")).exchange()
			.expectStatus().isForbidden();
		as("operator").delete().uri("/api/v1/ignore-rules/{id}", created.get("id")).exchange()
			.expectStatus().isNoContent();

		List<?> audit = (List<?>) as("viewer").get()
			.uri("/api/v1/audit-events?targetId={id}&size=50", targetId).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("items");
		assertThat(audit.stream().map(e -> ((Map<?, ?>) e).get("actor") + " " + ((Map<?, ?>) e).get("action")
				+ " " + ((Map<?, ?>) ((Map<?, ?>) e).get("detail")).get("selectors")))
			.contains("admin ignore-rule.create object=public.audit_me_*",
					"operator ignore-rule.delete object=public.audit_me_*");
	}

	/** The id of the one rule the target has, read back after the fact (Location must name it). */
	private String createdId(String targetId) {
		List<Object> ids = ids(as("viewer").get().uri("/api/v1/targets/{id}/ignore-rules", targetId));
		assertThat(ids).hasSize(1);
		return (String) ids.get(0);
	}

	/** staging (the reference) and prod, differing in runtime tables, partitions and one column. */
	private String[] referencePair() throws Exception {
		TestPostgres.Database staging = TestPostgres.newDatabase("ign_staging");
		TestPostgres.Database prod = TestPostgres.newDatabase("ign_prod");
		execute(staging, SHARED + """
				CREATE TABLE settings (id bigint PRIMARY KEY, region text NOT NULL);
				CREATE TABLE events_2026_01 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
				""");
		execute(prod, SHARED + """
				CREATE TABLE settings (id bigint PRIMARY KEY, region varchar(8));
				CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
				CREATE TABLE tmp_import_1 (id bigint PRIMARY KEY);
				CREATE TABLE tmp_import_2 (id bigint PRIMARY KEY);
				""");
		String stagingId = registerTarget(staging, "ignore");
		String prodId = registerTarget(prod, "ignore");
		scanTarget(stagingId);
		as("operator").put().uri("/api/v1/targets/{id}/reference", prodId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("targetId", stagingId)).exchange()
			.expectStatus().isOk();
		return new String[] { stagingId, prodId };
	}

	/** An ignore rule's request body (also for IgnoreRuleUpdateIntegrationTests). */
	static Map<String, Object> rule(String ruleId, String kind, String pattern, String reason) {
		return rule(ruleId, kind, pattern, reason, null);
	}

	static Map<String, Object> rule(String ruleId, String kind, String pattern, String reason,
			Instant expiresAt) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ruleId", ruleId);
		body.put("objectKind", kind);
		body.put("objectPattern", pattern);
		body.put("reason", reason);
		body.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
		return body;
	}

	/** Creates a rule for the target, or a global one when {@code targetId} is null. */
	private Map<?, ?> create(String targetId, Map<String, Object> body) {
		var request = targetId == null ? as("operator").post().uri("/api/v1/ignore-rules")
				: as("operator").post().uri("/api/v1/targets/{id}/ignore-rules", targetId);
		Map<?, ?> created = request.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(created.get("targetId")).isEqualTo(targetId);
		return created;
	}

	private void deleteRule(Map<?, ?> rule) {
		as("operator").delete().uri("/api/v1/ignore-rules/{id}", rule.get("id")).exchange().expectStatus().isNoContent();
	}

	private static List<Object> ids(RestTestClient.RequestHeadersSpec<?> get) {
		return ((List<?>) get.exchange().expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody())
			.stream().map(r -> (Object) ((Map<?, ?>) r).get("id")).toList();
	}

	/** "source ignoreRuleId count [examples]" per entry of the scan's ignored list. */
	static List<String> ignored(Map<?, ?> scan) {
		return ((List<?>) scan.get("ignored")).stream().map(i -> (Map<?, ?>) i)
			.map(i -> i.get("source") + " " + i.get("ignoreRuleId") + " " + i.get("count") + " " + i.get("examples"))
			.toList();
	}

	private List<String> openFindings(String targetId) {
		return openFindings(as("viewer"), targetId);
	}

	/** "ruleId kind objectText" of the target's open findings, sorted. */
	static List<String> openFindings(RestTestClient viewer, String targetId) {
		return ((List<?>) viewer.get().uri("/api/v1/findings?targetId={id}&status=OPEN&size=500", targetId)
			.exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("items")).stream()
			.map(f -> ((Map<?, ?>) f).get("ruleId") + " " + ((Map<?, ?>) ((Map<?, ?>) f).get("object")).get("kind")
					+ " " + ((Map<?, ?>) f).get("objectText"))
			.sorted()
			.toList();
	}
}

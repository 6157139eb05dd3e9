package dev.tidemark.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values Java reads but the store cannot hold or a person cannot mean (times past year 9999, null label values,
 * blank ids) are 400 problems naming the field, and nothing is stored: each was a 500, or silently widened what a
 * request asked for (a blank target id read as "every target").
 */
class OutOfRangeInputIntegrationTests extends ApiIntegrationTest {

	private static final String FAR = "+999999999-12-31T23:59:59Z";

	@Autowired
	JdbcClient store;

	@Test
	void timesBeyondYear9999AreRefused() {
		for (String param : List.of("from=%2B999999999-12-31T23:59:59Z", "to=%2B294277-01-01T00:00:00Z",
				"from=-4714-11-23T00:00:00Z")) {
			problem(as("viewer").get().uri("/api/v1/audit-events?" + param).exchange(), 400);
		}
		long rules = count("ignore_rule");
		problem(as("operator").post().uri("/api/v1/findings/{id}/suppression", UUID.randomUUID())
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("reason", "r", "until", FAR)).exchange(), 400)
			.jsonPath("$.errors[0].field").isEqualTo("until");
		problem(as("operator").post().uri("/api/v1/ignore-rules").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("ruleId", "missing-primary-key", "reason", "x", "expiresAt", "+294277-01-01T00:00:00Z"))
			.exchange(), 400)
			.jsonPath("$.errors[0].field").isEqualTo("expiresAt");
		// an empty time is no time: read as null it would make the rule never expire
		problem(as("operator").post().uri("/api/v1/ignore-rules").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("ruleId", "missing-primary-key", "reason", "x", "expiresAt", "")).exchange(), 400);
		assertThat(count("ignore_rule")).isEqualTo(rules);
	}

	@Test
	void aNullLabelValueIsRefused() {
		TestPostgres.Database db = TestPostgres.newDatabase("null_label");
		Map<String, Object> target = new HashMap<>(targetJson(db, "null-label"));
		Map<String, Object> nullValue = new HashMap<>();
		nullValue.put("a", null);
		target.put("labels", nullValue);
		problem(as("operator").post().uri("/api/v1/targets?verifyConnection=false")
			.contentType(MediaType.APPLICATION_JSON).body(target).exchange(), 400);
		assertThat(store.sql("SELECT count(*) FROM target WHERE name = ?").param(target.get("name")).query(Long.class)
			.single()).isZero();

		long webhooks = count("webhook_subscription");
		Map<String, Object> webhook = new HashMap<>(Map.of("url", "https://hooks.example.com/x", "events",
				List.of("finding.opened"), "secret", "0123456789abcdef0123"));
		webhook.put("labels", nullValue);
		problem(as("admin").post().uri("/api/v1/webhooks").contentType(MediaType.APPLICATION_JSON).body(webhook)
			.exchange(), 400);
		assertThat(count("webhook_subscription")).isEqualTo(webhooks);
	}

	@Test
	void aBlankIdIsNoIdNotEveryTarget() {
		long webhooks = count("webhook_subscription");
		for (String blank : List.of(" ", "")) {
			problem(as("admin").post().uri("/api/v1/webhooks").contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("url", "https://hooks.example.com/x", "events", List.of("finding.opened"), "secret",
						"0123456789abcdef0123", "targetId", blank))
				.exchange(), 400);
		}
		assertThat(count("webhook_subscription")).isEqualTo(webhooks);
		for (String query : List.of("/api/v1/findings?targetId=%20", "/api/v1/audit-events?targetId=%20",
				"/api/v1/findings?targetId=1-1-1-1-1", "/api/v1/targets/1-1-1-1-1")) {
			try {
				problem(as("viewer").get().uri(query).exchange(), 400);
			}
			catch (AssertionError e) {
				throw new AssertionError(query + ": " + e.getMessage(), e);
			}
		}
	}

	@Test
	void numbersAndBooleansMustBeWrittenAsSuch() {
		TestPostgres.Database db = TestPostgres.newDatabase("typed_options");
		Map<String, Object> target = new HashMap<>(targetJson(db, "typed-options"));
		String id = (String) as("operator").post().uri("/api/v1/targets?verifyConnection=false")
			.contentType(MediaType.APPLICATION_JSON).body(target).exchange()
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
		Map<?, ?> before = as("viewer").get().uri("/api/v1/targets/{id}", id).exchange()
			.expectBody(Map.class).returnResult().getResponseBody();
		// 0.9 minutes read as 0 turned scheduled scans off; "60000" and "true" are strings, not what the contract says
		for (Map<String, Object> options : List.<Map<String, Object>>of(Map.of("scanIntervalMinutes", 0.9),
				Map.of("poolSize", 2.7), Map.of("statementTimeoutMs", "60000"), Map.of("poolSize", true))) {
			Map<String, Object> body = new HashMap<>(target);
			body.put("options", options);
			String field = "options." + options.keySet().iterator().next();
			try {
				problem(as("operator").put().uri("/api/v1/targets/{id}?verifyConnection=false", id)
					.contentType(MediaType.APPLICATION_JSON).body(body).exchange(), 400)
					.jsonPath("$.errors[0].field").isEqualTo(field)
					.jsonPath("$.errors[0].message").value(m -> assertThat((String) m).startsWith("must be a whole number"));
			}
			catch (AssertionError e) {
				throw new AssertionError(options + ": " + e.getMessage(), e);
			}
		}
		assertThat(as("viewer").get().uri("/api/v1/targets/{id}", id).exchange().expectBody(Map.class).returnResult()
			.getResponseBody().get("options")).isEqualTo(before.get("options"));
		// a label map written as a string says what it must be
		Map<String, Object> labels = new HashMap<>(target);
		labels.put("labels", "env=prod");
		problem(as("operator").put().uri("/api/v1/targets/{id}?verifyConnection=false", id)
			.contentType(MediaType.APPLICATION_JSON).body(labels).exchange(), 400)
			.jsonPath("$.errors[0].field").isEqualTo("labels")
			.jsonPath("$.errors[0].message").isEqualTo("must be a JSON object");
		// whole numbers still are
		Map<String, Object> body = new HashMap<>(target);
		body.put("options", Map.of("scanIntervalMinutes", 5, "poolSize", 2));
		as("operator").put().uri("/api/v1/targets/{id}?verifyConnection=false", id)
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.options.scanIntervalMinutes").isEqualTo(5);
	}

	private static RestTestClient.BodyContentSpec problem(RestTestClient.ResponseSpec response, int status) {
		return response.expectStatus().isEqualTo(status)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody();
	}

	private long count(String table) {
		return store.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}
}

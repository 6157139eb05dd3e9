package dev.tidemark.web;

import java.util.HashMap;
import java.util.Map;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request body with a property its type does not have is refused with a problem naming it and where it was,
 * and nothing is stored: a misspelt {@code kind} must not quietly make an ignore rule broader. Rows the store wrote
 * earlier, which may carry properties a record has since lost, still read.
 */
class UnknownPropertiesIntegrationTests extends ApiIntegrationTest {

	@Autowired
	JdbcClient store;

	@Test
	void aMisspeltPropertyInAnIgnoreRuleIsRefusedNamingItAndTheKnownOnesAndNothingIsStored() {
		long rulesBefore = countIgnoreRules();
		Map<String, Object> body = Map.of("kind", "table", "objectPattern", "public.tmp_*", "reason", "scratch tables");

		as("operator").post().uri("/api/v1/ignore-rules").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo(ProblemTypes.BASE + "validation-error")
			.jsonPath("$.detail").isEqualTo("Unknown property 'kind' in the request body; known properties: ruleId, "
					+ "objectKind, objectPattern, reason, expiresAt")
			.jsonPath("$.errors[0].field").isEqualTo("kind")
			.jsonPath("$.errors[0].message").value(m -> assertThat((String) m).startsWith("unknown property"));

		assertThat(countIgnoreRules()).isEqualTo(rulesBefore);
	}

	@Test
	void anUnknownNestedPropertyIsNamedWithItsPathAndNoTargetIsRegistered() {
		TestPostgres.Database db = TestPostgres.newDatabase("unknown_props");
		Map<String, Object> body = new HashMap<>(targetJson(db, "unknown-nested"));
		body.put("options", Map.of("scanIntervalMinute", 5));

		as("operator").post().uri("/api/v1/targets?verifyConnection=false").contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.detail").value(d -> assertThat((String) d)
				.startsWith("Unknown property 'scanIntervalMinute' in options of the request body; known properties: ")
				.contains("scanIntervalMinutes"))
			.jsonPath("$.errors[0].field").isEqualTo("options.scanIntervalMinute");

		assertThat(store.sql("SELECT count(*) FROM target WHERE name = ?").param(body.get("name"))
			.query(Long.class).single()).isZero();
	}

	@Test
	void storedRowsWithAPropertyNoLongerKnownStillRead() {
		TestPostgres.Database db = TestPostgres.newDatabase("unknown_props_stored");
		Map<String, Object> body = new HashMap<>(targetJson(db, "stored-extra"));
		String id = (String) as("operator").post().uri("/api/v1/targets?verifyConnection=false")
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		// as an older version might have written it
		store.sql("UPDATE target SET options = options || '{\"retiredOption\": true}' WHERE id = ?::uuid").param(id)
			.update();

		as("viewer").get().uri("/api/v1/targets/{id}", id).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.name").isEqualTo(body.get("name"));
	}

	private long countIgnoreRules() {
		return store.sql("SELECT count(*) FROM ignore_rule").query(Long.class).single();
	}
}

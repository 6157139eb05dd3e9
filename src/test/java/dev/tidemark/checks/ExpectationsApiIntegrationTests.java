package dev.tidemark.checks;

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
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectationsApiIntegrationTests extends ApiIntegrationTest {

	private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	@Autowired
	DataSource dataSource;

	private static final String CONTRACT = """
			extensions: [{name: pg_trgm}]
			tables:
			  - name: public.orders
			    columns: [{name: id, type: int8, nullable: false}, {name: note, type: varchar(10)}]
			    primaryKey: [id]
			""";

	@Test
	void aContractIsStoredAsYamlOrJsonAndReadBackInEither() {
		String targetId = register();
		String firstETag = as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(YAML)
			.body(CONTRACT)
			.exchange()
			.expectStatus().isOk()
			.returnResult(String.class).getResponseHeaders().getETag();
		assertThat(firstETag).matches("\"[0-9a-f]+\"");
		String yaml = as("viewer").get().uri("/api/v1/targets/{id}/contract", targetId).accept(YAML).exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("ETag", firstETag)
			.expectHeader().contentTypeCompatibleWith(YAML)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(yaml).contains("public.orders").contains("pg_trgm");
		as("viewer").get().uri("/api/v1/targets/{id}/contract", targetId).accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.tables[0].name").isEqualTo("public.orders")
			.jsonPath("$.tables[0].primaryKey[0]").isEqualTo("id");
		// the same document as JSON replaces it
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(MediaType.APPLICATION_JSON)
			.body("{\"tables\": [{\"name\": \"public.orders\", \"columns\": [{\"name\": \"id\"}]}]}")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().value("ETag", eTag -> assertThat(eTag).isNotEqualTo(firstETag));
	}

	@Test
	void aBrokenContractIsRefusedWithPathAndLineAndThePreviousOneStays() {
		String targetId = register();
		String storedETag = as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(YAML)
			.accept(MediaType.APPLICATION_JSON).body(CONTRACT)
			.exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getETag();

		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(YAML)
			.body("""
					tables:
					  - name: public.orders
					    colums: [{name: id}]
					""")
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/invalid-contract")
			.jsonPath("$.errors[0].line").isEqualTo(3)
			.jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("colums"));
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(YAML)
			.body("""
					tables:
					  - name: orders
					    foreignKeys:
					      - {columns: [a, b], references: {table: public.x, columns: [id]}, onDelete: EXPLODE}
					""")
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].path").value(paths -> assertThat(paths.toString())
				.contains("tables[0].name").contains("tables[0].foreignKeys[0]"));
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(YAML).body("tables: [")
			.exchange()
			.expectStatus().isBadRequest();

		as("viewer").get().uri("/api/v1/targets/{id}/contract", targetId).accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("ETag", storedETag)
			.expectBody().jsonPath("$.extensions[0].name").isEqualTo("pg_trgm");
	}

	@Test
	void referencesAndBaselinesMustNameSomethingThatExists() {
		String targetId = register();
		String other = register();
		as("operator").put().uri("/api/v1/targets/{id}/reference", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("targetId", UUID.randomUUID().toString()))
			.exchange()
			.expectStatus().isEqualTo(422)
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/invalid-reference");
		as("operator").put().uri("/api/v1/targets/{id}/reference", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("targetId", targetId))
			.exchange()
			.expectStatus().isEqualTo(422);
		as("operator").put().uri("/api/v1/targets/{id}/reference", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of())
			.exchange()
			.expectStatus().isEqualTo(422);
		as("operator").put().uri("/api/v1/targets/{id}/reference", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("targetId", other))
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.targetId").isEqualTo(other);
		as("viewer").get().uri("/api/v1/targets/{id}/reference", targetId).exchange()
			.expectStatus().isOk();

		as("operator").put().uri("/api/v1/targets/{id}/baseline", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of()).exchange()
			.expectStatus().isEqualTo(422)
			.expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("no snapshot"));
		as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange().expectStatus().isCreated();
		as("operator").put().uri("/api/v1/targets/{id}/baseline", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of()).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.acceptedBy").isEqualTo("operator");
		as("operator").put().uri("/api/v1/targets/{id}/reference", other).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("snapshotId", UUID.randomUUID().toString()))
			.exchange()
			.expectStatus().isEqualTo(422);
	}

	@Test
	void removingAnExpectationAnswers204ThenItIsGoneAndAnAbsentOneIsAProblem() {
		String targetId = register();
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(YAML).body(CONTRACT)
			.exchange().expectStatus().isOk();
		as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange().expectStatus().isCreated();
		as("operator").put().uri("/api/v1/targets/{id}/baseline", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of()).exchange().expectStatus().isOk();
		for (String kind : List.of("contract", "baseline")) {
			as("operator").delete().uri("/api/v1/targets/{id}/" + kind, targetId).exchange()
				.expectStatus().isNoContent();
		}
		for (String kind : List.of("contract", "reference", "baseline")) {
			as("viewer").get().uri("/api/v1/targets/{id}/" + kind, targetId).exchange()
				.expectStatus().isNotFound()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/not-found")
				.jsonPath("$.detail").isEqualTo("Target " + targetId + " has no " + kind);
			as("operator").delete().uri("/api/v1/targets/{id}/" + kind, targetId).exchange()
				.expectStatus().isNotFound()
				.expectBody()
				.jsonPath("$.detail").isEqualTo("Target " + targetId + " has no " + kind);
		}
	}

	@Test
	void generatingAContractDraftsItFromTheLatestSnapshot() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("gen_contract");
		FindingsApiIntegrationTests.execute(db, "CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL)");
		String targetId = register(db);
		as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange().expectStatus().isCreated();
		Map<?, ?> draft = as("operator").post().uri("/api/v1/targets/{id}/contract/generate", targetId)
			.accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		Map<?, ?> invoices = (Map<?, ?>) ((List<?>) draft.get("tables")).get(0);
		assertThat(invoices.get("name")).isEqualTo("public.invoices");
		assertThat(invoices.get("primaryKey")).isEqualTo(List.of("id"));
	}

	@Test
	void ofTwoConcurrentContractWritesWithOneETagTheFirstWinsAndTheSecondFailsItsPrecondition() throws Exception {
		String targetId = register();
		String eTag = as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(YAML)
			.body(CONTRACT).exchange().expectStatus().isOk()
			.returnResult(String.class).getResponseHeaders().getETag();

		// both wait on the target's settings lock; each checks its If-Match after taking it
		List<EntityExchangeResult<String>> results = ConcurrentWriters.race(dataSource,
				"SELECT 1 FROM target WHERE id = '" + targetId + "' FOR UPDATE",
				List.of(() -> putContract(targetId, eTag, "first"), () -> putContract(targetId, eTag, "second")));

		assertThat(results.get(0).getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(results.get(1).getStatus()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
		assertThat(results.get(1).getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		as("viewer").get().uri("/api/v1/targets/{id}/contract", targetId).accept(MediaType.APPLICATION_JSON)
			.exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.tables[0].name").isEqualTo("public.first");
	}

	private EntityExchangeResult<String> putContract(String targetId, String ifMatch, String table) {
		return as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(YAML)
			.header("If-Match", ifMatch).body("tables: [{name: public." + table + ", columns: [{name: id}]}]\n")
			.exchange().expectBody(String.class).returnResult();
	}

	private String register() {
		return register(TestPostgres.newDatabase("expectations"));
	}

	private String register(TestPostgres.Database db) {
		return (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(targetJson(db, "expect")).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
	}
}

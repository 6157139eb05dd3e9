package dev.tidemark.inspection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class ScansApiIntegrationTests extends ApiIntegrationTest {

	@Test
	void aScanTakesASnapshotThatTheSchemaEndpointReturnsWithHostileNamesIntact() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("scan_api");
		execute(db, """
				CREATE SCHEMA "Mixed Case";
				CREATE TABLE "Mixed Case"."we""ird täble" (id bigint PRIMARY KEY, "select" text NOT NULL DEFAULT 'x');
				""");
		String targetId = register(db, Map.of());
		Map<?, ?> scan = scanTarget(targetId);
		assertThat(scan.get("status")).isEqualTo("SUCCEEDED");
		assertThat(scan.get("snapshotId")).isNotNull();
		assertThat(scan.get("durationMs")).isNotNull();

		as("viewer").get().uri("/api/v1/targets/{id}/schema", targetId).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.id").isEqualTo(scan.get("snapshotId"))
			.jsonPath("$.catalog.tables[0].schema").isEqualTo("Mixed Case")
			.jsonPath("$.catalog.tables[0].name").isEqualTo("we\"ird täble")
			.jsonPath("$.catalog.tables[0].columns[1].name").isEqualTo("select")
			.jsonPath("$.catalog.tables[0].columns[1].type").isEqualTo("text")
			.jsonPath("$.catalog.tables[0].columns[1].nullable").isEqualTo(false)
			.jsonPath("$.catalog.constraints[0].type").isEqualTo("PRIMARY_KEY")
			.jsonPath("$.catalog.indexes[0].unique").isEqualTo(true);
		as("viewer").get().uri("/api/v1/snapshots/{id}", scan.get("snapshotId")).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.targetId").isEqualTo(targetId);
		as("viewer").get().uri("/api/v1/scans/{id}", scan.get("id")).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("SUCCEEDED");
	}

	@Test
	void anUnreachableTargetGivesAFailedScanWithTheReasonNotAnError() {
		Map<String, Object> body = new HashMap<>(targetJson(TestPostgres.newDatabase("scan_gone"), "gone"));
		body.put("jdbcUrl", "jdbc:postgresql://127.0.0.1:1/gone");
		String targetId = (String) as("operator").post().uri("/api/v1/targets?verifyConnection=false")
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		Map<?, ?> scan = scanTarget(targetId);
		assertThat(scan.get("status")).isEqualTo("FAILED");
		assertThat(scan.get("snapshotId")).isNull();
		assertThat(((Map<?, ?>) scan.get("error")).get("code")).isEqualTo("target-unreachable");
		as("viewer").get().uri("/api/v1/targets/{id}/scans", targetId).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.items[0].status").isEqualTo("FAILED");
		as("viewer").get().uri("/api/v1/targets/{id}/schema", targetId).exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/snapshot-not-found");
	}

	@Test
	void driftListsWhatChangedBetweenTwoScansAndAnUnchangedSchemaReusesItsSnapshot() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("scan_drift");
		execute(db, "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12,2))");
		String targetId = register(db, Map.of());
		Map<?, ?> first = scanTarget(targetId);
		assertThat(scanTarget(targetId).get("snapshotId")).isEqualTo(first.get("snapshotId"));

		execute(db, """
				ALTER TABLE orders ADD COLUMN note text;
				CREATE INDEX orders_total_idx ON orders (total);
				""");
		Map<?, ?> second = scanTarget(targetId);
		assertThat(second.get("snapshotId")).isNotEqualTo(first.get("snapshotId"));

		as("viewer").get()
			.uri("/api/v1/targets/{id}/drift?from={from}&to={to}", targetId, first.get("snapshotId"),
					second.get("snapshotId"))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.identical").isEqualTo(false)
			.jsonPath("$.kinds[?(@.kind == 'tables')].changed[0].key").isEqualTo("public.orders")
			.jsonPath("$.kinds[?(@.kind == 'tables')].changed[0].fields[0]").isEqualTo("columns")
			.jsonPath("$.kinds[?(@.kind == 'indexes')].added[0].key").isEqualTo("public.orders_total_idx");
		// defaults: to = latest, from = the one before it
		as("viewer").get().uri("/api/v1/targets/{id}/drift", targetId).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.fromSnapshotId").isEqualTo(first.get("snapshotId"));
	}

	@Test
	void excludedSchemasAreLeftOutOfTheSnapshot() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("scan_filter");
		execute(db, """
				CREATE SCHEMA audit;
				CREATE TABLE audit.events (id bigint PRIMARY KEY);
				CREATE TABLE public.kept (id bigint PRIMARY KEY);
				""");
		String targetId = register(db, Map.of("includeSchemas", List.of(), "excludeSchemas", List.of("audit"),
				"poolSize", 1, "statementTimeoutMs", 30000, "lockTimeoutMs", 1000, "connectTimeoutMs", 5000));
		scanTarget(targetId);
		as("viewer").get().uri("/api/v1/targets/{id}/schema", targetId).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.catalog.tables[*].name").value(names -> assertThat(names.toString()).contains("kept")
				.doesNotContain("events"));
	}

	@Test
	void aTargetWithPoolSizeOneServesConcurrentScansOneAtATime() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("scan_pool");
		execute(db, "CREATE TABLE t (id bigint PRIMARY KEY)");
		String targetId = register(db, Map.of("includeSchemas", List.of(), "excludeSchemas", List.of(), "poolSize", 1,
				"statementTimeoutMs", 30000, "lockTimeoutMs", 1000, "connectTimeoutMs", 30000));
		List<CompletableFuture<Map<?, ?>>> scans = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			scans.add(CompletableFuture.supplyAsync(() -> scanTarget(targetId)));
		}
		for (CompletableFuture<Map<?, ?>> scan : scans) {
			assertThat(scan.get().get("status")).isEqualTo("SUCCEEDED");
		}
	}

	private String register(TestPostgres.Database db, Map<String, Object> options) {
		Map<String, Object> body = new HashMap<>(targetJson(db, "scan"));
		if (!options.isEmpty()) {
			body.put("options", options);
		}
		return (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
	}

	private static void execute(TestPostgres.Database db, String sql) throws Exception {
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
				Statement st = c.createStatement()) {
			st.execute(sql);
		}
	}
}

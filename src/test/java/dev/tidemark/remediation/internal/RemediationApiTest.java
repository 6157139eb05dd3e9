package dev.tidemark.remediation.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario 5 on a fresh target, and the remediation API as its tests call it. */
abstract class RemediationApiTest extends ApiIntegrationTest {

	/**
	 * Threads for calls that block (a statement waiting on a lock, an execution): never the common pool, which has
	 * one thread on a 2-core machine and is what the HTTP client completes its responses on.
	 */
	protected static final Executor BLOCKING = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "test-blocking");
		t.setDaemon(true);
		return t;
	});

	@Autowired
	protected JdbcClient store;

	record Scenario(TestPostgres.Database db, String targetId, Map<String, String> findings) {
		List<String> findingIds() {
			return List.copyOf(findings.values());
		}

		String finding(String ruleId, String object) {
			return findings.entrySet().stream().filter(e -> e.getKey().startsWith(ruleId + " ") && e.getKey().contains(object))
				.findFirst().orElseThrow(() -> new AssertionError(ruleId + " " + object + " not in " + findings.keySet()))
				.getValue();
		}
	}

	protected Scenario scenario5(String labelKey, String labelValue) throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("remedy_word_game");
		try (Connection c = connect(db)) {
			SqlScript.run(c, resource("scenarios/word-game/drifted.sql"));
		}
		String targetId = register(db, Map.of(labelKey, labelValue));
		putContract(targetId, "word-game");
		scan(targetId);
		Map<String, String> findings = new HashMap<>();
		for (Object item : (List<?>) get("/api/v1/findings?targetId=" + targetId + "&status=OPEN&size=500").get("items")) {
			Map<?, ?> f = (Map<?, ?>) item;
			findings.put(f.get("ruleId") + " " + f.get("objectText"), (String) f.get("id"));
		}
		return new Scenario(db, targetId, findings);
	}

	protected List<String> findingIds(String targetId, String ruleId) {
		return ((List<?>) get("/api/v1/findings?targetId=" + targetId + "&ruleId=" + ruleId).get("items")).stream()
			.map(f -> (String) ((Map<?, ?>) f).get("id"))
			.toList();
	}

	protected String register(TestPostgres.Database db, Map<String, String> labels) {
		Map<String, Object> body = new HashMap<>(targetJson(db, "remedy"));
		body.put("labels", labels);
		return (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body(body)
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
	}

	protected void putContract(String targetId, String scenario) throws Exception {
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId)
			.contentType(MediaType.parseMediaType("application/yaml"))
			.body(resource("scenarios/" + scenario + "/contract.yaml"))
			.exchange()
			.expectStatus().isOk();
	}

	protected void scan(String targetId) {
		as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange().expectStatus().isCreated();
	}

	protected Map<?, ?> propose(List<String> findingIds, String user) {
		return as(user).post().uri("/api/v1/remediations").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("findingIds", findingIds)).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

	protected org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec decide(String id, String user,
			String kind, String comment, String externalRef) {
		Map<String, Object> body = new HashMap<>();
		body.put("comment", comment);
		if (externalRef != null) {
			body.put("externalRef", externalRef);
		}
		return as(user).post().uri("/api/v1/remediations/{id}/" + kind, id).contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange();
	}

	protected Map<?, ?> execute(String id, String user) {
		return as(user).post().uri("/api/v1/remediations/{id}/executions", id).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

	protected void execute409(String id) {
		as("operator").post().uri("/api/v1/remediations/{id}/executions", id).exchange()
			.expectStatus().isEqualTo(409)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	protected Map<?, ?> get(String uri) {
		return as("viewer").get().uri(uri).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

	protected static Connection connect(TestPostgres.Database db) throws Exception {
		return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
	}

	protected static long count(Connection c, String sql) throws Exception {
		try (ResultSet rs = c.createStatement().executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	protected static String resource(String path) throws Exception {
		try (var in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
	}

	/** Executes as operator: the execution succeeds and the verification scan finds the findings gone. */
	protected void executeToVerified(String id) {
		assertThat(execute(id, "operator").get("status")).isEqualTo("SUCCEEDED");
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("VERIFIED");
	}

	/** Waits for a state, polling; the deadline only bounds a failure, it is never the thing being waited for. */
	protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Timed out waiting for " + what);
			}
			Thread.sleep(20);
		}
	}
}

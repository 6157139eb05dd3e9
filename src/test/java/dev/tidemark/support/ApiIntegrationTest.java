package dev.tidemark.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Base of the HTTP-level tests: the whole service on a random port, its store on a real PostgreSQL database of its
 * own (see {@link TestPostgres}), and one user per role. Subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestRulesConfiguration.class)
public abstract class ApiIntegrationTest {

	public static final String PASSWORD = "test-password";

	private static final TestPostgres.Database STORE = TestPostgres.newDatabase("tidemark_store");

	static {
		// System properties, not @DynamicPropertySource: the embedded default is decided by an environment
		// post-processor, before dynamic properties exist; it must see that a store is configured.
		System.setProperty("tidemark.store.url", STORE.jdbcUrl());
		System.setProperty("tidemark.store.username", STORE.username());
		System.setProperty("tidemark.store.password", STORE.password());
	}

	@LocalServerPort
	protected int port;

	protected RestTestClient http;

	@DynamicPropertySource
	static void store(DynamicPropertyRegistry registry) {
		// Targets labelled env=prod need two approvals whatever the risk.
		registry.add("tidemark.remediation.approvals-by-label[env=prod].LOW", () -> "2");
		registry.add("tidemark.remediation.approvals-by-label[env=prod].MEDIUM", () -> "2");
		// Tests drive the scheduler themselves.
		registry.add("tidemark.checks.schedule-initial-delay", () -> "24h");
		registry.add("tidemark.secret-key", () -> Base64.getEncoder().encodeToString(new byte[32]));
		for (Map.Entry<String, String> user : Map.of("admin", "ADMIN", "admin2", "ADMIN", "operator", "OPERATOR",
				"approver", "APPROVER", "approver2", "APPROVER", "viewer", "VIEWER").entrySet()) {
			registry.add("tidemark.security.users." + user.getKey() + ".password", () -> "{noop}" + PASSWORD);
			registry.add("tidemark.security.users." + user.getKey() + ".roles", user::getValue);
		}
	}

	@BeforeEach
	void client() {
		http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	/** A client that sends HTTP Basic for {@code user}. */
	protected RestTestClient as(String user) {
		return RestTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.defaultHeader(HttpHeaders.AUTHORIZATION,
					"Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes()))
			.build();
	}

	/** A client that sends {@code Authorization: Bearer <token>}. */
	protected RestTestClient withToken(String token) {
		return RestTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.build();
	}

	/**
	 * A client that connects from {@code localAddress} (any of 127.0.0.0/8, which all reach the server on Linux), so a
	 * test can be a client address of its own: the server sees it as the request's remote address.
	 */
	protected RestTestClient from(String localAddress) {
		try {
			HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(localAddress)).build();
			return RestTestClient.bindToServer(new JdkClientHttpRequestFactory(client))
				.baseUrl("http://127.0.0.1:" + port)
				.build();
		}
		catch (UnknownHostException e) {
			throw new IllegalArgumentException(localAddress, e);
		}
	}

	/** The {@code Authorization} header value for HTTP Basic. */
	protected static String basicHeader(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** A target definition for a database on the test server, with a unique name. */
	protected static Map<String, Object> targetJson(TestPostgres.Database db, String namePrefix) {
		return Map.of("name", namePrefix + "-" + UUID.randomUUID().toString().substring(0, 8), "jdbcUrl", db.jdbcUrl(),
				"username", db.username(), "password", db.password().isEmpty() ? "unused-by-trust-auth" : db.password(),
				"labels", Map.of("env", "test"));
	}

	/** Registers the database as a target, as the operator; the new target's id. */
	protected String registerTarget(TestPostgres.Database db, String namePrefix) {
		return (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(targetJson(db, namePrefix)).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
	}

	/** Scans the target, as the operator; the Scan resource. */
	protected Map<?, ?> scanTarget(String targetId) {
		return as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

	/**
	 * Approves a proposed remediation as many times as it requires (by different people), executes it as the
	 * operator and returns the execution, after checking it SUCCEEDED.
	 */
	protected Map<?, ?> approveAndExecute(String remediationId, int requiredApprovals, String comment) {
		List<String> approvers = List.of("approver", "approver2", "admin");
		for (int i = 0; i < requiredApprovals; i++) {
			as(approvers.get(i)).post().uri("/api/v1/remediations/{id}/approvals", remediationId)
				.contentType(MediaType.APPLICATION_JSON).body(Map.of("comment", comment)).exchange()
				.expectStatus().isOk();
		}
		Map<?, ?> execution = as("operator").post().uri("/api/v1/remediations/{id}/executions", remediationId)
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		org.assertj.core.api.Assertions.assertThat(execution.get("status"))
			.as("execution of " + remediationId + ": " + execution).isEqualTo("SUCCEEDED");
		return execution;
	}
}

package dev.tidemark.web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.tidemark.audit.internal.FailedLoginAggregator;
import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text PostgreSQL cannot hold (U+0000, an unpaired surrogate) in any string of any JSON or YAML body, in a query
 * parameter or in a Basic user name is a 4xx problem, never a 500, and nothing is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnstorableTextIntegrationTests extends ApiIntegrationTest {

	private static final TestPostgres.Database TARGET_DB = TestPostgres.newDatabase("unstorable");

	/** Stands in for the bad character while a body is built; replaced by its JSON or YAML escape. */
	private static final String MARK = "@@BAD@@";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient store;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private String targetId;

	/** One endpoint that reads a body, with a valid body whose string fields get the bad character in turn. */
	record Endpoint(String method, String path, String pattern, Map<String, Object> validBody) {
	}

	@BeforeAll
	void registerATarget() {
		http = as("admin");
		Map<?, ?> target = as("admin").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(targetJson(TARGET_DB, "unstorable")).exchange()
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
		targetId = (String) target.get("id");
	}

	private List<Endpoint> jsonEndpoints() {
		String someId = UUID.randomUUID().toString();
		Map<String, Object> target = new HashMap<>(targetJson(TARGET_DB, "x"));
		target.put("remediationUsername", "ddl");
		target.put("remediationPassword", "secret");
		target.put("options", Map.of("includeSchemas", List.of("public"), "excludeSchemas", List.of("audit")));
		Map<String, Object> ignoreRule = Map.of("ruleId", "reference-extra", "objectPattern", "public.tmp_*", "objectKind",
				"table", "reason", "created at run time");
		Map<String, Object> webhook = Map.of("url", "https://hooks.example.com/a", "events", List.of("finding.opened"),
				"labels", Map.of("env", "prod"), "secret", "a-signing-secret-of-length", "format", "slack");
		return List.of(
				new Endpoint("POST", "/api/v1/targets", "/api/v1/targets", target),
				new Endpoint("PUT", "/api/v1/targets/" + targetId, "/api/v1/targets/{targetId}", target),
				new Endpoint("PUT", "/api/v1/targets/" + targetId + "/reference", "/api/v1/targets/{targetId}/reference",
						Map.of("targetId", someId)),
				new Endpoint("PUT", "/api/v1/targets/" + targetId + "/reference", "/api/v1/targets/{targetId}/reference",
						Map.of("snapshotId", someId)),
				new Endpoint("PUT", "/api/v1/targets/" + targetId + "/baseline", "/api/v1/targets/{targetId}/baseline",
						Map.of("snapshotId", someId)),
				new Endpoint("POST", "/api/v1/findings/" + someId + "/suppression",
						"/api/v1/findings/{findingId}/suppression",
						Map.of("reason", "known", "until", "2099-01-01T00:00:00Z")),
				new Endpoint("POST", "/api/v1/remediations", "/api/v1/remediations", Map.of("findingIds", List.of(someId))),
				new Endpoint("POST", "/api/v1/remediations/" + someId + "/approvals",
						"/api/v1/remediations/{remediationId}/approvals", Map.of("comment", "ok", "externalRef", "CHG-1")),
				new Endpoint("POST", "/api/v1/remediations/" + someId + "/rejections",
						"/api/v1/remediations/{remediationId}/rejections", Map.of("comment", "no", "externalRef", "CHG-2")),
				new Endpoint("POST", "/api/v1/remediations/" + someId + "/rollback-approvals",
						"/api/v1/remediations/{remediationId}/rollback-approvals",
						Map.of("comment", "undo", "externalRef", "CHG-3")),
				new Endpoint("POST", "/api/v1/api-tokens", "/api/v1/api-tokens",
						Map.of("name", "ci", "roles", List.of("VIEWER"), "expiresAt", "2099-01-01T00:00:00Z")),
				new Endpoint("POST", "/api/v1/ignore-rules", "/api/v1/ignore-rules", ignoreRule),
				new Endpoint("POST", "/api/v1/targets/" + targetId + "/ignore-rules",
						"/api/v1/targets/{targetId}/ignore-rules", ignoreRule),
				new Endpoint("PUT", "/api/v1/ignore-rules/" + someId, "/api/v1/ignore-rules/{ignoreRuleId}", ignoreRule),
				new Endpoint("POST", "/api/v1/webhooks", "/api/v1/webhooks", webhook),
				new Endpoint("PATCH", "/api/v1/webhooks/" + someId, "/api/v1/webhooks/{webhookId}",
						Map.of("url", "https://hooks.example.com/b", "events", List.of("scan.failed"), "secret",
								"another-signing-secret")));
	}

	@Test
	void theEndpointsCoveredAreAllThatReadABody() {
		Set<String> reading = new TreeSet<>();
		mappings.getHandlerMethods().forEach((info, method) -> {
			boolean readsBody = Stream.of(method.getMethodParameters())
				.anyMatch(p -> p.hasParameterAnnotation(RequestBody.class));
			if (readsBody) {
				info.getMethodsCondition().getMethods().forEach(m -> info.getPatternValues()
					.forEach(pattern -> reading.add(m.name() + " " + pattern)));
			}
		});
		Set<String> covered = new TreeSet<>();
		jsonEndpoints().forEach(e -> covered.add(e.method() + " " + e.pattern()));
		covered.add("PUT /api/v1/targets/{targetId}/contract");
		assertThat(covered).as("a new endpoint reads a body: add it to this test").isEqualTo(reading);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\\u0000", "\\ud800", "x\\udc00y" })
	void everyStringOfEveryJsonBodyIsRefusedWithAProblemNamingIt(String escape) {
		Map<String, Long> before = counts();
		for (Endpoint endpoint : jsonEndpoints()) {
			JsonNode valid = JSON.valueToTree(endpoint.validBody());
			for (String path : stringPaths(valid, "")) {
				JsonNode bad = valid.deepCopy();
				poison(bad, path);
				String body = JSON.writeValueAsString(bad).replace(MARK, escape);
				String described = endpoint.method() + " " + endpoint.pattern() + " " + path + " " + escape;
				expectProblem(send(endpoint.method(), endpoint.path(), MediaType.APPLICATION_JSON, body), described,
						400);
			}
			// a map key too
			if (endpoint.pattern().equals("/api/v1/targets")) {
				String body = JSON.writeValueAsString(endpoint.validBody())
					.replace("\"env\"", "\"e" + escape + "nv\"");
				expectProblem(send(endpoint.method(), endpoint.path(), MediaType.APPLICATION_JSON, body),
						"label key " + escape, 400);
			}
		}
		assertThat(counts()).as("nothing was stored").isEqualTo(before);
	}

	@Test
	void aStringFieldNamesItsPathInTheValidationProblem() {
		Map<String, Object> target = new HashMap<>(targetJson(TARGET_DB, "named"));
		String body = JSON.writeValueAsString(target).replace("\"test\"", "\"te\\u0000st\"");
		as("admin").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/validation-error")
			.jsonPath("$.errors[0].field").isEqualTo("labels.env")
			.jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("U+0000"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\\0", "\\x00", "\\uD800" })
	void everyStringOfAYamlOrJsonContractIsRefusedWithItsPath(String yamlEscape) throws Exception {
		JsonNode contract = JSON.readTree(Files.readString(Path.of("src/test/resources/fixtures/contract/issue-example.json"),
				StandardCharsets.UTF_8));
		YAMLMapper yaml = YAMLMapper.builder().build();
		String jsonEscape = yamlEscape.equals("\\uD800") ? "\\ud800" : "\\u0000";
		List<String> paths = stringPaths(contract, "");
		assertThat(paths).hasSizeGreaterThan(20);
		for (String path : paths) {
			JsonNode bad = contract.deepCopy();
			poison(bad, path);
			// the YAML writer double-quotes every string, so the mark sits inside a double-quoted scalar
			String yamlBody = yaml.writeValueAsString(bad).replace(MARK, yamlEscape);
			assertThat(yamlBody).contains(yamlEscape);
			expectProblem(send("PUT", "/api/v1/targets/" + targetId + "/contract", MediaType.parseMediaType("application/yaml"),
					yamlBody), "YAML " + path, 400)
				.jsonPath("$.errors[0].path").isEqualTo(path);
			expectProblem(send("PUT", "/api/v1/targets/" + targetId + "/contract", MediaType.APPLICATION_JSON,
					JSON.writeValueAsString(bad).replace(MARK, jsonEscape)), "JSON " + path, 400)
				.jsonPath("$.errors[0].path").isEqualTo(path);
		}
		// a raw NUL in a comment: the document is stored as sent
		expectProblem(send("PUT", "/api/v1/targets/" + targetId + "/contract", MediaType.parseMediaType("application/yaml"),
				"# note \u0000\ntables: []\n"), "raw NUL", 400);
		assertThat(store.sql("SELECT count(*) FROM target_contract WHERE target_id = ?::uuid").param(targetId)
			.query(Long.class).single()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/findings?object=a%00b", "/api/v1/findings?ruleId=a%00b",
			"/api/v1/audit-events?actor=a%00b", "/api/v1/audit-events?action=a%00b", "/api/v1/targets?label=env:a%00b",
			"/api/v1/findings?sort=a%00b" })
	void aQueryParameterIsRefusedNamingIt(String uri) {
		String parameter = uri.substring(uri.indexOf('?') + 1, uri.indexOf('='));
		as("admin").get().uri(java.net.URI.create("http://localhost:" + port + uri)).exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/validation-error")
			.jsonPath("$.errors[0].field").isEqualTo(parameter)
			.jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("U+0000"));
	}

	@Test
	void aParameterNameWithNulIsAProblemNotAServerError() {
		as("admin").get().uri(java.net.URI.create("http://localhost:" + port + "/api/v1/targets?x%00y=1")).exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void aPathVariableWithNulIsAClientError() {
		int status = as("admin").get().uri(java.net.URI.create("http://localhost:" + port + "/api/v1/targets/a%00b"))
			.exchange().returnResult(String.class).getStatus().value();
		assertThat(status).isBetween(400, 499);
	}

	@Autowired
	FailedLoginAggregator failedLogins;

	@Test
	void aBasicUserNameWithNulIsRefusedAndAuditedWithoutFailing() {
		failedLogins.flush();
		long before = store.sql("SELECT count(*) FROM audit_event WHERE action = 'login.failed'").query(Long.class).single();
		http.get().uri("/api/v1/targets")
			.header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
				.encodeToString("ad\u0000min:nope".getBytes(StandardCharsets.UTF_8)))
			.exchange()
			.expectStatus().isUnauthorized();
		failedLogins.flush(); // failed logins are written per name, address and window
		assertThat(store.sql("SELECT count(*) FROM audit_event WHERE action = 'login.failed' AND actor = 'ad\uFFFDmin'")
			.query(Long.class).single()).isEqualTo(1);
		assertThat(store.sql("SELECT count(*) FROM audit_event WHERE action = 'login.failed'").query(Long.class).single())
			.isEqualTo(before + 1);
	}

	private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec send(String method, String path,
			MediaType contentType, String body) {
		return as("admin").method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.contentType(contentType)
			.body(body.getBytes(StandardCharsets.UTF_8))
			.exchange();
	}

	private static org.springframework.test.web.servlet.client.RestTestClient.BodyContentSpec expectProblem(
			org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec response, String described,
			int status) {
		return response.expectStatus().value(s -> assertThat(s).as(described).isEqualTo(status))
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody();
	}

	private Map<String, Long> counts() {
		Map<String, Long> counts = new HashMap<>();
		for (String table : List.of("target", "target_contract", "target_reference", "target_baseline", "api_token",
				"remediation", "idempotency_key", "audit_event", "ignore_rule", "webhook_subscription")) {
			counts.put(table, store.sql("SELECT count(*) FROM " + table).query(Long.class).single());
		}
		counts.put("suppressed", store.sql("SELECT count(*) FROM finding WHERE status = 'SUPPRESSED'")
			.query(Long.class).single());
		return counts;
	}

	/** Paths of every string leaf, as the validation errors name them: {@code options.includeSchemas[0]}. */
	private static List<String> stringPaths(JsonNode node, String prefix) {
		List<String> paths = new ArrayList<>();
		if (node instanceof ObjectNode object) {
			object.properties().forEach(e -> paths.addAll(stringPaths(e.getValue(),
					prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey())));
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				paths.addAll(stringPaths(array.get(i), prefix + "[" + i + "]"));
			}
		}
		else if (node.isString()) {
			paths.add(prefix);
		}
		return paths;
	}

	/** Puts {@link #MARK} into the middle of the string at {@code path}. */
	private static void poison(JsonNode root, String path) {
		List<Object> steps = new ArrayList<>();
		for (String part : path.split("\\.")) {
			int bracket = part.indexOf('[');
			String name = bracket < 0 ? part : part.substring(0, bracket);
			if (!name.isEmpty()) {
				steps.add(name);
			}
			for (int i = bracket; i >= 0; i = part.indexOf('[', i + 1)) {
				steps.add(Integer.parseInt(part.substring(i + 1, part.indexOf(']', i))));
			}
		}
		JsonNode parent = root;
		for (int i = 0; i < steps.size() - 1; i++) {
			Object step = steps.get(i);
			parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
		}
		Object last = steps.get(steps.size() - 1);
		Consumer<String> set;
		String current;
		if (last instanceof Integer index) {
			ArrayNode array = (ArrayNode) parent;
			current = array.get(index).asString();
			set = v -> array.set(index, v);
		}
		else {
			ObjectNode object = (ObjectNode) parent;
			current = object.get((String) last).asString();
			set = v -> object.put((String) last, v);
		}
		int middle = current.length() / 2;
		set.accept(current.substring(0, middle) + MARK + current.substring(middle));
	}
}

package dev.tidemark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.tidemark.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed API contract ({@code openapi/openapi.yaml}) must equal what the service serves. Compared as
 * parsed trees, so key order does not matter. To accept an API change, regenerate the file with
 * {@code ./mvnw test -Dtest=OpenApiContractTests -Dopenapi.write=true} and commit the diff.
 */
class OpenApiContractTests extends ApiIntegrationTest {

	private static final Path CONTRACT = Path.of("openapi/openapi.yaml");

	@Test
	void servedDocumentMatchesTheCommittedContract() throws Exception {
		// The JSON form is the same document; springdoc's YAML rendering has characters SnakeYAML refuses.
		String served = http.get().uri("/v3/api-docs").exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		YAMLMapper yaml = YAMLMapper.builder().build();
		JsonNode servedTree = normalized(JsonMapper.builder().build().readTree(served));
		if (Boolean.getBoolean("openapi.write")) {
			Files.createDirectories(CONTRACT.getParent());
			Files.writeString(CONTRACT, yaml.writerWithDefaultPrettyPrinter().writeValueAsString(servedTree),
					StandardCharsets.UTF_8);
		}
		assertThat(Files.exists(CONTRACT)).as("openapi/openapi.yaml is missing; run ./mvnw test "
				+ "-Dtest=OpenApiContractTests -Dopenapi.write=true").isTrue();
		JsonNode committed = yaml.readTree(Files.readString(CONTRACT, StandardCharsets.UTF_8));
		assertThat(servedTree)
			.as("The served API differs from openapi/openapi.yaml. If the change is intended, regenerate it with: "
					+ "./mvnw test -Dtest=OpenApiContractTests -Dopenapi.write=true")
			.isEqualTo(committed);
	}

	/**
	 * The document declares its server as {@code /}, the instance serving it; were it ever computed from the request
	 * it would carry the random test port, which is not part of the contract.
	 */
	private static JsonNode normalized(JsonNode tree) {
		if (tree instanceof tools.jackson.databind.node.ObjectNode object && object.path("servers").toString()
			.contains("localhost")) {
			object.remove("servers");
		}
		return tree;
	}

	/**
	 * {@code x-required-role} is what the service enforces: the roles below it are refused (403) before the operation
	 * runs, and the role itself is let through (neither 401 nor 403). Path parameters are random UUIDs, so nothing
	 * stored is touched: the operations answer 404, or 400 for a missing body.
	 */
	@Test
	void everyOperationRefusesTheRolesBelowTheOneItDeclaresAndAdmitsItsOwn() throws Exception {
		java.util.Map<String, java.util.List<String>> below = java.util.Map.of("ADMIN",
				java.util.List.of("viewer", "operator", "approver"), "OPERATOR", java.util.List.of("viewer", "approver"),
				"APPROVER", java.util.List.of("viewer", "operator"), "VIEWER", java.util.List.of());
		java.util.Map<String, String> holder = java.util.Map.of("ADMIN", "admin", "OPERATOR", "operator", "APPROVER",
				"approver", "VIEWER", "viewer");
		java.util.List<String> wrong = new java.util.ArrayList<>();
		java.util.concurrent.atomic.AtomicInteger checked = new java.util.concurrent.atomic.AtomicInteger();
		yamlContract().path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
			if (!op.getValue().has("x-required-role")) {
				return;
			}
			checked.incrementAndGet();
			String role = op.getValue().path("x-required-role").asString();
			String uri = path.getKey().replaceAll("\\{[^}]+}", java.util.UUID.randomUUID().toString());
			org.springframework.http.HttpMethod method = org.springframework.http.HttpMethod
				.valueOf(op.getKey().toUpperCase(java.util.Locale.ROOT));
			String operation = method + " " + path.getKey() + " (declares " + role + ")";
			for (String user : below.get(role)) {
				int status = status(user, method, uri);
				if (status != 403) {
					wrong.add(operation + " as " + user + ": " + status);
				}
			}
			int own = status(holder.get(role), method, uri);
			if (own == 401 || own == 403) {
				wrong.add(operation + " as " + holder.get(role) + ": " + own);
			}
		}));
		assertThat(checked.get()).as("operations checked").isGreaterThanOrEqualTo(50);
		assertThat(wrong).isEmpty();
	}

	private int status(String user, org.springframework.http.HttpMethod method, String uri) {
		return as(user).method(method).uri(uri).exchange().expectBody(String.class).returnResult().getStatus().value();
	}

	/** What a client generator needs of every operation and schema, so no new one slips in without it. */
	@Test
	void everyOperationAndSchemaIsDocumented() throws Exception {
		JsonNode doc = yamlContract();
		java.util.List<String> missing = new java.util.ArrayList<>();
		doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
			String where = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
			JsonNode operation = op.getValue();
			if (!operation.path("x-required-role").isString()) {
				missing.add(where + ": x-required-role");
			}
			if (!operation.path("description").asString("").contains("Requires role")) {
				missing.add(where + ": role in description");
			}
			for (String status : java.util.List.of("401", "403", "429")) {
				if (!operation.path("responses").has(status)) {
					missing.add(where + ": " + status);
				}
			}
			if (path.getKey().contains("{") && !operation.path("responses").has("404")) {
				missing.add(where + ": 404");
			}
			operation.path("responses").properties().forEach(response -> {
				if (response.getKey().equals("201") && !response.getValue().path("headers").has("Location")) {
					missing.add(where + ": Location header of 201");
				}
				if (!response.getValue().has("$ref") && !response.getValue().path("headers").has("X-Request-Id")) {
					missing.add(where + ": X-Request-Id header of " + response.getKey());
				}
			});
		}));
		// RequestIdFilter echoes the request id on every response, the shared error responses included
		doc.path("components").path("responses").properties().forEach(response -> {
			if (!response.getValue().path("headers").has("X-Request-Id")) {
				missing.add("response " + response.getKey() + ": X-Request-Id header");
			}
		});
		doc.path("components").path("schemas").properties().forEach(schema -> {
			if (schema.getValue().path("description").asString("").isBlank()) {
				missing.add("schema " + schema.getKey() + ": description");
			}
		});
		assertThat(missing).as("Undocumented parts of openapi/openapi.yaml").isEmpty();
	}

	private static JsonNode yamlContract() throws Exception {
		return YAMLMapper.builder().build().readTree(Files.readString(CONTRACT, StandardCharsets.UTF_8));
	}
}

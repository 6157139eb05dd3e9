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

	/** The server URL carries the random test port; it is not part of the contract. */
	private static JsonNode normalized(JsonNode tree) {
		if (tree instanceof tools.jackson.databind.node.ObjectNode object) {
			object.remove("servers");
		}
		return tree;
	}
}

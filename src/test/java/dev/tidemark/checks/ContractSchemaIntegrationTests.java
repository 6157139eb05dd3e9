package dev.tidemark.checks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tidemark.checks.contract.ContractParser;
import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published JSON Schema of the contract ({@code openapi/contract.schema.json}) against the documents the
 * service ships and accepts, and against the API's own parser: what the schema refuses, the API refuses too.
 */
class ContractSchemaIntegrationTests extends ApiIntegrationTest {

	private static final Path SCHEMA_FILE = Path.of("openapi/contract.schema.json");

	private static final Path SCENARIOS = Path.of("src/main/resources/scenarios");

	private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	private static final YAMLMapper YAML_TREES = YAMLMapper.builder().build();

	private static final JsonMapper JSON_TREES = JsonMapper.builder().build();

	/** Every section and key the parser knows, valid for the API. */
	private static final String EVERYTHING = """
			extensions:
			  - {name: pg_trgm}
			  - {name: btree_gist, version: "1.7"}
			tables:
			  - name: public.post_reactions
			    columns:
			      - {name: id, type: bigint, nullable: false}
			      - {name: post_id, type: bigint, nullable: true, default: "0"}
			    primaryKey: [id]
			    unique: [[platform, post_id, created_at]]
			    foreignKeys:
			      - {name: fk_post, columns: [post_id], references: {table: public.posts, columns: [id]},
			         onDelete: set null, onUpdate: NO ACTION}
			    indexes:
			      - {name: ix_post, columns: [post_id, lower(note)], where: post_id IS NOT NULL, unique: false, method: btree}
			    constraints:
			      - {name: no_overlap, definition: "EXCLUDE USING gist (...)"}
			    partitioning: {column: created_at, interval: monthly, premake: 12, namePattern: "messages_{yyyy}_{MM}"}
			  - name: public.metrics
			    timescale:
			      hypertable: {timeColumn: created_at, chunkInterval: 1 day}
			      compression: {after: 7 days, segmentBy: [device_id], orderBy: [created_at DESC]}
			      retention: {dropAfter: 90 days}
			  - name: public.raw_metrics
			    timescale: {hypertable: {timeColumn: created_at}, compression: none}
			materializedViews:
			  - {name: public.mv_period_metrics_trend, uniqueKey: [entity_type, entity_id]}
			views:
			  - {name: public.v_orders, materialized: false}
			functions:
			  - {name: public.total, arguments: "x integer"}
			  - {name: public.touch}
			triggers:
			  - {table: public.post_reactions, name: trg_touch, enabled: true}
			enums:
			  - {name: public.mood, values: [sad, ok, happy], allowExtra: false}
			policies:
			  - {table: public.post_reactions, name: p_read, command: SELECT, roles: [reader]}
			grants:
			  - {on: public.post_reactions, kind: TABLE, to: reader, privileges: [SELECT, INSERT]}
			  - {on: "public.total(x integer)", kind: FUNCTION, to: PUBLIC, privileges: [EXECUTE]}
			migrations:
			  prisma: {allFinished: true, applied: [20250101_init]}
			  alembic: {head: "20250812_150000"}
			  flyway: {version: "3.1"}
			  liquibase: {changesets: ["1::alice", "2::bob::db/changelog.xml"]}
			ignore:
			  - {rule: reference-extra, kind: table, object: "public.tmp_*", reason: created at run time}
			  - {object: "public.events_20??_??", reason: monthly partitions, until: "2027-01-01"}
			""";

	private final Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
		.getSchema(read(SCHEMA_FILE));

	@Test
	void everyScenarioContractAndItsJsonRenderingIsValid() throws IOException {
		List<Path> contracts;
		try (Stream<Path> files = Files.walk(SCENARIOS)) {
			contracts = files.filter(p -> p.getFileName().toString().equals("contract.yaml")).sorted().toList();
		}
		assertThat(contracts).hasSizeGreaterThanOrEqualTo(5);
		for (Path contract : contracts) {
			String yaml = read(contract);
			assertThat(errors(YAML_TREES.readTree(yaml))).as(contract.toString()).isEmpty();
			String json = ContractParser.toJson(ContractParser.parseYaml(yaml));
			assertThat(errors(JSON_TREES.readTree(json))).as(contract + " as JSON").isEmpty();
		}
	}

	@Test
	void aDocumentWithEverySectionIsValidForTheSchemaAndTheApi() {
		assertThat(errors(YAML_TREES.readTree(EVERYTHING))).isEmpty();
		String targetId = register();
		String json = as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(YAML)
			.accept(MediaType.APPLICATION_JSON).body(EVERYTHING)
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		// what the API answers (its normalized JSON) is valid too
		assertThat(errors(JSON_TREES.readTree(json))).isEmpty();
		String yaml = as("viewer").get().uri("/api/v1/targets/{id}/contract", targetId).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(YAML)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(errors(YAML_TREES.readTree(yaml))).isEmpty();
	}

	@Test
	void whatTheSchemaRefusesTheApiRefusesWithPathAndLine() {
		String targetId = register();
		Map<String, String> refused = pairs(
				"unknown top-level key", "tables: []\nsequences: []\n",
				"unknown view key", "views:\n  - {name: public.v, materialised: true}\n",
				"grant without privileges", "grants:\n  - {on: public.t, kind: TABLE, to: reader}\n",
				"grant of an unknown kind", "grants:\n  - {on: public.t, kind: INDEX, to: r, privileges: [SELECT]}\n",
				"enum without values", "enums:\n  - {name: public.mood}\n",
				"trigger without a name", "triggers:\n  - {table: public.t}\n",
				"unknown table key", "tables:\n  - name: public.orders\n    colums: [{name: id}]\n",
				"table name not schema-qualified", "tables:\n  - name: orders\n",
				"column without a name", "tables:\n  - name: public.orders\n    columns:\n      - {type: int8}\n",
				"empty primary key", "tables:\n  - name: public.orders\n    primaryKey: []\n",
				"compression neither none nor an object",
				"tables:\n  - name: public.m\n    timescale:\n      compression: sometimes\n",
				"negative premake",
				"tables:\n  - name: public.m\n    partitioning: {column: at, interval: 1 day, premake: -1}\n",
				"alembic without head", "migrations:\n  alembic: {}\n",
				"foreign key without references", "tables:\n  - name: public.o\n    foreignKeys:\n      - {columns: [a]}\n",
				"a column listed twice in a key", "tables:\n  - name: public.o\n    primaryKey: [id, id]\n",
				"ignore entry without a reason", "ignore:\n  - {object: public.tmp_*}\n",
				"ignore entry with a kind only", "ignore:\n  - {kind: table, reason: all tables}\n",
				"ignore entry with an unknown key", "ignore:\n  - {object: public.t, reason: r, expires: 2027-01-01}\n");
		refused.forEach((what, yaml) -> {
			assertThat(errors(YAML_TREES.readTree(yaml))).as("schema: " + what).isNotEmpty();
			assertRefused(targetId, what, yaml, YAML);
			String json = JSON_TREES.writeValueAsString(YAML_TREES.readTree(yaml));
			assertThat(errors(JSON_TREES.readTree(json))).as("schema, JSON: " + what).isNotEmpty();
			assertRefused(targetId, what + " (JSON)", json, MediaType.APPLICATION_JSON);
		});
	}

	private static Map<String, String> pairs(String... keysAndValues) {
		Map<String, String> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			map.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	private void assertRefused(String targetId, String what, String document, MediaType type) {
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId).contentType(type).body(document)
			.exchange()
			.expectStatus().value(status -> assertThat(status).as(what).isIn(400, 422))
			.expectBody()
			.jsonPath("$.errors[0].path").value(path -> assertThat(path).as(what).isNotNull())
			.jsonPath("$.errors[0].line").value(line -> assertThat((Integer) line).as(what).isPositive());
	}

	@Test
	void theServedSchemaIsTheCommittedFile() {
		String served = as("viewer").get().uri("/api/v1/contract-schema").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/schema+json"))
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(served).isEqualTo(read(SCHEMA_FILE));
		assertThat(JSON_TREES.readTree(served).path("$schema").asString())
			.isEqualTo("https://json-schema.org/draft/2020-12/schema");
	}

	private List<Error> errors(JsonNode document) {
		return schema.validate(document);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	private String register() {
		return (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(targetJson(TestPostgres.newDatabase("contractschema"), "schema")).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
	}
}

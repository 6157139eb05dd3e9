package dev.tidemark.checks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release gate as JUnit XML and SARIF 2.1.0, with findings from a real scan against a contract: two missing
 * columns and a missing extension, all HIGH.
 */
class GateFormatsIntegrationTests extends ApiIntegrationTest {

	private static final MediaType SARIF = MediaType.parseMediaType("application/sarif+json");

	private static final String CONTRACT = """
			extensions: [{name: pg_trgm}]
			tables:
			  - name: public.orders
			    columns: [{name: id}, {name: note, type: text}, {name: total, type: numeric}]
			""";

	@Test
	void junitXmlHasAFailingTestcasePerBlockingFindingAndOnePassingTestcaseWhenTheGatePasses() throws Exception {
		String targetId = target();
		Document neverScanned = xml(gate(targetId, "HIGH", MediaType.APPLICATION_XML));
		assertThat(neverScanned.getDocumentElement().getAttribute("failures")).isEqualTo("1");
		assertThat(failures(neverScanned).get(0).getAttribute("message")).contains("no successful scan");

		scan(targetId);
		List<Map<String, Object>> blocking = blocking(targetId);
		assertThat(blocking).hasSize(3);
		Document failed = xml(gate(targetId, "HIGH", MediaType.APPLICATION_XML));
		Element suite = failed.getDocumentElement();
		assertThat(suite.getTagName()).isEqualTo("testsuite");
		assertThat(suite.getAttribute("tests")).isEqualTo("3");
		assertThat(suite.getAttribute("failures")).isEqualTo("3");
		List<Element> failures = failures(failed);
		assertThat(failures).hasSize(3);
		for (Map<String, Object> finding : blocking) {
			assertThat(failures).anySatisfy(failure -> {
				Element testcase = (Element) failure.getParentNode();
				assertThat(testcase.getAttribute("classname")).isEqualTo(finding.get("ruleId"));
				assertThat(testcase.getAttribute("name")).isEqualTo(finding.get("objectText"));
				assertThat(failure.getAttribute("type")).isEqualTo(finding.get("ruleId"));
				assertThat(failure.getAttribute("message")).contains((String) finding.get("ruleId"))
					.contains((String) finding.get("objectText"))
					.contains((String) finding.get("message"));
			});
		}
		assertThat(failures).extracting(f -> f.getAttribute("type"))
			.containsExactlyInAnyOrder("missing-column", "missing-column", "missing-extension");

		Document passed = xml(gate(targetId, "CRITICAL", MediaType.APPLICATION_XML));
		assertThat(passed.getDocumentElement().getAttribute("tests")).isEqualTo("1");
		assertThat(passed.getDocumentElement().getAttribute("failures")).isEqualTo("0");
		assertThat(passed.getElementsByTagName("testcase").getLength()).isEqualTo(1);
		assertThat(failures(passed)).isEmpty();
	}

	@Test
	void sarifHasOneRunWithTheRulesUsedAndAResultPerBlockingFinding() {
		String targetId = target();
		JsonNode neverScanned = sarif(gate(targetId, "HIGH", SARIF));
		assertThat(neverScanned.at("/runs/0/results")).isEmpty();
		assertThat(neverScanned.at("/runs/0/invocations/0/executionSuccessful").asBoolean()).isFalse();

		scan(targetId);
		List<Map<String, Object>> blocking = blocking(targetId);
		JsonNode log = sarif(gate(targetId, "HIGH", SARIF));
		assertRequiredSarifFields(log);
		JsonNode run = log.at("/runs/0");
		assertThat(log.path("runs")).hasSize(1);
		List<String> ruleIds = new ArrayList<>();
		run.at("/tool/driver/rules").forEach(rule -> ruleIds.add(rule.path("id").asString()));
		assertThat(ruleIds).containsExactlyInAnyOrder("missing-column", "missing-extension");
		assertThat(run.at("/tool/driver/rules/0/shortDescription/text").asString()).isNotBlank();
		assertThat(run.path("results")).hasSize(3);
		for (Map<String, Object> finding : blocking) {
			assertThat(run.path("results")).anySatisfy(result -> {
				assertThat(result.path("ruleId").asString()).isEqualTo(finding.get("ruleId"));
				assertThat(ruleIds.get(result.path("ruleIndex").asInt())).isEqualTo(finding.get("ruleId"));
				assertThat(result.path("level").asString()).isEqualTo("error");
				assertThat(result.at("/message/text").asString()).isEqualTo(finding.get("message"));
				assertThat(result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asString())
					.isEqualTo(finding.get("objectText"));
			});
		}

		JsonNode passed = sarif(gate(targetId, "CRITICAL", SARIF));
		assertRequiredSarifFields(passed);
		assertThat(passed.at("/runs/0/results")).isEmpty();
		assertThat(passed.at("/runs/0/invocations/0/executionSuccessful").asBoolean()).isTrue();
		assertThat(passed.at("/runs/0/properties/passed").asBoolean()).isTrue();
	}

	@Test
	void acceptPicksTheFormatByPreferenceAndJsonStaysTheDefault() {
		String targetId = target();
		as("viewer").get().uri("/api/v1/targets/{id}/gate", targetId).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader().valueEquals("Vary", "Accept")
			.expectBody().jsonPath("$.passed").isEqualTo(false);
		as("viewer").get().uri("/api/v1/targets/{id}/gate", targetId)
			.header("Accept", "application/json;q=0.5, application/sarif+json").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(SARIF);
		as("viewer").get().uri("/api/v1/targets/{id}/gate", targetId)
			.header("Accept", "application/xml, */*;q=0.1").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_XML);
		as("viewer").get().uri("/api/v1/targets/{id}/gate", targetId).header("Accept", "text/csv").exchange()
			.expectStatus().isEqualTo(406);
		// errors stay problem details whichever format was asked for
		for (MediaType type : List.of(MediaType.APPLICATION_XML, SARIF)) {
			as("viewer").get().uri("/api/v1/targets/{id}/gate", java.util.UUID.randomUUID()).accept(type).exchange()
				.expectStatus().isNotFound()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
	}

	/** What SARIF 2.1.0 requires of a log, a run, a tool and a result. */
	private static void assertRequiredSarifFields(JsonNode log) {
		assertThat(log.path("version").asString()).isEqualTo("2.1.0");
		assertThat(log.path("$schema").asString()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
		assertThat(log.path("runs").isArray()).isTrue();
		log.path("runs").forEach(run -> {
			assertThat(run.at("/tool/driver/name").asString()).isEqualTo("Tidemark");
			run.path("results").forEach(result -> {
				assertThat(result.path("ruleId").asString()).isNotBlank();
				assertThat(result.at("/message/text").asString()).isNotBlank();
				assertThat(result.path("level").asString()).isIn("none", "note", "warning", "error");
			});
		});
	}

	private String target() {
		TestPostgres.Database db = TestPostgres.newDatabase("gate_formats");
		try {
			FindingsApiIntegrationTests.execute(db, "CREATE TABLE orders (id int PRIMARY KEY)");
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
		String targetId = (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(targetJson(db, "gate")).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId)
			.contentType(MediaType.parseMediaType("application/yaml")).body(CONTRACT)
			.exchange()
			.expectStatus().isOk();
		return targetId;
	}

	private void scan(String targetId) {
		as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange()
			.expectStatus().isCreated()
			.expectBody().jsonPath("$.status").isEqualTo("SUCCEEDED");
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> blocking(String targetId) {
		Map<String, Object> gate = as("viewer").get().uri("/api/v1/targets/{id}/gate", targetId)
			.accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		return (List<Map<String, Object>>) gate.get("blocking");
	}

	private String gate(String targetId, String maxSeverity, MediaType type) {
		return as("viewer").get().uri("/api/v1/targets/{id}/gate?maxSeverity={s}", targetId, maxSeverity)
			.accept(type).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(type)
			.expectBody(String.class).returnResult().getResponseBody();
	}

	private static Document xml(String text) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static List<Element> failures(Document document) {
		NodeList nodes = document.getElementsByTagName("failure");
		List<Element> out = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			out.add((Element) nodes.item(i));
		}
		return out;
	}

	private static JsonNode sarif(String text) {
		return JsonMapper.builder().build().readTree(text);
	}
}

package dev.tidemark.checks.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.parsers.DocumentBuilderFactory;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.GateResult;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class GateReportsTests {

	private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

	private static Finding finding(String rule, Severity severity, ObjectRef object, String message) {
		return new Finding(UUID.randomUUID(), UUID.randomUUID(), rule, severity, Finding.Status.OPEN, object,
				object.text(), message, Map.of(), Repair.automatic("fix it"), true, "fp-" + rule, NOW, NOW, null,
				null);
	}

	private static GateResult failed(List<Finding> blocking) {
		return new GateResult(UUID.randomUUID(), "orders <prod> & co", Severity.MEDIUM, false, "blocked", NOW,
				UUID.randomUUID(), NOW, blocking);
	}

	@Test
	void junitXmlEscapesMarkupAndReplacesCharactersXmlCannotHold() throws Exception {
		String xml = GateReports.junitXml(failed(List.of(finding("missing-column", Severity.HIGH,
				ObjectRef.column("public", "orders", "note"), "column \"note\" <missing> & \u0001 gone"))));
		Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
			.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
		Element suite = document.getDocumentElement();
		assertThat(suite.getAttribute("name")).isEqualTo("Tidemark release gate: orders <prod> & co");
		assertThat(suite.getAttribute("timestamp")).isEqualTo("2026-01-02T03:04:05");
		Element failure = (Element) document.getElementsByTagName("failure").item(0);
		assertThat(failure.getAttribute("message"))
			.isEqualTo("HIGH missing-column on public.orders.note: column \"note\" <missing> & \uFFFD gone");
		assertThat(failure.getTextContent()).contains("object: column public.orders.note");
	}

	@Test
	void sarifLevelsFollowSeverityAndResultsPointAtTheirRule() {
		List<Finding> blocking = List.of(
				finding("a", Severity.CRITICAL, ObjectRef.table("public", "t"), "critical"),
				finding("b", Severity.MEDIUM, ObjectRef.of("extension", null, "pg_trgm"), "medium"),
				finding("a", Severity.LOW, ObjectRef.table("public", "u"), "low"));
		List<RuleDescription> catalog = List.of(
				new RuleDescription("b", "Rule B", Severity.MEDIUM, RuleCategory.HEALTH, "why b", false),
				new RuleDescription("a", "Rule A", Severity.HIGH, RuleCategory.CONTRACT, "why a", true),
				new RuleDescription("unused", "Unused", Severity.INFO, RuleCategory.HEALTH, "not listed", false));
		JsonNode log = JsonMapper.builder().build().valueToTree(GateReports.sarif(failed(blocking), catalog));
		JsonNode run = log.at("/runs/0");
		assertThat(run.at("/tool/driver/rules")).hasSize(2);
		assertThat(run.at("/tool/driver/rules/0/id").asString()).isEqualTo("a");
		assertThat(run.at("/tool/driver/rules/0/defaultConfiguration/level").asString()).isEqualTo("error");
		assertThat(run.at("/results/0/level").asString()).isEqualTo("error");
		assertThat(run.at("/results/1/level").asString()).isEqualTo("warning");
		assertThat(run.at("/results/1/ruleIndex").asInt()).isEqualTo(1);
		assertThat(run.at("/results/1/locations/0/logicalLocations/0/fullyQualifiedName").asString())
			.isEqualTo("pg_trgm");
		assertThat(run.at("/results/2/level").asString()).isEqualTo("note");
		assertThat(run.at("/results/2/ruleIndex").asInt()).isZero();
	}
}

package dev.tidemark.checks.internal;

import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.GateResult;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import org.jspecify.annotations.Nullable;

/**
 * The release gate in the formats CI systems display: a JUnit XML test suite (one failing test case per blocking
 * finding; one passing test case when the gate passes) and a SARIF 2.1.0 log (one result per blocking finding).
 */
final class GateReports {

	static final String SARIF_VERSION = "2.1.0";

	static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

	static final String TOOL = "Tidemark";

	private static final Pattern INVALID_XML = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]");

	private GateReports() {
	}

	/** A {@code <testsuite>}: what JUnit, GitLab, Jenkins and Azure Pipelines read as test results. */
	static String junitXml(GateResult gate) {
		StringWriter out = new StringWriter();
		try {
			XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
			xml.writeStartDocument("UTF-8", "1.0");
			xml.writeCharacters("\n");
			List<Finding> blocking = gate.blocking();
			boolean noScan = !gate.passed() && blocking.isEmpty();
			int tests = blocking.isEmpty() ? 1 : blocking.size();
			int failures = gate.passed() ? 0 : tests;
			xml.writeStartElement("testsuite");
			xml.writeAttribute("name", xmlText("Tidemark release gate: " + gate.targetName()));
			xml.writeAttribute("tests", String.valueOf(tests));
			xml.writeAttribute("failures", String.valueOf(failures));
			xml.writeAttribute("errors", "0");
			xml.writeAttribute("skipped", "0");
			xml.writeAttribute("time", "0");
			xml.writeAttribute("timestamp",
					LocalDateTime.ofInstant(gate.evaluatedAt(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
			xml.writeCharacters("\n  ");
			xml.writeStartElement("properties");
			property(xml, "targetId", gate.targetId().toString());
			property(xml, "targetName", gate.targetName());
			property(xml, "maxSeverity", gate.maxSeverity().name());
			property(xml, "passed", String.valueOf(gate.passed()));
			if (gate.lastScanId() != null) {
				property(xml, "lastScanId", gate.lastScanId().toString());
			}
			xml.writeCharacters("\n  ");
			xml.writeEndElement();
			if (blocking.isEmpty()) {
				xml.writeCharacters("\n  ");
				xml.writeStartElement("testcase");
				xml.writeAttribute("classname", "tidemark.gate");
				xml.writeAttribute("name", "no open finding at or above " + gate.maxSeverity());
				xml.writeAttribute("time", "0");
				if (noScan) {
					String reason = gate.reason() == null ? "the gate did not pass" : gate.reason();
					xml.writeCharacters("\n    ");
					xml.writeStartElement("failure");
					xml.writeAttribute("type", "gate");
					xml.writeAttribute("message", xmlText(reason));
					xml.writeCharacters(xmlText(reason));
					xml.writeEndElement();
					xml.writeCharacters("\n  ");
				}
				xml.writeEndElement();
			}
			for (Finding finding : blocking) {
				xml.writeCharacters("\n  ");
				xml.writeStartElement("testcase");
				xml.writeAttribute("classname", finding.ruleId());
				xml.writeAttribute("name", xmlText(finding.objectText()));
				xml.writeAttribute("time", "0");
				xml.writeCharacters("\n    ");
				xml.writeStartElement("failure");
				xml.writeAttribute("type", finding.ruleId());
				xml.writeAttribute("message", xmlText(finding.severity() + " " + finding.ruleId() + " on "
						+ finding.objectText() + ": " + finding.message()));
				xml.writeCharacters(xmlText("rule: " + finding.ruleId() + "\nseverity: " + finding.severity() + "\nobject: "
						+ finding.object().kind() + " " + finding.objectText() + "\nfinding: " + finding.id()
						+ "\nfirst seen: " + finding.firstSeenAt() + "\n" + finding.message()));
				xml.writeEndElement();
				xml.writeCharacters("\n  ");
				xml.writeEndElement();
			}
			xml.writeCharacters("\n");
			xml.writeEndElement();
			xml.writeCharacters("\n");
			xml.writeEndDocument();
			xml.close();
		}
		catch (XMLStreamException e) {
			throw new IllegalStateException("the gate could not be written as JUnit XML", e);
		}
		return out.toString();
	}

	private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
		xml.writeCharacters("\n    ");
		xml.writeEmptyElement("property");
		xml.writeAttribute("name", name);
		xml.writeAttribute("value", xmlText(value));
	}

	/** Control characters XML 1.0 cannot carry, even escaped, become U+FFFD. */
	static String xmlText(String text) {
		return INVALID_XML.matcher(text).replaceAll("\uFFFD");
	}

	/**
	 * A SARIF 2.1.0 log with one run: the driver lists the rules of the blocking findings (from the catalog), each
	 * result names its rule, level, message and the database object as a logical location.
	 */
	static Map<String, Object> sarif(GateResult gate, List<RuleDescription> catalog) {
		Map<String, RuleDescription> byId = catalog.stream()
			.collect(Collectors.toMap(RuleDescription::id, Function.identity(), (a, b) -> a));
		Set<String> used = new LinkedHashSet<>();
		gate.blocking().forEach(f -> used.add(f.ruleId()));
		List<String> ruleIds = new ArrayList<>(used);

		List<Map<String, Object>> rules = new ArrayList<>();
		for (String id : ruleIds) {
			RuleDescription rule = byId.get(id);
			Map<String, Object> descriptor = new LinkedHashMap<>();
			descriptor.put("id", id);
			if (rule != null) {
				descriptor.put("shortDescription", text(rule.title()));
				descriptor.put("fullDescription", text(rule.rationale()));
				descriptor.put("defaultConfiguration", Map.of("level", level(rule.severity())));
				descriptor.put("properties", ordered("category", rule.category().name(), "severity",
						rule.severity().name(), "remediable", rule.remediable()));
			}
			rules.add(descriptor);
		}

		List<Map<String, Object>> results = new ArrayList<>();
		for (Finding finding : gate.blocking()) {
			Map<String, Object> location = new LinkedHashMap<>();
			location.put("name", finding.object().part() == null ? finding.object().name() : finding.object().part());
			location.put("fullyQualifiedName", finding.objectText());
			location.put("kind", "resource");
			location.put("properties", Map.of("objectKind", finding.object().kind()));
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("ruleId", finding.ruleId());
			result.put("ruleIndex", ruleIds.indexOf(finding.ruleId()));
			result.put("level", level(finding.severity()));
			result.put("message", text(finding.message()));
			result.put("locations", List.of(Map.of("logicalLocations", List.of(location))));
			result.put("partialFingerprints", Map.of("tidemarkFingerprint/v1", finding.fingerprint()));
			result.put("properties", ordered("findingId", finding.id().toString(), "severity",
					finding.severity().name(), "objectKind", finding.object().kind(), "firstSeenAt",
					finding.firstSeenAt().toString()));
			results.add(result);
		}

		Map<String, Object> driver = new LinkedHashMap<>();
		driver.put("name", TOOL);
		driver.put("informationUri", "https://tidemark.dev");
		driver.put("rules", rules);

		Map<String, Object> invocation = new LinkedHashMap<>();
		// the gate could not judge the target without a successful scan: say so rather than report no results
		boolean judged = gate.passed() || !gate.blocking().isEmpty();
		invocation.put("executionSuccessful", judged);
		invocation.put("endTimeUtc", gate.evaluatedAt().toString());
		if (!judged && gate.reason() != null) {
			invocation.put("toolExecutionNotifications",
					List.of(ordered("level", "error", "message", text(gate.reason()))));
		}

		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("targetId", gate.targetId().toString());
		properties.put("targetName", gate.targetName());
		properties.put("maxSeverity", gate.maxSeverity().name());
		properties.put("passed", gate.passed());
		putIfPresent(properties, "reason", gate.reason());
		putIfPresent(properties, "lastScanId", gate.lastScanId() == null ? null : gate.lastScanId().toString());

		Map<String, Object> run = new LinkedHashMap<>();
		run.put("tool", Map.of("driver", driver));
		run.put("invocations", List.of(invocation));
		run.put("results", results);
		run.put("properties", properties);

		Map<String, Object> log = new LinkedHashMap<>();
		log.put("$schema", SARIF_SCHEMA);
		log.put("version", SARIF_VERSION);
		log.put("runs", List.of(run));
		return log;
	}

	/** CRITICAL and HIGH are errors, MEDIUM a warning, LOW and INFO notes. */
	static String level(Severity severity) {
		return switch (severity) {
			case CRITICAL, HIGH -> "error";
			case MEDIUM -> "warning";
			case LOW, INFO -> "note";
		};
	}

	/** Keys in the order given, so that the same gate always reads the same. */
	private static Map<String, Object> ordered(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	private static Map<String, Object> text(String text) {
		return Map.of("text", text);
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}
}

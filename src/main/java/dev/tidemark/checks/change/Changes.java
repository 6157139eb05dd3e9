package dev.tidemark.checks.change;

import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Changes as a finding's evidence holds them: plain maps with the record's name under {@code "change"}, so they
 * are stored as JSON and read back into the same records when a remediation is planned.
 */
public final class Changes {

	/** The evidence key of a finding's changes. */
	public static final String EVIDENCE_KEY = "changes";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final TypeReference<List<SchemaChange>> LIST = new TypeReference<>() {
	};

	private Changes() {
	}

	public static List<Map<String, Object>> toEvidence(List<? extends SchemaChange> changes) {
		return changes.stream().map(Changes::toEvidence).toList();
	}

	public static Map<String, Object> toEvidence(SchemaChange change) {
		return JSON.readValue(JSON.writerFor(SchemaChange.class).writeValueAsString(change), MAP);
	}

	/** The changes of a finding's evidence, empty when it has none (findings of rules that emit none yet). */
	public static List<SchemaChange> fromEvidence(Map<String, Object> evidence) {
		Object value = evidence.get(EVIDENCE_KEY);
		if (value == null) {
			return List.of();
		}
		return JSON.readValue(JSON.writeValueAsString(value), LIST);
	}
}

package dev.tidemark.targets.internal;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import dev.tidemark.common.Jsonb;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetOptions;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The target aggregate as stored: secrets encrypted, labels and options as jsonb. {@code version} null marks a new
 * one (ids are assigned); the store sets it to 0 on insert and adds 1 on each update. Never leaves this package.
 */
@Table("target")
record TargetRow(@Id UUID id, String name, String jdbcUrl, String username, @Nullable String passwordSecret,
		@Nullable String remediationUsername, @Nullable String remediationPasswordSecret, Jsonb labels, Jsonb options,
		Instant createdAt, Instant updatedAt, @Version @Nullable Integer version) {

	private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {
	};

	static Jsonb labelsJson(JsonMapper json, Map<String, String> labels) {
		return new Jsonb(json.writeValueAsString(labels));
	}

	static Jsonb optionsJson(JsonMapper json, TargetOptions options) {
		return new Jsonb(json.writeValueAsString(options));
	}

	SortedMap<String, String> labels(JsonMapper json) {
		return json.readValue(labels.json(), LABELS);
	}

	TargetOptions options(JsonMapper json) {
		return json.readValue(options.json(), TargetOptions.class);
	}

	int currentVersion() {
		return version == null ? 0 : version;
	}

	Target toTarget(JsonMapper json) {
		return new Target(id, name, jdbcUrl, username, passwordSecret != null, remediationUsername,
				remediationPasswordSecret != null, labels(json), options(json), createdAt, updatedAt, currentVersion());
	}

	@Override
	public String toString() {
		return "TargetRow[id=" + id + ", name=" + name + "]";
	}
}

package dev.tidemark.targets.internal;

import java.time.Instant;
import java.util.SortedMap;
import java.util.UUID;

import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetOptions;
import org.jspecify.annotations.Nullable;

/** A target as stored: secrets encrypted. Never leaves this package. */
record TargetRow(UUID id, String name, String jdbcUrl, String username, @Nullable String passwordSecret,
		@Nullable String remediationUsername, @Nullable String remediationPasswordSecret,
		SortedMap<String, String> labels, TargetOptions options, Instant createdAt, Instant updatedAt, int version) {

	Target toTarget() {
		return new Target(id, name, jdbcUrl, username, passwordSecret != null, remediationUsername,
				remediationPasswordSecret != null, labels, options, createdAt, updatedAt, version);
	}

	@Override
	public String toString() {
		return "TargetRow[id=" + id + ", name=" + name + "]";
	}
}

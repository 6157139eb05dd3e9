package dev.tidemark.targets;

import java.time.Instant;
import java.util.SortedMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A registered database as the rest of Tidemark sees it: never with its passwords. */
public record Target(UUID id, String name, String jdbcUrl, String username, boolean passwordSet,
		@Nullable String remediationUsername, boolean remediationPasswordSet, SortedMap<String, String> labels,
		TargetOptions options, Instant createdAt, Instant updatedAt, int version) {
}

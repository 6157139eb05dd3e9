package dev.tidemark.checks;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Published when a finding is suppressed ({@code until} set) or its suppression lifted ({@code until} null). */
public record FindingSuppressed(UUID findingId, UUID targetId, String actor, @Nullable String reason,
		@Nullable Instant until) {
}

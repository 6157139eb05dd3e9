package dev.tidemark.checks;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Differences not to open as findings: for one target ({@code targetId}) or every target ({@code targetId} null).
 * A violation is ignored when it matches every selector given: {@code ruleId} exactly, {@code objectKind} (the
 * finding's {@code object.kind}, e.g. {@code table}, {@code column}) exactly, {@code objectPattern} as an
 * {@link ObjectPattern} glob on the finding's {@code objectText}. Past {@code expiresAt} the rule no longer applies.
 * {@code version} counts the updates since it was created (0 for none).
 */
public record IgnoreRule(UUID id, @Nullable UUID targetId, @Nullable String ruleId, @Nullable String objectKind,
		@Nullable String objectPattern, String reason, @Nullable Instant expiresAt, String createdBy,
		Instant createdAt, boolean expired, int version) {
}

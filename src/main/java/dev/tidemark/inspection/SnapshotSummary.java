package dev.tidemark.inspection;

import java.time.Instant;
import java.util.UUID;

/** A snapshot without its content, for lists. Equal {@code contentSha256} means an equal catalog. */
public record SnapshotSummary(UUID id, UUID targetId, Instant takenAt, String contentSha256) {
}

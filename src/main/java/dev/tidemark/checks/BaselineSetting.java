package dev.tidemark.checks;

import java.time.Instant;
import java.util.UUID;

/** The snapshot accepted as good; anything changed since is drift. */
public record BaselineSetting(UUID snapshotId, Instant acceptedAt, String acceptedBy) {
}

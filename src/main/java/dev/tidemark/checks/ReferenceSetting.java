package dev.tidemark.checks;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** What a target must match: another target (its latest snapshot) or one stored snapshot. */
public record ReferenceSetting(@Nullable UUID targetId, @Nullable UUID snapshotId, Instant updatedAt,
		String updatedBy) {
}

package dev.tidemark.checks;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Published when a scan ends, either way. */
public record ScanCompleted(UUID scanId, UUID targetId, Scan.Status status, @Nullable UUID snapshotId,
		String requestedBy) {
}

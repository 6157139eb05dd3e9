package dev.tidemark.inspection;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One scan of a target: RUNNING, then SUCCEEDED with the snapshot it took, or FAILED with why. A failed scan is a
 * normal result (the target was unreachable, refused the credentials, timed out), not an HTTP error.
 */
public record Scan(UUID id, UUID targetId, Status status, String requestedBy, Instant startedAt,
		@Nullable Instant finishedAt, @Nullable Long durationMs, @Nullable UUID snapshotId, @Nullable ScanError error) {

	public enum Status {
		RUNNING, SUCCEEDED, FAILED
	}

	/** Why a scan failed: a stable code (e.g. {@code target-unreachable}), a message and the SQLSTATE if any. */
	public record ScanError(String code, String message, @Nullable String sqlState) {
	}
}

package dev.tidemark.inspection;

import java.time.Instant;
import java.util.UUID;

import dev.tidemark.inspection.model.CatalogSnapshot;

/** A stored snapshot: when it was taken of which target, a hash of its content, and the catalog itself. */
public record Snapshot(UUID id, UUID targetId, Instant takenAt, String contentSha256, CatalogSnapshot catalog) {

	public SnapshotSummary summary() {
		return new SnapshotSummary(id, targetId, takenAt, contentSha256);
	}
}

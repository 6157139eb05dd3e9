package dev.tidemark.inspection;

import java.time.Instant;
import java.util.UUID;

import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.inspection.model.CatalogSnapshot;
import org.jspecify.annotations.Nullable;

/** Stored snapshots and their differences. */
public interface Snapshots {

	/**
	 * Stores a snapshot in the caller's transaction, unless the target's latest one has equal content: then that
	 * one is returned.
	 */
	default SnapshotSummary save(UUID targetId, Instant takenAt, CatalogSnapshot catalog) {
		return save(targetId, takenAt, prepare(catalog));
	}

	/** Serializes, hashes and splits the catalog: no store access, so it can run beside other work. */
	PreparedSnapshot prepare(CatalogSnapshot catalog);

	/** {@link #save(UUID, Instant, CatalogSnapshot)} of a catalog prepared before. */
	SnapshotSummary save(UUID targetId, Instant takenAt, PreparedSnapshot snapshot);

	Snapshot latest(UUID targetId);

	Snapshot get(UUID snapshotId);

	PageOf<SnapshotSummary> list(UUID targetId, PageRequest page);

	/**
	 * The difference between two snapshots of a target; {@code to} defaults to the latest, {@code from} to the
	 * one before {@code to}.
	 */
	SnapshotDiff drift(UUID targetId, @Nullable UUID from, @Nullable UUID to);
}

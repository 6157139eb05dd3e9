package dev.tidemark.inspection;

import java.util.UUID;

import dev.tidemark.inspection.model.CatalogSnapshot;
import org.jspecify.annotations.Nullable;

/** Reads a target's catalog now, through a read-only session, filtered by the target's schema options. */
public interface Inspector {

	/**
	 * @throws dev.tidemark.targets.TargetConnectionException when the target cannot be used
	 * @throws InspectionException when reading the catalog fails
	 */
	CatalogSnapshot inspect(UUID targetId);

	/**
	 * A fingerprint of what {@link #inspect} would return now, at a small fraction of its cost (equal fingerprints
	 * of one target mean an equal snapshot; the target's schema options are part of it) and, unless it equals
	 * {@code knownFingerprint}, the catalog itself: one session, one snapshot transaction.
	 *
	 * @throws dev.tidemark.targets.TargetConnectionException when the target cannot be used
	 * @throws InspectionException when reading the catalog fails
	 */
	CatalogReading readUnlessUnchanged(UUID targetId, @Nullable String knownFingerprint);
}

package dev.tidemark.inspection;

import java.time.Duration;

import dev.tidemark.inspection.model.CatalogSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * A target's catalog fingerprint and, when it differed from the one the caller knew, the catalog itself, both read
 * in one snapshot transaction (so the fingerprint describes exactly that catalog).
 *
 * @param catalog null when the fingerprint equalled the known one: the catalog is unchanged
 * @param fingerprintTime time spent on the fingerprint's queries
 * @param catalogTime time spent reading the catalog (queries and building the model), zero when it was not read
 * @param connectTime time spent opening the session to the target (zero when the caller opened it)
 * @param databaseIdentity which database was read ({@link dev.tidemark.targets.TargetSession#databaseIdentity()})
 */
public record CatalogReading(String fingerprint, @Nullable CatalogSnapshot catalog, Duration fingerprintTime,
		Duration catalogTime, Duration connectTime, @Nullable String databaseIdentity) {

	public CatalogReading(String fingerprint, @Nullable CatalogSnapshot catalog, Duration fingerprintTime,
			Duration catalogTime) {
		this(fingerprint, catalog, fingerprintTime, catalogTime, Duration.ZERO, null);
	}
}

package dev.tidemark.inspection;

import java.time.Duration;

import dev.tidemark.inspection.model.CatalogSnapshot;

/**
 * A catalog serialized, hashed and cut into the parts the store keeps ({@link Snapshots#prepare}): the CPU half of
 * saving, which a scan does beside its rules and outside any store transaction.
 */
public interface PreparedSnapshot {

	CatalogSnapshot catalog();

	/** SHA-256 of the snapshot's canonical JSON: equal for equal catalogs. */
	String contentSha256();

	/** Length of the canonical JSON in bytes. */
	long jsonBytes();

	/** Time spent writing the objects' JSON. */
	Duration jsonTime();

	/** Time spent hashing the document and its objects and cutting them into parts. */
	Duration hashTime();
}

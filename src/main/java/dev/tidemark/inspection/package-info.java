/**
 * Catalog snapshots: the only module that knows {@code pg_catalog}. Takes snapshots of targets in scans, stores
 * them as JSON documents, and diffs two of them.
 */
@ApplicationModule(allowedDependencies = { "targets", "common" })
@NullMarked
package dev.tidemark.inspection;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

/**
 * Rules, expectations (contract, reference, baseline), scans with findings, and the release gate. Rules read
 * snapshots only; they never touch a database.
 */
@ApplicationModule(allowedDependencies = { "inspection", "inspection :: model", "targets", "common" })
@NullMarked
package dev.tidemark.checks;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

/**
 * The embedded default: with no store configured, Tidemark runs on an embedded PostgreSQL (binaries from Maven
 * Central, data kept in a local folder), with demo users and demo targets that carry the scenarios' drift.
 */
@ApplicationModule(allowedDependencies = { "targets", "checks", "checks :: contract", "common" })
@NullMarked
package dev.tidemark.embedded;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

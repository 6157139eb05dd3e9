/**
 * Remediation: turns findings into a Liquibase formatted-SQL changelog that is safe by construction (short lock
 * timeouts, CONCURRENTLY in its own changeset, NOT VALID then VALIDATE, preconditions that the drift still exists).
 */
@ApplicationModule(allowedDependencies = { "checks", "checks :: contract", "checks :: change", "inspection", "inspection :: model", "common",
		"targets" })
@NullMarked
package dev.tidemark.remediation;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

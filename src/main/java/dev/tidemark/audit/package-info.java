/**
 * The audit trail: an append-only record of who (user, API token or Tidemark itself) did what, when, to which
 * target, with what outcome. Built from the other modules' events and Spring Security's failed-login events; never
 * holds a secret.
 */
@ApplicationModule(allowedDependencies = { "targets", "checks", "remediation", "security", "notifications", "common" })
@NullMarked
package dev.tidemark.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

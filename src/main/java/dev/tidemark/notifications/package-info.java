/**
 * Notifications: webhook subscriptions (ADMIN), an outbox written in the same store transaction as the change it
 * announces, and a dispatcher that delivers it signed, at least once, with backoff, to generic or Slack receivers.
 */
@ApplicationModule(allowedDependencies = { "checks", "remediation", "targets", "common" })
@NullMarked
package dev.tidemark.notifications;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;

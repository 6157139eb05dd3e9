package dev.tidemark.notifications;

import java.util.UUID;

/**
 * Published (inside the dispatcher's store transaction) when a subscription is disabled after a run of failed
 * deliveries. Carries the URL's host only: a URL's path or query can itself be a credential (Slack's are).
 */
public record WebhookSubscriptionDisabled(UUID subscriptionId, String host, int consecutiveFailures, String reason) {
}

package dev.tidemark.notifications.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A webhook subscription as the API shows it: never its secret. {@code targetId} and {@code labels} narrow the
 * events to one target or to targets carrying all the labels; both null means every target.
 */
record WebhookSubscription(UUID id, String url, List<String> events, @Nullable UUID targetId,
		@Nullable Map<String, String> labels, String format, boolean enabled, int consecutiveFailures,
		@Nullable String disabledReason, String createdBy, Instant createdAt, Instant updatedAt) {

	static final String GENERIC = "generic";

	static final String SLACK = "slack";
}

package dev.tidemark.notifications;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Published (inside the store transaction) when a subscription is created, updated or deleted, for the audit trail.
 * {@code host}, {@code events}, {@code format}, {@code enabled}, {@code targetId} and {@code labels} describe the
 * subscription after the change (before a delete). Carries the URL's host only, as {@link WebhookSubscriptionDisabled}
 * does, and never the secret: for an update, {@code urlChanged} and {@code secretChanged} say whether they were set,
 * and {@code changes} holds each other field that changed (host, events, format, enabled) before and after.
 */
public record WebhookSubscriptionChanged(UUID subscriptionId, Change change, String actor, String host,
		List<String> events, String format, boolean enabled, @Nullable UUID targetId,
		@Nullable Map<String, String> labels, boolean urlChanged, boolean secretChanged,
		Map<String, FieldChange> changes) {

	public WebhookSubscriptionChanged {
		events = List.copyOf(events);
		changes = Map.copyOf(changes);
	}

	public enum Change {

		CREATED, UPDATED, DELETED

	}

	/** A field's value before and after. */
	public record FieldChange(Object from, Object to) {
	}
}

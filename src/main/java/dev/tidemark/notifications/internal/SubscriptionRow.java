package dev.tidemark.notifications.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.common.Jsonb;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The webhook subscription aggregate as stored: its secret encrypted (AES-GCM), its label selector as jsonb.
 * {@code version} null marks a new one (ids are assigned); the dispatcher's failure counting adds 1 too, so an
 * edit made from an older read conflicts instead of undoing a disablement.
 */
@Table("webhook_subscription")
record SubscriptionRow(@Id UUID id, String url, List<String> events, @Nullable UUID targetId,
		@Nullable Jsonb labelSelector, String secret, String format, boolean enabled, int consecutiveFailures,
		@Nullable String disabledReason, String createdBy, Instant createdAt, Instant updatedAt,
		@Version @Nullable Integer version) {

	private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
	};

	static SubscriptionRow of(WebhookSubscription s, String encryptedSecret, JsonMapper json) {
		return new SubscriptionRow(s.id(), s.url(), s.events(), s.targetId(),
				s.labels() == null || s.labels().isEmpty() ? null : new Jsonb(json.writeValueAsString(s.labels())),
				encryptedSecret, s.format(), s.enabled(), s.consecutiveFailures(), s.disabledReason(), s.createdBy(),
				s.createdAt(), s.updatedAt(), null);
	}

	WebhookSubscription toSubscription(JsonMapper json) {
		return new WebhookSubscription(id, url, events, targetId,
				labelSelector == null ? null : json.readValue(labelSelector.json(), LABELS), format, enabled,
				consecutiveFailures, disabledReason, createdBy, createdAt, updatedAt);
	}
}

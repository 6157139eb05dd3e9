package dev.tidemark.notifications.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.common.PageRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox and the delivery log. Hand-written SQL on purpose: the enqueue is one INSERT … SELECT over matching
 * subscriptions, and the claim needs {@code FOR UPDATE SKIP LOCKED}, which no repository abstraction expresses.
 */
@Repository
class DeliveryStore {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	DeliveryStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** A delivery claimed by one dispatcher: its lease runs until {@code next_attempt_at}. */
	record Claimed(UUID id, UUID eventId, UUID subscriptionId, String eventType, String payload, int attempt,
			String url, String encryptedSecret) {
	}

	/** One attempt in a subscription's delivery log. */
	record WebhookAttempt(long id, UUID deliveryId, UUID eventId, String eventType, int attempt, Instant attemptedAt,
			@Nullable Integer statusCode, int durationMs, boolean succeeded, @Nullable String error) {
	}

	/**
	 * One row per enabled subscription that wants {@code eventType} for this target (no filter, its target, or all
	 * its labels on the target), in the caller's transaction. Returns how many were written.
	 */
	int enqueue(UUID eventId, String eventType, UUID targetId, Map<String, String> targetLabels, String genericPayload,
			String slackPayload, Instant now) {
		return jdbc.sql("""
				INSERT INTO webhook_delivery (id, event_id, subscription_id, event_type, payload, status, next_attempt_at,
				                              created_at)
				SELECT gen_random_uuid(), ?, s.id, ?, CASE s.format WHEN 'slack' THEN ?::jsonb ELSE ?::jsonb END,
				       'PENDING', ?, ?
				FROM webhook_subscription s
				WHERE s.enabled AND ? = ANY (s.events)
				  AND (s.target_id IS NULL OR s.target_id = ?)
				  AND (s.label_selector IS NULL OR s.label_selector <@ ?::jsonb)""")
			.params(eventId, eventType, slackPayload, genericPayload, Timestamp.from(now), Timestamp.from(now),
					eventType, targetId, json.writeValueAsString(targetLabels))
			.update();
	}

	/**
	 * Claims up to {@code limit} due deliveries of enabled subscriptions and pushes their next attempt to
	 * {@code leaseUntil}, in one statement: rows another dispatcher holds are skipped, and a claimed row is not due
	 * again until the lease runs out, so no two dispatchers send one delivery at the same time.
	 */
	List<Claimed> claim(int limit, Instant now, Instant leaseUntil) {
		return jdbc.sql("""
				UPDATE webhook_delivery d SET next_attempt_at = ?, attempts = d.attempts + 1
				FROM webhook_subscription s
				WHERE s.id = d.subscription_id
				  AND d.id IN (SELECT due.id FROM webhook_delivery due
				               JOIN webhook_subscription sub ON sub.id = due.subscription_id
				               WHERE due.status = 'PENDING' AND due.next_attempt_at <= ? AND sub.enabled
				               ORDER BY due.next_attempt_at
				               LIMIT ?
				               FOR UPDATE OF due SKIP LOCKED)
				RETURNING d.id, d.event_id, d.subscription_id, d.event_type, d.payload::text AS payload, d.attempts,
				          s.url, s.secret""")
			.params(Timestamp.from(leaseUntil), Timestamp.from(now), limit)
			.query((rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
					rs.getObject("subscription_id", UUID.class), rs.getString("event_type"), rs.getString("payload"),
					rs.getInt("attempts"), rs.getString("url"), rs.getString("secret")))
			.list();
	}

	/** Whether the subscription still exists and is enabled: a delivery of a disabled or deleted one is not sent. */
	boolean subscriptionEnabled(UUID subscriptionId) {
		return jdbc.sql("SELECT enabled FROM webhook_subscription WHERE id = ?").param(subscriptionId)
			.query(Boolean.class).optional().orElse(false);
	}

	/** Hands back a claimed delivery that was not sent: pending and due at {@code dueAt}, its claim not an attempt. */
	void unclaim(UUID deliveryId, Instant dueAt) {
		jdbc.sql("""
				UPDATE webhook_delivery SET attempts = attempts - 1, next_attempt_at = ?
				WHERE id = ? AND status = 'PENDING' AND attempts > 0""")
			.params(Timestamp.from(dueAt), deliveryId)
			.update();
	}

	/**
	 * Locks the subscription of a delivery whose outcome is about to be recorded, so it cannot be deleted meanwhile
	 * (a delete locks it first too). False when the delivery or its subscription is gone: nothing to record.
	 */
	boolean lockForOutcome(UUID deliveryId) {
		return jdbc.sql("""
				SELECT s.id FROM webhook_subscription s JOIN webhook_delivery d ON d.subscription_id = s.id
				WHERE d.id = ?
				FOR NO KEY UPDATE OF s""")
			.param(deliveryId)
			.query(UUID.class)
			.optional()
			.isPresent();
	}

	void recordAttempt(Claimed d, Instant at, @Nullable Integer statusCode, int durationMs, boolean succeeded,
			@Nullable String error) {
		jdbc.sql("""
				INSERT INTO webhook_attempt (delivery_id, subscription_id, attempt, attempted_at, status_code, duration_ms,
				                             succeeded, error)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(d.id(), d.subscriptionId(), d.attempt(), Timestamp.from(at), statusCode, durationMs, succeeded,
					error)
			.update();
	}

	void delivered(UUID deliveryId, Instant at) {
		jdbc.sql("UPDATE webhook_delivery SET status = 'DELIVERED', delivered_at = ? WHERE id = ?")
			.params(Timestamp.from(at), deliveryId)
			.update();
	}

	void retryAt(UUID deliveryId, Instant next) {
		jdbc.sql("UPDATE webhook_delivery SET next_attempt_at = ? WHERE id = ?")
			.params(Timestamp.from(next), deliveryId)
			.update();
	}

	// Both failure-run writes add 1 to the subscription's version: an edit read before them conflicts, not undoes them.
	void subscriptionSucceeded(UUID subscriptionId) {
		jdbc.sql("UPDATE webhook_subscription SET consecutive_failures = 0, version = version + 1 "
				+ "WHERE id = ? AND consecutive_failures <> 0")
			.param(subscriptionId)
			.update();
	}

	/**
	 * Counts a failure; when the run reaches {@code threshold} the subscription is disabled. Returns the run length
	 * if this call disabled it (one caller only: the row lock orders concurrent failures).
	 */
	Optional<Integer> subscriptionFailed(UUID subscriptionId, int threshold, String reason, Instant at) {
		return jdbc.sql("""
				UPDATE webhook_subscription
				SET consecutive_failures = consecutive_failures + 1, version = version + 1,
				    enabled = enabled AND consecutive_failures + 1 < ?,
				    disabled_reason = CASE WHEN enabled AND consecutive_failures + 1 >= ? THEN ? ELSE disabled_reason END,
				    updated_at = CASE WHEN enabled AND consecutive_failures + 1 >= ? THEN ? ELSE updated_at END
				WHERE id = ?
				RETURNING consecutive_failures, disabled_reason IS NOT NULL AND NOT enabled
				          AND consecutive_failures = ? AS just_disabled""")
			.params(threshold, threshold, reason, threshold, Timestamp.from(at), subscriptionId, threshold)
			.query((rs, n) -> rs.getBoolean("just_disabled") ? Optional.of(rs.getInt("consecutive_failures"))
					: Optional.<Integer>empty())
			.optional()
			.flatMap(o -> o);
	}

	/** Deletes up to {@code limit} deliveries delivered before {@code cutoff}, their attempts with them. */
	int pruneDelivered(Instant cutoff, int limit) {
		return jdbc.sql("""
				DELETE FROM webhook_delivery WHERE id IN (
				    SELECT id FROM webhook_delivery WHERE status = 'DELIVERED' AND delivered_at < ? LIMIT ?)""")
			.params(Timestamp.from(cutoff), limit)
			.update();
	}

	List<WebhookAttempt> attempts(UUID subscriptionId, PageRequest page) {
		return jdbc.sql("""
				SELECT a.id, a.delivery_id, d.event_id, d.event_type, a.attempt, a.attempted_at, a.status_code,
				       a.duration_ms, a.succeeded, a.error
				FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id
				WHERE a.subscription_id = ?
				ORDER BY a.id DESC
				LIMIT ? OFFSET ?""")
			.params(subscriptionId, page.size(), page.offset())
			.query((rs, n) -> new WebhookAttempt(rs.getLong("id"), rs.getObject("delivery_id", UUID.class),
					rs.getObject("event_id", UUID.class), rs.getString("event_type"), rs.getInt("attempt"),
					rs.getTimestamp("attempted_at").toInstant(), (Integer) rs.getObject("status_code"),
					rs.getInt("duration_ms"), rs.getBoolean("succeeded"), rs.getString("error")))
			.list();
	}

	long countAttempts(UUID subscriptionId) {
		return jdbc.sql("SELECT count(*) FROM webhook_attempt WHERE subscription_id = ?").param(subscriptionId)
			.query(Long.class).single();
	}
}

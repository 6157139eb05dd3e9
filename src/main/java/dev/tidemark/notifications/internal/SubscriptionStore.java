package dev.tidemark.notifications.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.common.PageRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SubscriptionStore {

	private static final String COLUMNS = "id, url, array_to_string(events, ',') AS events, target_id, "
			+ "label_selector::text AS label_selector, format, enabled, consecutive_failures, disabled_reason, "
			+ "created_by, created_at, updated_at";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	SubscriptionStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(WebhookSubscription s, String encryptedSecret) {
		jdbc.sql("""
				INSERT INTO webhook_subscription (id, url, events, target_id, label_selector, secret, format, enabled,
				                                  created_by, created_at, updated_at)
				VALUES (?, ?, string_to_array(?, ','), ?, ?::jsonb, ?, ?, ?, ?, ?, ?)""")
			.params(s.id(), s.url(), String.join(",", s.events()), s.targetId(), labelsJson(s.labels()),
					encryptedSecret, s.format(), s.enabled(), s.createdBy(), Timestamp.from(s.createdAt()),
					Timestamp.from(s.updatedAt()))
			.update();
	}

	/** Writes the changeable fields; re-enabling clears the failure run. A null secret keeps the stored one. */
	void update(WebhookSubscription s, @Nullable String encryptedSecret) {
		jdbc.sql("""
				UPDATE webhook_subscription SET url = ?, events = string_to_array(?, ','), format = ?,
				       secret = coalesce(?, secret), updated_at = ?,
				       consecutive_failures = CASE WHEN ? AND NOT enabled THEN 0 ELSE consecutive_failures END,
				       disabled_reason = CASE WHEN ? THEN NULL ELSE disabled_reason END,
				       enabled = ?
				WHERE id = ?""")
			.params(s.url(), String.join(",", s.events()), s.format(), encryptedSecret, Timestamp.from(s.updatedAt()),
					s.enabled(), s.enabled(), s.enabled(), s.id())
			.update();
	}

	Optional<WebhookSubscription> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscription WHERE id = ?").param(id)
			.query(this::subscription).optional();
	}

	List<WebhookSubscription> page(PageRequest page) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_subscription ORDER BY created_at, id LIMIT ? OFFSET ?")
			.params(page.size(), page.offset())
			.query(this::subscription)
			.list();
	}

	long count() {
		return jdbc.sql("SELECT count(*) FROM webhook_subscription").query(Long.class).single();
	}

	boolean delete(UUID id) {
		return jdbc.sql("DELETE FROM webhook_subscription WHERE id = ?").param(id).update() > 0;
	}

	private @Nullable String labelsJson(@Nullable Map<String, String> labels) {
		return labels == null || labels.isEmpty() ? null : json.writeValueAsString(labels);
	}

	private WebhookSubscription subscription(ResultSet rs, int n) throws SQLException {
		String labels = rs.getString("label_selector");
		String events = rs.getString("events");
		return new WebhookSubscription(rs.getObject("id", UUID.class), rs.getString("url"),
				events.isEmpty() ? List.of() : Arrays.asList(events.split(",")), rs.getObject("target_id", UUID.class),
				labels == null ? null : json.readValue(labels, new TypeReference<Map<String, String>>() {
				}), rs.getString("format"), rs.getBoolean("enabled"), rs.getInt("consecutive_failures"),
				rs.getString("disabled_reason"), rs.getString("created_by"), instant(rs, "created_at"),
				instant(rs, "updated_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getTimestamp(column).toInstant();
	}
}

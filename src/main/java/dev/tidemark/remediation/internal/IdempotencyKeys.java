package dev.tidemark.remediation.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import dev.tidemark.common.InvalidRequestException;
import dev.tidemark.remediation.RemediationException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key}: a retried POST with the same key (per caller) returns the first result instead of acting
 * twice. Keys live in the store, so a retry that reaches another replica gets the same answer. A key reused for a
 * different request is refused; a key whose first request is still running is a conflict.
 */
@Component
class IdempotencyKeys {

	private static final int IN_PROGRESS = 0;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	IdempotencyKeys(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	<T> T run(@Nullable String key, String actor, String request, Class<T> type, Supplier<T> call) {
		if (key == null || key.isBlank()) {
			return call.get();
		}
		if (key.length() > 200) {
			throw new InvalidRequestException("Idempotency-Key", "must be at most 200 characters");
		}
		try {
			jdbc.sql("INSERT INTO idempotency_key (actor, key, request, status, response, created_at) VALUES (?, ?, ?, ?, '', ?)")
				.params(actor, key, request, IN_PROGRESS, Timestamp.from(clock.instant()))
				.update();
		}
		catch (DuplicateKeyException e) {
			return replay(key, actor, request, type);
		}
		try {
			T result = call.get();
			jdbc.sql("UPDATE idempotency_key SET status = 200, response = ? WHERE actor = ? AND key = ?")
				.params(json.writeValueAsString(result), actor, key)
				.update();
			return result;
		}
		catch (RuntimeException e) {
			// The call changed nothing (or its failure is its own answer): let a retry try again.
			jdbc.sql("DELETE FROM idempotency_key WHERE actor = ? AND key = ?").params(actor, key).update();
			throw e;
		}
	}

	private <T> T replay(String key, String actor, String request, Class<T> type) {
		record Stored(String request, int status, String response) {
		}
		Optional<Stored> stored = jdbc.sql("SELECT request, status, response FROM idempotency_key WHERE actor = ? AND key = ?")
			.params(actor, key)
			.query((rs, n) -> new Stored(rs.getString("request"), rs.getInt("status"), rs.getString("response")))
			.optional();
		if (stored.isEmpty()) {
			throw new RemediationException(RemediationException.Reason.STATE_CONFLICT,
					"The first request with this Idempotency-Key failed meanwhile; retry");
		}
		if (!stored.get().request().equals(request)) {
			throw new InvalidRequestException("Idempotency-Key", "was already used for a different request");
		}
		if (stored.get().status() == IN_PROGRESS) {
			throw new RemediationException(RemediationException.Reason.STATE_CONFLICT,
					"The first request with this Idempotency-Key is still running");
		}
		return json.readValue(stored.get().response(), type);
	}
}

package dev.tidemark.remediation.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

import dev.tidemark.common.IdempotencyKeyReusedException;
import dev.tidemark.common.InvalidRequestException;
import dev.tidemark.remediation.RemediationException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * {@code Idempotency-Key}: a retried POST with the same key (per caller) returns the first result instead of acting
 * twice. Keys live in the store, so a retry that reaches another replica gets the same answer. A key reused for a
 * different request (method, path or body: compared by a SHA-256 fingerprint) is refused with 422; a key whose
 * first request is still running is a conflict. Hand-written SQL: a key is claimed by one INSERT whose primary-key
 * violation tells a retry from the first request atomically, which a repository's save would hide.
 */
@Component
class IdempotencyKeys {

	private static final int IN_PROGRESS = 0;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	/** Bodies written the same way whatever order their properties or map entries arrived in. */
	private final JsonMapper canonical;

	private final Clock clock;

	IdempotencyKeys(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.canonical = json.rebuild()
			.enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
			.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
			.disable(SerializationFeature.INDENT_OUTPUT)
			.build();
		this.clock = clock;
	}

	/**
	 * Runs {@code call} once per key and caller. The request is the current HTTP request's method and path plus
	 * {@code body}, the parsed request body.
	 */
	<T> T run(@Nullable String key, String actor, Object body, Class<T> type, Supplier<T> call) {
		if (key == null || key.isBlank()) {
			return call.get();
		}
		if (key.length() > 200) {
			throw new InvalidRequestException("Idempotency-Key", "must be at most 200 characters");
		}
		HttpServletRequest http = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
		String request = http.getMethod() + " " + http.getRequestURI();
		String fingerprint = fingerprint(request, body);
		try {
			jdbc.sql("""
					INSERT INTO idempotency_key (actor, key, request, fingerprint, status, response, created_at)
					VALUES (?, ?, ?, ?, ?, '', ?)""")
				.params(actor, key, request, fingerprint, IN_PROGRESS, Timestamp.from(clock.instant()))
				.update();
		}
		catch (DuplicateKeyException e) {
			return replay(key, actor, fingerprint, type);
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

	private <T> T replay(String key, String actor, String fingerprint, Class<T> type) {
		record Stored(@Nullable String fingerprint, int status, String response) {
		}
		Optional<Stored> stored = jdbc.sql("SELECT fingerprint, status, response FROM idempotency_key WHERE actor = ? AND key = ?")
			.params(actor, key)
			.query((rs, n) -> new Stored(rs.getString("fingerprint"), rs.getInt("status"), rs.getString("response")))
			.optional();
		if (stored.isEmpty()) {
			throw new RemediationException(RemediationException.Reason.STATE_CONFLICT,
					"The first request with this Idempotency-Key failed meanwhile; retry");
		}
		if (!fingerprint.equals(stored.get().fingerprint())) {
			throw new IdempotencyKeyReusedException(key, "Idempotency-Key '" + printable(key)
					+ "' was used for a different request (method, path or body differ); use a new key for a new request");
		}
		if (stored.get().status() == IN_PROGRESS) {
			throw new RemediationException(RemediationException.Reason.STATE_CONFLICT,
					"The first request with this Idempotency-Key is still running");
		}
		return json.readValue(stored.get().response(), type);
	}

	/** SHA-256 over method and path, then the body in canonical JSON. */
	private String fingerprint(String request, Object body) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(request.getBytes(StandardCharsets.UTF_8));
			sha.update((byte) '\n');
			sha.update(canonical.writeValueAsBytes(body));
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}

	private static String printable(String key) {
		String cleaned = key.replaceAll("[^\\x20-\\x7E]", "?");
		return cleaned.length() > 64 ? cleaned.substring(0, 64) + "…" : cleaned;
	}
}

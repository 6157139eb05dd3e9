package dev.tidemark.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Published when a sign-in attempt is refused with 429 before its credentials were checked, because its user name
 * ({@code limit} {@code user}) or its client address ({@code address}) had too many recent failures.
 * {@code attemptedName} is the HTTP Basic user name as sent (null for a bearer token, whose name is not looked up);
 * {@code method} is {@code basic} or {@code bearer}. Never carries a password or token.
 */
public record LoginThrottled(@Nullable String attemptedName, @Nullable String remoteAddress, String method,
		String limit, Duration retryAfter) {

	public static final String USER_LIMIT = "user";

	public static final String ADDRESS_LIMIT = "address";
}

package dev.tidemark.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Published when an admin creates an API token; never carries the secret, which only the response holds.
 * {@code actor} is the credential that created it, {@code owner} the human the token acts for.
 */
public record ApiTokenIssued(UUID tokenId, String name, List<Role> roles, Instant expiresAt, String actor,
		String owner) {
}

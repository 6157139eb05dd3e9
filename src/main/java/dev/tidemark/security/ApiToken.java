package dev.tidemark.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An API token as listed: never with its secret, which is shown once at creation and stored only as a hash.
 * {@code createdBy} is the credential that created it ({@code alice} or {@code token:ci}); {@code owner} is the human
 * it acts for: the creator's human, so a token created with another token belongs to that token's owner.
 */
public record ApiToken(UUID id, String name, List<Role> roles, String createdBy, String owner, Instant createdAt,
		Instant expiresAt, @Nullable Instant lastUsedAt) {
}

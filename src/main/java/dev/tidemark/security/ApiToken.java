package dev.tidemark.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** An API token as listed: never with its secret, which is shown once at creation and stored only as a hash. */
public record ApiToken(UUID id, String name, List<Role> roles, String createdBy, Instant createdAt,
		Instant expiresAt, @Nullable Instant lastUsedAt) {
}

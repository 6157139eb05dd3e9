package dev.tidemark.security.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.tidemark.security.ApiToken;
import dev.tidemark.security.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The API token aggregate as stored: its secret only as a SHA-256 hash. {@code version} null marks a new one (ids
 * are assigned); recording a use ({@code last_used_at}) is bookkeeping, not an edit, and leaves it alone.
 */
@Table("api_token")
record ApiTokenRow(@Id UUID id, String name, String tokenSha256, List<String> roles, String createdBy, String owner,
		Instant createdAt, Instant expiresAt, @Nullable Instant lastUsedAt, @Version @Nullable Integer version) {

	static ApiTokenRow of(ApiToken token, String sha256) {
		return new ApiTokenRow(token.id(), token.name(), sha256, token.roles().stream().map(Role::name).toList(),
				token.createdBy(), token.owner(), token.createdAt(), token.expiresAt(), token.lastUsedAt(), null);
	}

	ApiToken toToken() {
		return new ApiToken(id, name, roles.stream().map(Role::valueOf).sorted().toList(), createdBy, owner, createdAt,
				expiresAt, lastUsedAt);
	}
}

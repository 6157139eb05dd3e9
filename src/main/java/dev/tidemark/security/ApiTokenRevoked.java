package dev.tidemark.security;

import java.util.List;
import java.util.UUID;

/** Published when an admin revokes (deletes) an API token; {@code owner} is the human the token acted for. */
public record ApiTokenRevoked(UUID tokenId, String name, List<Role> roles, String actor, String owner) {
}

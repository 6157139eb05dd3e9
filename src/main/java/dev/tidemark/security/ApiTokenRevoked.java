package dev.tidemark.security;

import java.util.List;
import java.util.UUID;

/** Published when an admin revokes (deletes) an API token. */
public record ApiTokenRevoked(UUID tokenId, String name, List<Role> roles, String actor) {
}

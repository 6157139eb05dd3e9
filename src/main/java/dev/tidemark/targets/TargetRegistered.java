package dev.tidemark.targets;

import java.util.UUID;

/** Published when a target is registered, changed or removed; carries no secret. */
public record TargetRegistered(UUID targetId, String name, String actor) {
}

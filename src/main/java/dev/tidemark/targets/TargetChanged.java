package dev.tidemark.targets;

import java.util.UUID;

public record TargetChanged(UUID targetId, String name, String actor, boolean credentialsChanged) {
}

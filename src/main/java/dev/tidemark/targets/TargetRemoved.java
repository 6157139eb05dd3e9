package dev.tidemark.targets;

import java.util.UUID;

public record TargetRemoved(UUID targetId, String name, String actor) {
}

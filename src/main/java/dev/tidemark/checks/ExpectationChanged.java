package dev.tidemark.checks;

import java.util.UUID;

/** Published when a target's contract, reference or baseline is set or removed. */
public record ExpectationChanged(UUID targetId, String kind, String change, String actor) {
}

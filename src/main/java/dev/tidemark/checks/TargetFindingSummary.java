package dev.tidemark.checks;

import java.util.Map;
import java.util.UUID;

/** Open findings of one target by severity. */
public record TargetFindingSummary(UUID targetId, String targetName, Map<Severity, Integer> open, int total) {
}

package dev.tidemark.checks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The release gate's answer: passed when the target has a successful scan and no open finding at or above
 * {@code maxSeverity}. {@code reason} says why it failed in one line; {@code blocking} lists the findings.
 */
public record GateResult(UUID targetId, String targetName, Severity maxSeverity, boolean passed,
		@Nullable String reason, Instant evaluatedAt, @Nullable UUID lastScanId, @Nullable Instant lastScanAt,
		List<Finding> blocking) {
}

package dev.tidemark.checks;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A finding: one broken object reported by one rule, followed across scans by its fingerprint. OPEN while the
 * problem is there, RESOLVED when a scan no longer sees it, SUPPRESSED with a reason until an expiry.
 */
public record Finding(UUID id, UUID targetId, String ruleId, Severity severity, Status status, ObjectRef object,
		String objectText, String message, Map<String, Object> evidence, Repair repair, boolean remediable,
		String fingerprint, Instant firstSeenAt, Instant lastSeenAt, @Nullable Instant resolvedAt,
		@Nullable Suppression suppression) {

	public enum Status {
		OPEN, RESOLVED, SUPPRESSED
	}

	/** Why a finding is suppressed, by whom, and until when (it reopens after). */
	public record Suppression(String reason, String by, Instant at, Instant until) {
	}
}

package dev.tidemark.remediation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A repair plan for findings of one target, bound to the catalog state it was made from, and where it stands:
 * PROPOSED → APPROVED → EXECUTING → APPLIED → VERIFIED, or REJECTED, STALE, FAILED, ROLLED_BACK.
 *
 * @param validApprovals approvals that have not expired
 * @param statusReason why it is in its status, for FAILED, STALE, APPLIED (remaining findings), REJECTED
 */
public record Remediation(UUID id, UUID targetId, Status status, Plan.Risk risk, int requiredApprovals,
		int validApprovals, String proposedBy, Instant proposedAt, Instant updatedAt, List<UUID> findingIds,
		List<String> touchedObjects, List<StepSummary> steps, List<Decision> decisions,
		@Nullable String statusReason, List<String> remainingFindings) {

	public enum Status {
		PROPOSED, APPROVED, EXECUTING, APPLIED, VERIFIED, REJECTED, STALE, FAILED, ROLLED_BACK
	}

	/** A step as a reader needs it; the SQL is in the changelog and the preview. */
	public record StepSummary(String id, UUID findingId, String description, Plan.Risk risk, boolean transactional,
			String rollback) {
	}

	/** An approval or rejection: who, when, why, and for approvals when it expires. */
	public record Decision(Kind kind, String actor, String comment, @Nullable String externalRef, Instant decidedAt,
			@Nullable Instant expiresAt, boolean expired) {

		public enum Kind {
			APPROVAL, REJECTION
		}
	}
}

package dev.tidemark.remediation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A repair plan for findings of one target, bound to the catalog state it was made from, and where it stands:
 * PROPOSED → APPROVED → EXECUTING → APPLIED → VERIFIED, or REJECTED, STALE, FAILED, ROLLED_BACK.
 *
 * @param validApprovals approvals that have not expired, one per person
 * @param proposedBy the credential that proposed it ({@code alice}, {@code token:ci})
 * @param proposedByHuman the person behind that credential: the one person who can never approve it
 * @param statusReason why it is in its status, for FAILED, STALE, APPLIED (remaining findings), REJECTED, and for
 * an EXECUTING one whose executor stopped
 * @param orphanedStatement while EXECUTING without a live executor: what that executor left running on the target
 */
public record Remediation(UUID id, UUID targetId, Status status, Plan.Risk risk, int requiredApprovals,
		int validApprovals, String proposedBy, String proposedByHuman, Instant proposedAt, Instant updatedAt,
		List<UUID> findingIds, List<String> touchedObjects, List<StepSummary> steps, List<Decision> decisions,
		@Nullable String statusReason, List<String> remainingFindings, @Nullable OrphanedStatement orphanedStatement) {

	public enum Status {
		PROPOSED, APPROVED, EXECUTING, APPLIED, VERIFIED, REJECTED, STALE, FAILED, ROLLED_BACK
	}

	/** A step as a reader needs it; the SQL is in the changelog and the preview. */
	public record StepSummary(String id, UUID findingId, String description, Plan.Risk risk, boolean transactional,
			String rollback) {
	}

	/**
	 * An approval or rejection: who (the credential, and the person behind it), when, why, and for approvals when it
	 * expires.
	 */
	public record Decision(Kind kind, String actor, String human, String comment, @Nullable String externalRef,
			Instant decidedAt, @Nullable Instant expiresAt, boolean expired) {

		/** ROLLBACK_APPROVAL: agrees to rolling an applied remediation back (needed by whoever runs the rollback). */
		public enum Kind {
			APPROVAL, REJECTION, ROLLBACK_APPROVAL
		}
	}

	/**
	 * A statement a stopped executor left running on the target (a session keeps running its statement after its
	 * client is gone): the remediation is reconciled once it ends.
	 */
	public record OrphanedStatement(int pid, String statement, @Nullable Instant since, String state) {
	}
}

package dev.tidemark.remediation.internal;

import java.time.Instant;
import java.util.UUID;

import dev.tidemark.remediation.Remediation;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An approval or rejection as stored: an aggregate of its own, only ever inserted. Not a collection of the
 * remediation's: appending through the root would rewrite the root under its version, so two people approving at
 * once would conflict; the unique key (remediation, human, kind) is the guard instead. No version: never updated.
 */
@Table("remediation_decision")
record StoredDecision(@Id UUID id, UUID remediationId, Remediation.Decision.Kind kind, String actor, String human,
		String comment, @Nullable String externalRef, Instant decidedAt, @Nullable Instant expiresAt,
		@Nullable Integer executionsBefore) {

	/** @param executionsBefore for a rollback approval: how many executions the remediation had (null otherwise) */
	static StoredDecision of(UUID remediationId, Remediation.Decision d, @Nullable Integer executionsBefore) {
		return new StoredDecision(UUID.randomUUID(), remediationId, d.kind(), d.actor(), d.human(), d.comment(),
				d.externalRef(), d.decidedAt(), d.expiresAt(), executionsBefore);
	}

	/**
	 * Whether this rollback approval is for what the target holds now: given while the remediation had
	 * {@code executions} executions (or, recorded before that count was kept, after the last one started).
	 */
	boolean approvesRollbackOf(int executions, Instant lastExecutionStart) {
		return executionsBefore == null ? decidedAt.isAfter(lastExecutionStart) : executionsBefore == executions;
	}

	Remediation.Decision toDecision(Instant now) {
		return new Remediation.Decision(kind, actor, human, comment, externalRef, decidedAt, expiresAt,
				expiresAt != null && !expiresAt.isAfter(now));
	}
}

package dev.tidemark.remediation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One run of a remediation's changelog (or its rollback, or a reconciliation after a restart): per changeset what
 * the target's {@code tidemark_databasechangelog} recorded, and on failure the error and SQLSTATE.
 */
public record Execution(UUID id, UUID remediationId, Kind kind, String startedBy, Instant startedAt,
		@Nullable Instant finishedAt, Status status, int attempts, List<Changeset> changesets, @Nullable String error,
		@Nullable String sqlState) {

	public enum Kind {
		EXECUTE, ROLLBACK, RECONCILE
	}

	public enum Status {
		RUNNING, SUCCEEDED, FAILED
	}

	/** A changeset and how it was recorded: EXECUTED, MARK_RAN (its drift was already gone), ROLLED_BACK. */
	public record Changeset(String id, String result) {
	}
}

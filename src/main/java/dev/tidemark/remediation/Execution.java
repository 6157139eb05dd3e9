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

	/**
	 * A changeset of the plan and what became of it: EXECUTED, MARK_RAN (its drift was already gone), RERAN (a
	 * guard checked again), FAILED, NOT_RUN (after a failure), ROLLED_BACK, ROLLBACK_FAILED; when it ran in this
	 * execution, how long it took ({@code durationMs}), and on failure the SQLSTATE and message; {@code sql} is
	 * what it runs. Executions recorded before these details existed carry only id and result.
	 */
	public record Changeset(String id, String result, @Nullable Long durationMs, @Nullable String sql,
			@Nullable String sqlState, @Nullable String message) {

		public Changeset(String id, String result) {
			this(id, result, null, null, null, null);
		}
	}
}

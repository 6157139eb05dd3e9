package dev.tidemark.remediation;

import java.util.List;
import java.util.UUID;

import dev.tidemark.common.Caller;

/** Executing, verifying and rolling back approved repairs; one at a time per target, on any number of replicas. */
public interface RemediationExecutions {

	/**
	 * Runs an APPROVED (or FAILED, to retry) remediation. A retry resumes: the plan's own completed changesets and
	 * the INVALID index of its own failed build do not make it stale.
	 */
	Execution execute(UUID id, String actor);

	List<Execution> executions(UUID id);

	/**
	 * Runs the rollbacks that exist, newest changeset first, stopping at the first one that has none (or that was
	 * only marked ran: its drift was gone, so there is nothing of Tidemark's to undo). Needs the remediation's number
	 * of approvals in valid rollback approvals from people other than {@code caller}.
	 */
	Execution rollback(UUID id, Caller caller);
}

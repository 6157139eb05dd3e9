package dev.tidemark.remediation;

import java.util.List;
import java.util.UUID;

import dev.tidemark.common.Caller;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import org.jspecify.annotations.Nullable;

/** Planning, approving, executing and rolling back repairs. */
public interface Remediations {

	/**
	 * Plans a repair of open findings of one target, bound to the target's latest snapshot. Refused as a whole
	 * (with each finding's reason and what to do instead) when a finding has no safe automatic repair.
	 */
	Remediation propose(List<UUID> findingIds, Caller caller);

	Remediation get(UUID id);

	PageOf<Remediation> list(@Nullable UUID targetId, Remediation.@Nullable Status status, PageRequest page);

	String changelog(UUID id);

	String preview(UUID id);

	Remediation approve(UUID id, Caller caller, String comment, @Nullable String externalRef);

	Remediation reject(UUID id, Caller caller, String comment, @Nullable String externalRef);

	/** Runs an APPROVED (or FAILED, to retry) remediation; one at a time per target. */
	Execution execute(UUID id, String actor);

	List<Execution> executions(UUID id);

	/**
	 * Runs the rollbacks that exist, newest changeset first, stopping at the first one that has none (or that was
	 * only marked ran: its drift was gone, so there is nothing of Tidemark's to undo).
	 */
	Execution rollback(UUID id, String actor);
}

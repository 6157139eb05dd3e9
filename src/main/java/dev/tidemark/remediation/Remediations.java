package dev.tidemark.remediation;

import java.util.List;
import java.util.UUID;

import dev.tidemark.common.Caller;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import org.jspecify.annotations.Nullable;

/** Planning and approving repairs; {@link RemediationExecutions} runs them. */
public interface Remediations {

	/**
	 * Plans a repair of open findings of one target, bound to the target's latest snapshot. Refused as a whole
	 * (with each finding's reason and what to do instead) when a finding has no safe automatic repair.
	 */
	default Remediation propose(List<UUID> findingIds, Caller caller) {
		return propose(findingIds, false, caller);
	}

	/**
	 * As {@link #propose(List, Caller)}; {@code allowDestructive} lets the plan drop what the target holds and its
	 * reference does not (tables, columns, views, functions, types, indexes, constraints, policies, grants).
	 * Without it such findings are refused.
	 */
	Remediation propose(List<UUID> findingIds, boolean allowDestructive, Caller caller);

	Remediation get(UUID id);

	PageOf<Remediation> list(@Nullable UUID targetId, Remediation.@Nullable Status status, PageRequest page);

	String changelog(UUID id);

	String preview(UUID id);

	Remediation approve(UUID id, Caller caller, String comment, @Nullable String externalRef);

	Remediation reject(UUID id, Caller caller, String comment, @Nullable String externalRef);

	/**
	 * Agrees to rolling back an APPLIED, VERIFIED or FAILED remediation: a rollback needs as many of these as the
	 * remediation needed approvals, from people other than the one who runs it. One per person; they expire.
	 */
	Remediation approveRollback(UUID id, Caller caller, String comment, @Nullable String externalRef);
}

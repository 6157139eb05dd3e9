package dev.tidemark.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the trail. {@code action} is {@code <object>.<verb>} (e.g. {@code target.register},
 * {@code remediation.approve}, {@code login}); {@code outcome} is SUCCEEDED or FAILED, or for remediations the
 * state the step led to (PROPOSED, APPROVED, REJECTED, APPLIED, ...). {@code targetId} stays after the target is
 * removed. {@code actor} is the credential ({@code alice}, {@code token:ci}, {@code scheduler}); {@code onBehalfOf}
 * is the human it traces back to (an API token's owner), or the actor itself where there is no other.
 */
public record AuditEvent(UUID id, Instant occurredAt, String actor, ActorKind actorKind, String onBehalfOf,
		String action, @Nullable UUID targetId, @Nullable String objectType, @Nullable String objectId,
		String outcome, @Nullable String remoteAddress, Map<String, Object> detail) {
}

package dev.tidemark.remediation;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Published at every step of a remediation's life: proposed, approved, rejected, executed, rolled back, ... */
public record RemediationEvent(UUID remediationId, UUID targetId, String action, String actor, String outcome,
		@Nullable String detail) {
}

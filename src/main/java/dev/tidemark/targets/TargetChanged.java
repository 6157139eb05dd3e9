package dev.tidemark.targets;

import java.util.Map;
import java.util.UUID;

/**
 * A target was replaced. {@code changes}: each field that changed (name, jdbcUrl, username, remediationUsername,
 * labels) with its value before and after, for the audit trail; passwords never, only whether one was set anew
 * ({@code credentialsChanged}).
 */
public record TargetChanged(UUID targetId, String name, String actor, boolean credentialsChanged,
		Map<String, Change> changes) {

	public TargetChanged {
		changes = Map.copyOf(changes);
	}

	/** A field's value before and after (an empty string: none). */
	public record Change(Object from, Object to) {
	}
}

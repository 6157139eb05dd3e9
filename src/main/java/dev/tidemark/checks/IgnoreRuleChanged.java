package dev.tidemark.checks;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Published when an ignore rule is created, updated or deleted; {@code targetId} null for a global rule.
 * {@code selectors} describes what it ignores, e.g. {@code rule=reference-extra object=public.tmp_*}; for an update
 * they, {@code reason} and {@code expiresAt} are the new values and {@code before} the replaced ones.
 */
public record IgnoreRuleChanged(UUID ignoreRuleId, @Nullable UUID targetId, Change change, String selectors,
		String reason, @Nullable Instant expiresAt, @Nullable Before before, String actor) {

	public enum Change {

		CREATED, UPDATED, DELETED

	}

	/** What an updated rule selected, said and when it expired before the update. */
	public record Before(String selectors, String reason, @Nullable Instant expiresAt) {
	}
}

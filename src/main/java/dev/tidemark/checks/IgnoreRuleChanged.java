package dev.tidemark.checks;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Published when an ignore rule is created ({@code created} true) or deleted; {@code targetId} null for a global
 * rule. {@code selectors} describes what it ignores, e.g. {@code rule=reference-extra object=public.tmp_*}.
 */
public record IgnoreRuleChanged(UUID ignoreRuleId, @Nullable UUID targetId, boolean created, String selectors,
		String reason, String actor) {
}

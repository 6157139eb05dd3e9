package dev.tidemark.checks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import org.jspecify.annotations.Nullable;

/** Reading findings, suppressing them, and the release gate. */
public interface Findings {

	/** Filters (null = any), sorted by {@code sort} then a stable tie-breaker. */
	record Query(@Nullable UUID targetId, @Nullable List<Severity> severities, @Nullable List<Finding.Status> statuses,
			@Nullable List<String> ruleIds, @Nullable String objectText, SortField sort, boolean descending) {
	}

	enum SortField {
		SEVERITY, LAST_SEEN_AT, FIRST_SEEN_AT, RULE_ID, OBJECT
	}

	PageOf<Finding> list(Query query, PageRequest page);

	Finding get(UUID findingId);

	/** Suppresses an open finding until {@code until}; it reopens then if the problem is still there. */
	Finding suppress(UUID findingId, String reason, Instant until, String actor);

	Finding unsuppress(UUID findingId, String actor);

	List<TargetFindingSummary> summary();

	GateResult gate(UUID targetId, Severity maxSeverity);

	List<RuleDescription> rules();
}

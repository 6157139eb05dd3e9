package dev.tidemark.checks.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.FindingNotFoundException;
import dev.tidemark.checks.FindingStateException;
import dev.tidemark.checks.FindingSuppressed;
import dev.tidemark.checks.Findings;
import dev.tidemark.checks.GateResult;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Scan;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.TargetFindingSummary;
import dev.tidemark.common.InvalidRequestException;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.Targets;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class FindingService implements Findings {

	private final FindingStore store;

	private final ScanStore scans;

	private final RuleCatalog rules;

	private final Targets targets;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	FindingService(FindingStore store, ScanStore scans, RuleCatalog rules, Targets targets,
			ApplicationEventPublisher events, Clock clock) {
		this.store = store;
		this.scans = scans;
		this.rules = rules;
		this.targets = targets;
		this.events = events;
		this.clock = clock;
	}

	@Override
	@Transactional(readOnly = true)
	public PageOf<Finding> list(Query query, PageRequest page) {
		FindingStore.Filter filter = new FindingStore.Filter(query.targetId(), query.severities(), query.statuses(),
				query.ruleIds(), query.objectText());
		FindingStore.Sort sort = switch (query.sort()) {
			case SEVERITY -> FindingStore.Sort.SEVERITY;
			case LAST_SEEN_AT -> FindingStore.Sort.LAST_SEEN;
			case FIRST_SEEN_AT -> FindingStore.Sort.FIRST_SEEN;
			case RULE_ID -> FindingStore.Sort.RULE;
			case OBJECT -> FindingStore.Sort.OBJECT;
		};
		return PageOf.of(store.page(filter, sort, query.descending(), page), page, store.count(filter));
	}

	@Override
	public Finding get(UUID findingId) {
		return store.find(findingId).orElseThrow(() -> new FindingNotFoundException(findingId));
	}

	@Override
	@Transactional
	public Finding suppress(UUID findingId, String reason, Instant until, String actor) {
		Instant now = now();
		if (!until.isAfter(now)) {
			throw new InvalidRequestException("until", "must be in the future");
		}
		Finding finding = get(findingId);
		if (finding.status() == Finding.Status.RESOLVED) {
			throw new FindingStateException("Finding " + findingId + " is resolved; there is nothing to suppress");
		}
		store.suppress(findingId, reason, actor, now, until.truncatedTo(ChronoUnit.MICROS));
		events.publishEvent(new FindingSuppressed(findingId, finding.targetId(), actor, reason, until));
		return get(findingId);
	}

	@Override
	@Transactional
	public Finding unsuppress(UUID findingId, String actor) {
		Finding finding = get(findingId);
		if (!store.unsuppress(findingId)) {
			throw new FindingStateException("Finding " + findingId + " is " + finding.status() + ", not suppressed");
		}
		events.publishEvent(new FindingSuppressed(findingId, finding.targetId(), actor, null, null));
		return get(findingId);
	}

	@Override
	@Transactional(readOnly = true)
	public List<TargetFindingSummary> summary() {
		Map<UUID, String> names = new LinkedHashMap<>();
		Map<UUID, Map<Severity, Integer>> counts = new LinkedHashMap<>();
		for (Map<String, Object> row : store.openCounts()) {
			UUID id = (UUID) row.get("target_id");
			names.put(id, (String) row.get("target_name"));
			Map<Severity, Integer> bySeverity = counts.computeIfAbsent(id, k -> zeroes());
			if (row.get("severity") != null) {
				bySeverity.put(Severity.valueOf((String) row.get("severity")), ((Number) row.get("n")).intValue());
			}
		}
		List<TargetFindingSummary> summaries = new ArrayList<>();
		counts.forEach((id, bySeverity) -> summaries.add(new TargetFindingSummary(id, names.get(id), bySeverity,
				bySeverity.values().stream().mapToInt(Integer::intValue).sum())));
		return summaries;
	}

	@Override
	@Transactional
	public GateResult gate(UUID targetId, Severity maxSeverity) {
		Target target = targets.get(targetId);
		Instant now = now();
		// An expired suppression must not let a release through.
		store.reopenExpiredSuppressions(now);
		var lastScan = scans.latestSucceeded(targetId);
		if (lastScan.isEmpty()) {
			return new GateResult(targetId, target.name(), maxSeverity, false,
					"The target has no successful scan yet", now, null, null, List.of());
		}
		Scan scan = lastScan.get();
		List<Finding> blocking = store.openAtLeast(targetId, maxSeverity);
		String reason = blocking.isEmpty() ? null
				: blocking.size() + " open finding(s) at or above " + maxSeverity;
		return new GateResult(targetId, target.name(), maxSeverity, blocking.isEmpty(), reason, now, scan.id(),
				scan.finishedAt(), blocking);
	}

	@Override
	public List<RuleDescription> rules() {
		return rules.all().stream().map(RuleDescription::of).toList();
	}

	private static Map<Severity, Integer> zeroes() {
		Map<Severity, Integer> map = new EnumMap<>(Severity.class);
		for (Severity s : Severity.values()) {
			map.put(s, 0);
		}
		return map;
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}

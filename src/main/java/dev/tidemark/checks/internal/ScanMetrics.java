package dev.tidemark.checks.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.tidemark.checks.Scan;
import dev.tidemark.targets.TargetChanged;
import dev.tidemark.targets.TargetRegistered;
import dev.tidemark.targets.TargetRemoved;
import dev.tidemark.targets.Targets;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Prometheus: {@code tidemark_findings_open{target,severity,rule}} (read from the store, so every replica reports
 * the same numbers), {@code tidemark_scan_duration_seconds{target,outcome}} and
 * {@code tidemark_scan_failures_total{target}}, and {@code tidemark_scan_lag_seconds} (scheduled scans' start minus
 * due time, all targets in one histogram with 8 buckets from 1 s to 15 min). The duration is a histogram (13 buckets from 100 ms to 30 min, so
 * {@code histogram_quantile} works across replicas); the failure counter of every target exists at zero from start-up
 * (or from its registration), so {@code increase()} and alerts see the first failure.
 */
@Component
class ScanMetrics {

	/** Upper bounds of the histogram buckets (and +Inf): few, so that many targets stay cheap to scrape. */
	private static final Duration[] BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(250),
			Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
			Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
			Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30) };

	private final MeterRegistry registry;

	private final FindingStore findings;

	private final MultiGauge openFindings;

	private final Targets targets;

	/** The open-findings gauge's numbers, read at each scrape; guarded by this. */
	private final Map<Series, AtomicInteger> open = new HashMap<>();

	ScanMetrics(MeterRegistry registry, FindingStore findings, Targets targets) {
		this.registry = registry;
		this.findings = findings;
		this.targets = targets;
		this.openFindings = MultiGauge.builder("tidemark.findings.open")
			.description("Open findings by target, severity and rule")
			.register(registry);
	}

	/** Upper bounds of the lag histogram: the schedule is healthy while the lag stays well under a minute. */
	private static final Duration[] LAG_BUCKETS = { Duration.ofSeconds(1), Duration.ofSeconds(5),
			Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
			Duration.ofMinutes(5), Duration.ofMinutes(15) };

	/** A scheduled scan started {@code lag} after it was due; one series for all targets, to keep a fleet cheap. */
	void scanStarted(Duration lag) {
		Timer.builder("tidemark.scan.lag")
			.description("Delay of scheduled scans: actual start minus the time they were due")
			.serviceLevelObjectives(LAG_BUCKETS)
			.register(registry)
			.record(lag.isNegative() ? Duration.ZERO : lag);
	}

	/** Each phase of a successful scan, all targets in one series per phase (a fleet stays cheap to scrape). */
	void phases(Map<Scan.Phase, Duration> phases) {
		phases.forEach((phase, duration) -> Timer.builder("tidemark.scan.phase")
			.description("Time of successful scans per phase (fingerprint, catalog, rules, serialize, ...)")
			.tags("phase", phase.key())
			.serviceLevelObjectives(BUCKETS)
			.register(registry)
			.record(duration));
	}

	void scanFinished(String target, boolean succeeded, Duration duration) {
		Timer.builder("tidemark.scan.duration")
			.description("Duration of scans (snapshot, rules, reconciliation)")
			.tags("target", target, "outcome", succeeded ? "succeeded" : "failed")
			.serviceLevelObjectives(BUCKETS)
			.register(registry)
			.record(duration);
		Counter failures = failures(target);
		if (!succeeded) {
			failures.increment();
		}
	}

	/**
	 * A target's series after its scan stored findings: one query of its own findings, not the whole fleet's (at a
	 * thousand targets that made every scan read every open finding). Series that vanished read 0 until the periodic
	 * refresh drops them.
	 */
	synchronized void openFindingsChanged(UUID targetId, String target) {
		Map<Series, Integer> counts = counts(findings.openCountsByRule(targetId), row -> target);
		open.forEach((series, n) -> {
			if (series.target().equals(target) && !counts.containsKey(series)) {
				n.set(0);
			}
		});
		int known = open.size();
		counts.forEach((series, n) -> open.computeIfAbsent(series, s -> new AtomicInteger()).set(n));
		if (open.size() > known) {
			registerOpenFindings();
		}
	}

	/** The failure counters of the targets registered so far, at zero. */
	@EventListener(ApplicationReadyEvent.class)
	void registerFailureCounters() {
		targets.all().forEach(target -> failures(target.name()));
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(TargetRegistered registered) {
		failures(registered.name());
	}

	/** A renamed target's series start under its new name. */
	@TransactionalEventListener(fallbackExecution = true)
	void on(TargetChanged changed) {
		failures(changed.name());
	}

	/** A removed target's series go, so they do not stay in every scrape until a restart. */
	@TransactionalEventListener(fallbackExecution = true)
	void on(TargetRemoved removed) {
		for (String name : List.of("tidemark.scan.failures", "tidemark.scan.duration")) {
			registry.find(name).tag("target", removed.name()).meters().forEach(registry::remove);
		}
	}

	private Counter failures(String target) {
		return Counter.builder("tidemark.scan.failures").description("Scans that failed").tag("target", target)
			.register(registry);
	}

	/** Every target's series from the store: what other replicas' scans and the API changed shows here too. */
	@Scheduled(fixedDelayString = "${tidemark.checks.metrics-refresh:60s}", initialDelayString = "5s")
	synchronized void refreshOpenFindings() {
		Map<Series, Integer> counts = counts(findings.openCountsByRule(), row -> (String) row.get("target"));
		open.keySet().retainAll(counts.keySet());
		counts.forEach((series, n) -> open.computeIfAbsent(series, s -> new AtomicInteger()).set(n));
		registerOpenFindings();
	}

	/** Open findings per series, from rows of severity, rule_id and n (the target named by {@code target}). */
	private static Map<Series, Integer> counts(List<Map<String, Object>> rows,
			Function<Map<String, Object>, String> target) {
		Map<Series, Integer> counts = new HashMap<>();
		rows.forEach(row -> counts.put(new Series(target.apply(row), (String) row.get("severity"),
				(String) row.get("rule_id")), ((Number) row.get("n")).intValue()));
		return counts;
	}

	/**
	 * The gauge's series are the keys of {@code open}: without overwriting, a series already registered keeps its
	 * number (updated in place), new ones are added and vanished ones removed, so a scrape never misses one.
	 */
	private void registerOpenFindings() {
		openFindings.register(open.entrySet()
			.stream()
			.<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("target", e.getKey().target(), "severity",
					e.getKey().severity(), "rule", e.getKey().rule()), e.getValue()))
			.toList(), false);
	}

	/** One series of the open-findings gauge. */
	private record Series(String target, String severity, String rule) {
	}
}

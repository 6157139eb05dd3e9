package dev.tidemark.checks.internal;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Prometheus: {@code tidemark_findings_open{target,severity,rule}} (read from the store, so every replica reports
 * the same numbers), {@code tidemark_scan_duration_seconds{target,outcome}} and
 * {@code tidemark_scan_failures_total{target}}.
 */
@Component
class ScanMetrics {

	private final MeterRegistry registry;

	private final FindingStore findings;

	private final MultiGauge openFindings;

	ScanMetrics(MeterRegistry registry, FindingStore findings) {
		this.registry = registry;
		this.findings = findings;
		this.openFindings = MultiGauge.builder("tidemark.findings.open")
			.description("Open findings by target, severity and rule")
			.register(registry);
	}

	void scanFinished(String target, boolean succeeded, Duration duration) {
		Timer.builder("tidemark.scan.duration")
			.description("Duration of scans (snapshot, rules, reconciliation)")
			.tags("target", target, "outcome", succeeded ? "succeeded" : "failed")
			.register(registry)
			.record(duration);
		if (!succeeded) {
			Counter.builder("tidemark.scan.failures").description("Scans that failed").tag("target", target)
				.register(registry).increment();
		}
		refreshOpenFindings();
	}

	@Scheduled(fixedDelayString = "${tidemark.checks.metrics-refresh:60s}", initialDelayString = "5s")
	void refreshOpenFindings() {
		List<MultiGauge.Row<?>> rows = findings.openCountsByRule()
			.stream()
			.<MultiGauge.Row<?>>map(r -> MultiGauge.Row.of(Tags.of("target", (String) r.get("target"), "severity",
					(String) r.get("severity"), "rule", (String) r.get("rule_id")), ((Number) r.get("n")).doubleValue()))
			.toList();
		openFindings.register(rows, true);
	}
}

package dev.tidemark.checks.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.CheckSettings;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.ContractGenerator;
import dev.tidemark.inspection.internal.CatalogReader;
import dev.tidemark.inspection.model.CatalogSnapshot;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Times a full scan's two halves on a live database: the snapshot ({@link CatalogReader#read}) and every rule
 * ({@link Evaluator#evaluate}), so the rules' share of a scan is measured, not guessed. A benchmark run by
 * {@code bench/scan-benchmark.sh}, not a test (its name does not end in Test).
 * <p>
 * What the rules are given ({@code mode}): {@code health} — no contract, reference or baseline (the built-in rules
 * only); {@code contract} — a complete contract generated from the snapshot itself (every table, column, key and
 * index compared); {@code worst} — that contract, the same again as an exhaustive reference, and the snapshot as
 * baseline (everything compared three ways).
 *
 * <pre>java -cp ... dev.tidemark.checks.internal.ScanBenchmark JDBC_URL [USER] [runs] [warmup] [health|contract|worst]</pre>
 */
public final class ScanBenchmark {

	public static void main(String[] args) throws Exception {
		String url = args[0];
		String user = args.length > 1 ? args[1] : "postgres";
		int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
		int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 2;
		String mode = args.length > 4 ? args[4] : "worst";

		List<Rule> rules;
		try (var context = new AnnotationConfigApplicationContext("dev.tidemark.checks.rules")) {
			rules = List.copyOf(context.getBeansOfType(Rule.class).values());
		}
		Evaluator evaluator = new Evaluator(new RuleCatalog(rules));
		CatalogReader reader = new CatalogReader();

		List<Long> snapshotMs = new ArrayList<>();
		List<Long> rulesMs = new ArrayList<>();
		long peakHeap = 0;
		int violations = 0;
		CatalogSnapshot snapshot = null;
		for (int i = 0; i < warmup + runs; i++) {
			System.gc();
			resetPeaks();
			long t0 = System.nanoTime();
			try (Connection c = DriverManager.getConnection(url, user, "")) {
				snapshot = reader.read(c);
			}
			long t1 = System.nanoTime();
			CheckContext context = context(snapshot, mode);
			long t2 = System.nanoTime();
			List<Violation> found = evaluator.evaluate(context);
			long t3 = System.nanoTime();
			if (i >= warmup) {
				snapshotMs.add((t1 - t0) / 1_000_000);
				rulesMs.add((t3 - t2) / 1_000_000);
				peakHeap = Math.max(peakHeap, peakHeapBytes());
				violations = found.size();
			}
		}
		// Per rule, on the last snapshot: which rules the time goes to.
		CheckContext last = context(snapshot, mode);
		List<String> perRule = new ArrayList<>();
		for (Rule rule : rules) {
			long r0 = System.nanoTime();
			rule.evaluate(last);
			perRule.add(String.format(Locale.ROOT, "%6d ms  %s", (System.nanoTime() - r0) / 1_000_000, rule.id()));
		}
		perRule.stream().sorted(java.util.Comparator.reverseOrder()).limit(8).forEach(line -> System.out.println("rule " + line));
		long snap = median(snapshotMs);
		long rule = median(rulesMs);
		System.out.printf(Locale.ROOT, "tables=%d rules=%d violations=%d%n", snapshot.tables().size(), rules.size(),
				violations);
		System.out.printf(Locale.ROOT, "snapshot ms runs=%s median=%d%n", snapshotMs, snap);
		System.out.printf(Locale.ROOT, "rules ms runs=%s median=%d%n", rulesMs, rule);
		System.out.printf(Locale.ROOT, "mode=%s%n", mode);
		System.out.printf(Locale.ROOT, "RESULT snapshot_ms=%d rules_ms=%d rules_share_pct=%.1f peak_heap_mb=%d%n", snap,
				rule, 100.0 * rule / Math.max(1, snap), peakHeap / (1024 * 1024));
	}

	private static CheckContext context(CatalogSnapshot snapshot, String mode) {
		Contract contract = ContractGenerator.fromSnapshot(snapshot, Instant.now());
		return switch (mode) {
			case "health" -> new CheckContext(snapshot, List.of(), null, Instant.now(), CheckSettings.defaults());
			case "contract" -> new CheckContext(snapshot,
					List.of(new Expectation(Expectation.Source.CONTRACT, contract, false)), null, Instant.now(),
					CheckSettings.defaults());
			case "worst" -> new CheckContext(snapshot,
					List.of(new Expectation(Expectation.Source.CONTRACT, contract, false),
							new Expectation(Expectation.Source.REFERENCE, contract, true)),
					snapshot, Instant.now(), CheckSettings.defaults());
			default -> throw new IllegalArgumentException("mode must be health, contract or worst");
		};
	}

	private static void resetPeaks() {
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				pool.resetPeakUsage();
			}
		}
	}

	private static long peakHeapBytes() {
		long sum = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				sum += pool.getPeakUsage().getUsed();
			}
		}
		return sum;
	}

	private static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}
}

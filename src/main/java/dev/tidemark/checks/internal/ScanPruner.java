package dev.tidemark.checks.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes scans older than {@code tidemark.scans.retention} ({@code 0} keeps them forever), in batches of
 * {@code tidemark.scans.prune-batch-size}, so a fleet scanned every few minutes keeps a bounded store. Kept
 * whatever their age: each target's latest successful scan (the next scan compares its catalog fingerprint with
 * it), scans a finding names as where it was first or last seen, and scans still RUNNING.
 */
@Component
class ScanPruner {

	private static final Logger log = LoggerFactory.getLogger(ScanPruner.class);

	private final ScanStore scans;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Duration retention;

	private final int batch;

	ScanPruner(ScanStore scans, TransactionTemplate transactions, Clock clock,
			@Value("${tidemark.scans.retention:90d}") Duration retention,
			@Value("${tidemark.scans.prune-batch-size:1000}") int batch) {
		if (batch < 1) {
			throw new IllegalArgumentException("tidemark.scans.prune-batch-size must be at least 1");
		}
		this.scans = scans;
		this.transactions = transactions;
		this.clock = clock;
		this.retention = retention;
		this.batch = batch;
	}

	@Scheduled(fixedDelayString = "${tidemark.scans.prune-interval:1h}",
			initialDelayString = "${tidemark.scans.prune-initial-delay:5m}")
	void scheduled() {
		try {
			prune();
		}
		catch (RuntimeException e) {
			log.error("Pruning old scans failed; the next run tries again", e);
		}
	}

	/** Deletes the prunable scans started before now minus the retention; how many were deleted. */
	long prune() {
		if (retention == null || !retention.isPositive()) {
			return 0;
		}
		Instant cutoff = clock.instant().minus(retention).truncatedTo(ChronoUnit.MICROS);
		long total = 0;
		int deleted;
		do {
			Integer n = transactions.execute(status -> scans.deletePrunable(cutoff, batch));
			deleted = n == null ? 0 : n;
			total += deleted;
		}
		while (deleted == batch);
		if (total > 0) {
			log.info("Pruned {} scan(s) started before {}", total, cutoff);
		}
		return total;
	}
}

package dev.tidemark.audit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.audit.ActorKind;
import dev.tidemark.audit.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes audit events older than {@code tidemark.audit.retention}, oldest first, {@code prune-batch-size} per
 * transaction so no run holds many row locks or one long transaction; replicas sharing a store skip each other's
 * rows. A run that deleted anything leaves an {@code audit.prune} event saying how many and up to when.
 */
@Component
public class AuditPruner {

	private static final Logger log = LoggerFactory.getLogger(AuditPruner.class);

	private final AuditStore store;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final AuditSettings settings;

	AuditPruner(AuditStore store, TransactionTemplate transactions, Clock clock, AuditSettings settings) {
		this.store = store;
		this.transactions = transactions;
		this.clock = clock;
		this.settings = settings;
	}

	@Scheduled(fixedDelayString = "${tidemark.audit.prune-interval:1h}",
			initialDelayString = "${tidemark.audit.prune-initial-delay:5m}")
	void scheduled() {
		try {
			prune();
		}
		catch (RuntimeException e) {
			log.error("Pruning the audit trail failed; it is retried in {}", settings.pruneInterval(), e);
		}
	}

	/** Deletes every event older than the retention, in batches; the number deleted (0 when kept forever). */
	public long prune() {
		Duration retention = settings.retention();
		if (retention == null || !retention.isPositive()) {
			return 0;
		}
		Instant cutoff = clock.instant().minus(retention).truncatedTo(ChronoUnit.MICROS);
		int batch = settings.pruneBatchSize();
		long total = 0;
		int deleted;
		do {
			Integer n = transactions.execute(status -> store.deleteOldest(cutoff, batch));
			deleted = n == null ? 0 : n;
			total += deleted;
		}
		while (deleted == batch);
		if (total > 0) {
			log.info("Pruned {} audit event(s) older than {}", total, cutoff);
			store.insert(new AuditEvent(UUID.randomUUID(), clock.instant().truncatedTo(ChronoUnit.MICROS), "tidemark",
					ActorKind.SYSTEM, "tidemark", "audit.prune", null, null, null, AuditListener.SUCCEEDED, null,
					Map.of("deleted", total, "before", cutoff.toString(), "retention",
							retention.toString())));
		}
		return total;
	}
}

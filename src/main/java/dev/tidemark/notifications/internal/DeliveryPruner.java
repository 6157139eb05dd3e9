package dev.tidemark.notifications.internal;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps the outbox bounded: delivered rows older than the retention go, 1,000 per statement. */
@Component
class DeliveryPruner {

	private static final Logger log = LoggerFactory.getLogger(DeliveryPruner.class);

	static final int BATCH = 1000;

	private final DeliveryStore deliveries;

	private final WebhookSettings settings;

	private final Clock clock;

	DeliveryPruner(DeliveryStore deliveries, WebhookSettings settings, Clock clock) {
		this.deliveries = deliveries;
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${tidemark.webhooks.prune-interval:1h}",
			initialDelayString = "${tidemark.webhooks.prune-interval:1h}")
	int prune() {
		if (settings.retention().isZero() || settings.retention().isNegative()) {
			return 0;
		}
		Instant cutoff = clock.instant().minus(settings.retention());
		int total = 0;
		int deleted;
		do {
			deleted = deliveries.pruneDelivered(cutoff, BATCH);
			total += deleted;
		}
		while (deleted == BATCH);
		if (total > 0) {
			log.info("Pruned {} delivered webhook deliveries older than {}", total, cutoff);
		}
		return total;
	}
}

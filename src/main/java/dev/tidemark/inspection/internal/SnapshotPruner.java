package dev.tidemark.inspection.internal;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps the snapshot store bounded for a fleet: old snapshots nothing needs go, then the parts only they used. */
@Component
@EnableConfigurationProperties(SnapshotSettings.class)
class SnapshotPruner {

	private static final Logger log = LoggerFactory.getLogger(SnapshotPruner.class);

	private final SnapshotStore store;

	private final SnapshotSettings settings;

	private final Clock clock;

	SnapshotPruner(SnapshotStore store, SnapshotSettings settings, Clock clock) {
		this.store = store;
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${tidemark.snapshots.prune-interval:6h}",
			initialDelayString = "${tidemark.snapshots.prune-interval:6h}")
	SnapshotStore.Pruned prune() {
		if (settings.retention() == null || settings.retention().isZero() || settings.retention().isNegative()) {
			return new SnapshotStore.Pruned(0, 0);
		}
		Instant cutoff = clock.instant().minus(settings.retention());
		SnapshotStore.Pruned pruned = store.prune(cutoff);
		if (pruned.snapshots() > 0 || pruned.parts() > 0) {
			log.info("Pruned {} snapshots taken before {} and {} unreachable snapshot parts", pruned.snapshots(), cutoff,
					pruned.parts());
		}
		return pruned;
	}
}

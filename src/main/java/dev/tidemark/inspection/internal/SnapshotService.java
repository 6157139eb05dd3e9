package dev.tidemark.inspection.internal;

import java.time.Instant;
import java.util.UUID;

import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.inspection.PreparedSnapshot;
import dev.tidemark.inspection.Snapshot;
import dev.tidemark.inspection.SnapshotDiff;
import dev.tidemark.inspection.SnapshotNotFoundException;
import dev.tidemark.inspection.SnapshotSummary;
import dev.tidemark.inspection.Snapshots;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.targets.Targets;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

@Service
class SnapshotService implements Snapshots {

	private final SnapshotStore store;

	private final Targets targets;

	SnapshotService(SnapshotStore store, Targets targets) {
		this.store = store;
		this.targets = targets;
	}

	@Override
	public PreparedSnapshot prepare(CatalogSnapshot catalog) {
		return store.prepare(catalog);
	}

	@Override
	public SnapshotSummary save(UUID targetId, Instant takenAt, PreparedSnapshot snapshot) {
		return store.save(targetId, takenAt, snapshot);
	}

	@Override
	public Snapshot latest(UUID targetId) {
		targets.get(targetId);
		return store.latest(targetId)
			.orElseThrow(() -> new SnapshotNotFoundException(
					"Target " + targetId + " has no snapshot yet; run a scan (POST /api/v1/targets/" + targetId + "/scans)"));
	}

	@Override
	public Snapshot get(UUID snapshotId) {
		return store.find(snapshotId).orElseThrow(() -> new SnapshotNotFoundException("No snapshot with id " + snapshotId));
	}

	@Override
	public PageOf<SnapshotSummary> list(UUID targetId, PageRequest page) {
		targets.get(targetId);
		return PageOf.of(store.page(targetId, page), page, store.count(targetId));
	}

	@Override
	public SnapshotDiff drift(UUID targetId, @Nullable UUID from, @Nullable UUID to) {
		Snapshot after = to == null ? latest(targetId) : ofTarget(targetId, to);
		Snapshot before = from == null
				? store.previous(after).orElseThrow(() -> new SnapshotNotFoundException(
						"Snapshot " + after.id() + " is the first of target " + targetId + "; give 'from' explicitly"))
				: ofTarget(targetId, from);
		return SnapshotDiff.between(before, after);
	}

	private Snapshot ofTarget(UUID targetId, UUID snapshotId) {
		Snapshot snapshot = get(snapshotId);
		if (!snapshot.targetId().equals(targetId)) {
			throw new SnapshotNotFoundException("Snapshot " + snapshotId + " does not belong to target " + targetId);
		}
		return snapshot;
	}
}

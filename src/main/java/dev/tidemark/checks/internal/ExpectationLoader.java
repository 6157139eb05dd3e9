package dev.tidemark.checks.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.contract.ContractGenerator;
import dev.tidemark.inspection.Snapshot;
import dev.tidemark.inspection.SnapshotNotFoundException;
import dev.tidemark.inspection.Snapshots;
import dev.tidemark.inspection.model.CatalogSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Gathers what a scan checks against: the contract, the reference (turned into an exhaustive contract by the same
 * generator that drafts contracts, so a repaired target converges to an empty diff) and the baseline snapshot.
 * A reference that cannot be read is a warning on the scan, not a failure: the other checks still run.
 */
@Component
class ExpectationLoader {

	private final ExpectationStore store;

	private final Snapshots snapshots;

	private final Clock clock;

	ExpectationLoader(ExpectationStore store, Snapshots snapshots, Clock clock) {
		this.store = store;
		this.snapshots = snapshots;
		this.clock = clock;
	}

	record Loaded(List<Expectation> expectations, @Nullable CatalogSnapshot baseline, List<String> warnings) {
	}

	Loaded load(UUID targetId) {
		List<Expectation> expectations = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		store.contract(targetId)
			.ifPresent(c -> expectations.add(new Expectation(Expectation.Source.CONTRACT, c.contract(), false)));
		store.reference(targetId).ifPresent(reference -> {
			try {
				Snapshot snapshot = reference.targetId() != null ? snapshots.latest(reference.targetId())
						: snapshots.get(reference.snapshotId());
				expectations.add(new Expectation(Expectation.Source.REFERENCE,
						ContractGenerator.fromSnapshot(snapshot.catalog(), clock.instant()), true));
			}
			catch (SnapshotNotFoundException e) {
				warnings.add("The reference was not checked: " + e.getMessage());
			}
		});
		CatalogSnapshot baseline = store.baseline(targetId).map(b -> snapshots.get(b.snapshotId()).catalog()).orElse(null);
		return new Loaded(expectations, baseline, warnings);
	}
}

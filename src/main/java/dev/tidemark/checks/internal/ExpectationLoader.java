package dev.tidemark.checks.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.ContractGenerator;
import dev.tidemark.inspection.Snapshot;
import dev.tidemark.inspection.SnapshotNotFoundException;
import dev.tidemark.inspection.Snapshots;
import dev.tidemark.inspection.model.CatalogSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Gathers what a scan checks against: the contract, the reference snapshot (compared object by object by the
 * reference rules; its TimescaleDB settings and migration heads also as a contract, which the comparison does not
 * cover) and the baseline snapshot.
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

	/** The snapshot ids name the baseline and reference: a rule result computed from equal ids still holds. */
	record Loaded(List<Expectation> expectations, @Nullable CatalogSnapshot baseline, @Nullable UUID baselineId,
			@Nullable CatalogSnapshot reference, @Nullable UUID referenceId, List<String> warnings) {
	}

	Loaded load(UUID targetId) {
		List<Expectation> expectations = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		store.contract(targetId)
			.ifPresent(c -> expectations.add(new Expectation(Expectation.Source.CONTRACT, c.contract(), false)));
		CatalogSnapshot[] reference = new CatalogSnapshot[1];
		UUID[] referenceId = new UUID[1];
		store.reference(targetId).ifPresent(setting -> {
			try {
				Snapshot snapshot = setting.targetId() != null ? snapshots.latest(setting.targetId())
						: snapshots.get(setting.snapshotId());
				reference[0] = snapshot.catalog();
				referenceId[0] = snapshot.id();
				expectations.add(new Expectation(Expectation.Source.REFERENCE,
						timescaleAndMigrations(ContractGenerator.fromSnapshot(snapshot.catalog(), clock.instant())),
						false));
			}
			catch (SnapshotNotFoundException e) {
				warnings.add("The reference was not checked: " + e.getMessage());
			}
		});
		UUID baselineId = store.baseline(targetId).map(b -> b.snapshotId()).orElse(null);
		CatalogSnapshot baseline = baselineId == null ? null : snapshots.get(baselineId).catalog();
		return new Loaded(expectations, baseline, baselineId, reference[0], referenceId[0], warnings);
	}

	/**
	 * What the object-by-object comparison does not cover, as a contract: each table's TimescaleDB settings
	 * (hypertable, compression, retention) and the migration tools' heads. Tables keep only their name and those
	 * settings, so no contract rule reports again what the comparison reports.
	 */
	private static Contract timescaleAndMigrations(Contract derived) {
		List<Contract.TableExpectation> tables = derived.tables().stream()
			.filter(t -> t.timescale() != null)
			.map(t -> new Contract.TableExpectation(t.name(), List.of(), null, List.of(), List.of(), List.of(),
					List.of(), null, t.timescale()))
			.toList();
		return new Contract(List.of(), tables, List.of(), derived.migrations());
	}
}

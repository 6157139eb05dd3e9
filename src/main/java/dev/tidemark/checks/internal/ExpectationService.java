package dev.tidemark.checks.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.tidemark.checks.BaselineSetting;
import dev.tidemark.checks.ExpectationChanged;
import dev.tidemark.checks.Expectations;
import dev.tidemark.checks.InvalidReferenceException;
import dev.tidemark.checks.ReferenceSetting;
import dev.tidemark.checks.StoredContract;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.ContractDocuments;
import dev.tidemark.checks.contract.ContractGenerator;
import dev.tidemark.checks.contract.MediaTypeKind;
import dev.tidemark.common.Precondition;
import dev.tidemark.inspection.Snapshot;
import dev.tidemark.inspection.SnapshotNotFoundException;
import dev.tidemark.inspection.Snapshots;
import dev.tidemark.targets.TargetNotFoundException;
import dev.tidemark.targets.Targets;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class ExpectationService implements Expectations {

	private final ExpectationStore store;

	private final Targets targets;

	private final Snapshots snapshots;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final RuleCatalog rules;

	ExpectationService(ExpectationStore store, Targets targets, Snapshots snapshots, ApplicationEventPublisher events,
			Clock clock, RuleCatalog rules) {
		this.rules = rules;
		this.store = store;
		this.targets = targets;
		this.snapshots = snapshots;
		this.events = events;
		this.clock = clock;
	}

	@Override
	@Transactional
	public StoredContract putContract(UUID targetId, String document, MediaTypeKind kind, String actor,
			Precondition precondition) {
		targets.get(targetId);
		Contract contract = ContractDocuments.read(document, kind, rules::knows);
		store.lockSettingsOf(targetId);
		checkContract(targetId, precondition);
		StoredContract stored = store.saveContract(targetId, document,
				kind == MediaTypeKind.JSON ? "application/json" : "application/yaml", contract, actor, now());
		publish(targetId, "contract", "set v" + stored.version(), actor);
		return stored;
	}

	@Override
	public Optional<StoredContract> contract(UUID targetId) {
		return readOfTarget(targetId, store::contract);
	}

	@Override
	@Transactional
	public boolean deleteContract(UUID targetId, String actor, Precondition precondition) {
		return deleteOfTarget(targetId, "contract", store::deleteContract, actor,
				() -> checkContract(targetId, precondition));
	}

	@Override
	public Contract generateContract(UUID targetId, @Nullable UUID snapshotId) {
		return ContractGenerator.fromSnapshot(snapshotOf(targetId, snapshotId, "snapshotId").catalog(), clock.instant());
	}

	@Override
	@Transactional
	public ReferenceSetting putReference(UUID targetId, @Nullable UUID referenceTargetId,
			@Nullable UUID referenceSnapshotId, String actor, Precondition precondition) {
		targets.get(targetId);
		if ((referenceTargetId == null) == (referenceSnapshotId == null)) {
			throw new InvalidReferenceException("targetId", "Give exactly one of targetId or snapshotId");
		}
		if (referenceTargetId != null) {
			if (referenceTargetId.equals(targetId)) {
				throw new InvalidReferenceException("targetId", "A target cannot be its own reference");
			}
			try {
				targets.get(referenceTargetId);
			}
			catch (TargetNotFoundException e) {
				throw new InvalidReferenceException("targetId", "No target with id " + referenceTargetId);
			}
		}
		else {
			try {
				snapshots.get(referenceSnapshotId);
			}
			catch (SnapshotNotFoundException e) {
				throw new InvalidReferenceException("snapshotId", "No snapshot with id " + referenceSnapshotId);
			}
		}
		store.lockSettingsOf(targetId);
		checkReference(targetId, precondition);
		ReferenceSetting setting = store.saveReference(targetId, referenceTargetId, referenceSnapshotId, actor, now());
		publish(targetId, "reference", "set", actor);
		return setting;
	}

	@Override
	public Optional<ReferenceSetting> reference(UUID targetId) {
		return readOfTarget(targetId, store::reference);
	}

	@Override
	@Transactional
	public boolean deleteReference(UUID targetId, String actor, Precondition precondition) {
		return deleteOfTarget(targetId, "reference", store::deleteReference, actor,
				() -> checkReference(targetId, precondition));
	}

	@Override
	@Transactional
	public BaselineSetting putBaseline(UUID targetId, @Nullable UUID snapshotId, String actor,
			Precondition precondition) {
		Snapshot snapshot = snapshotOf(targetId, snapshotId, "snapshotId");
		store.lockSettingsOf(targetId);
		checkBaseline(targetId, precondition);
		BaselineSetting setting = store.saveBaseline(targetId, snapshot.id(), actor, now());
		publish(targetId, "baseline", "set " + snapshot.id(), actor);
		return setting;
	}

	@Override
	public Optional<BaselineSetting> baseline(UUID targetId) {
		return readOfTarget(targetId, store::baseline);
	}

	@Override
	@Transactional
	public boolean deleteBaseline(UUID targetId, String actor, Precondition precondition) {
		return deleteOfTarget(targetId, "baseline", store::deleteBaseline, actor,
				() -> checkBaseline(targetId, precondition));
	}

	/** Call with the target's settings locked (see {@link ExpectationStore#lockSettingsOf}). */
	private void checkContract(UUID targetId, Precondition precondition) {
		precondition.checkWrite("the contract of target " + targetId, store.contract(targetId)
			.map(current -> Expectations.contractETags(targetId, current))
			.orElse(new String[0]));
	}

	private void checkReference(UUID targetId, Precondition precondition) {
		precondition.checkWrite("the reference of target " + targetId, store.reference(targetId)
			.map(current -> new String[] { Expectations.referenceETag(targetId, current) })
			.orElse(new String[0]));
	}

	private void checkBaseline(UUID targetId, Precondition precondition) {
		precondition.checkWrite("the baseline of target " + targetId, store.baseline(targetId)
			.map(current -> new String[] { Expectations.baselineETag(targetId, current) })
			.orElse(new String[0]));
	}

	/** Reads one of a target's settings; an unknown target throws rather than reading as "not set". */
	private <T> Optional<T> readOfTarget(UUID targetId, Function<UUID, Optional<T>> read) {
		targets.get(targetId);
		return read.apply(targetId);
	}

	/** Deletes one of a target's settings; only a deletion that removed something is published. */
	private boolean deleteOfTarget(UUID targetId, String kind, Predicate<UUID> delete, String actor,
			Runnable checkPrecondition) {
		targets.get(targetId);
		store.lockSettingsOf(targetId);
		checkPrecondition.run();
		boolean deleted = delete.test(targetId);
		if (deleted) {
			publish(targetId, kind, "removed", actor);
		}
		return deleted;
	}

	private void publish(UUID targetId, String kind, String change, String actor) {
		events.publishEvent(new ExpectationChanged(targetId, kind, change, actor));
	}

	/** The target's snapshot {@code snapshotId}, or its latest; a missing or foreign one is a pointed error. */
	private Snapshot snapshotOf(UUID targetId, @Nullable UUID snapshotId, String field) {
		targets.get(targetId);
		if (snapshotId == null) {
			try {
				return snapshots.latest(targetId);
			}
			catch (SnapshotNotFoundException e) {
				throw new InvalidReferenceException(field, e.getMessage());
			}
		}
		Snapshot snapshot;
		try {
			snapshot = snapshots.get(snapshotId);
		}
		catch (SnapshotNotFoundException e) {
			throw new InvalidReferenceException(field, "No snapshot with id " + snapshotId);
		}
		if (!snapshot.targetId().equals(targetId)) {
			throw new InvalidReferenceException(field, "Snapshot " + snapshotId + " belongs to another target");
		}
		return snapshot;
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}

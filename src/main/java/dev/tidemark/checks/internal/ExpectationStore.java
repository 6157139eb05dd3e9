package dev.tidemark.checks.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.checks.BaselineSetting;
import dev.tidemark.checks.ReferenceSetting;
import dev.tidemark.checks.StoredContract;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.ContractParser;
import dev.tidemark.common.Jsonb;
import org.jspecify.annotations.Nullable;

import org.springframework.data.repository.CrudRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Contracts, references and baselines of targets: three aggregates (one of each per target, keyed by it) behind
 * one lock. Each save is versioned; the lock makes writers of one target's settings take turns.
 */
@Component
class ExpectationStore {

	private final JdbcClient jdbc;

	private final ContractRepository contracts;

	private final ReferenceRepository references;

	private final BaselineRepository baselines;

	ExpectationStore(JdbcClient jdbc, ContractRepository contracts, ReferenceRepository references,
			BaselineRepository baselines) {
		this.jdbc = jdbc;
		this.contracts = contracts;
		this.references = references;
		this.baselines = baselines;
	}

	/**
	 * Serialises the writers of one target's settings until the transaction ends, so a precondition checked after
	 * this still holds when the write lands. NO KEY UPDATE: scans inserting rows that reference the target go on.
	 */
	// hand-written: a row lock on another aggregate's row (the target), taken before reading these
	void lockSettingsOf(UUID targetId) {
		jdbc.sql("SELECT 1 FROM target WHERE id = ? FOR NO KEY UPDATE").param(targetId).query(Integer.class).optional();
	}

	StoredContract saveContract(UUID targetId, String source, String mediaType, Contract contract, String actor,
			Instant now) {
		int version = contracts.findById(targetId).map(ContractRepository.Row::version).orElse(0);
		return contracts.save(new ContractRepository.Row(targetId, source, mediaType,
				new Jsonb(ContractParser.toJson(contract)), now, actor, version)).toContract();
	}

	Optional<StoredContract> contract(UUID targetId) {
		return contracts.findById(targetId).map(ContractRepository.Row::toContract);
	}

	boolean deleteContract(UUID targetId) {
		return delete(contracts, targetId);
	}

	ReferenceSetting saveReference(UUID targetId, @Nullable UUID referenceTargetId, @Nullable UUID referenceSnapshotId,
			String actor, Instant now) {
		Integer version = references.findById(targetId).map(ReferenceRepository.Row::version).orElse(null);
		return references.save(new ReferenceRepository.Row(targetId, referenceTargetId, referenceSnapshotId, now,
				actor, version)).toSetting();
	}

	Optional<ReferenceSetting> reference(UUID targetId) {
		return references.findById(targetId).map(ReferenceRepository.Row::toSetting);
	}

	boolean deleteReference(UUID targetId) {
		return delete(references, targetId);
	}

	BaselineSetting saveBaseline(UUID targetId, UUID snapshotId, String actor, Instant now) {
		Integer version = baselines.findById(targetId).map(BaselineRepository.Row::version).orElse(null);
		return baselines.save(new BaselineRepository.Row(targetId, snapshotId, now, actor, version)).toSetting();
	}

	Optional<BaselineSetting> baseline(UUID targetId) {
		return baselines.findById(targetId).map(BaselineRepository.Row::toSetting);
	}

	boolean deleteBaseline(UUID targetId) {
		return delete(baselines, targetId);
	}

	/** Deletes the aggregate as read (its version checked); false when there was none. */
	private static <T> boolean delete(CrudRepository<T, UUID> repository, UUID targetId) {
		Optional<T> row = repository.findById(targetId);
		row.ifPresent(repository::delete);
		return row.isPresent();
	}
}

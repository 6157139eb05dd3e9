package dev.tidemark.checks;

import java.util.Optional;
import java.util.UUID;

import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.MediaTypeKind;
import dev.tidemark.common.Precondition;
import org.jspecify.annotations.Nullable;

/**
 * A target's contract, reference and baseline: what its scans check against. Each write takes a
 * {@link Precondition} (If-Match / If-None-Match against the setting's ETag), checked and written atomically.
 */
public interface Expectations {

	/**
	 * Parses, validates and stores a contract. A document that does not parse, names unknown keys or contradicts
	 * itself is refused ({@link dev.tidemark.checks.contract.ContractException}) and the previous one stays.
	 */
	default StoredContract putContract(UUID targetId, String document, MediaTypeKind kind, String actor) {
		return putContract(targetId, document, kind, actor, Precondition.none());
	}

	StoredContract putContract(UUID targetId, String document, MediaTypeKind kind, String actor,
			Precondition precondition);

	Optional<StoredContract> contract(UUID targetId);

	default boolean deleteContract(UUID targetId, String actor) {
		return deleteContract(targetId, actor, Precondition.none());
	}

	boolean deleteContract(UUID targetId, String actor, Precondition precondition);

	/** Drafts a contract from a snapshot of the target (its latest when {@code snapshotId} is null). */
	Contract generateContract(UUID targetId, @Nullable UUID snapshotId);

	default ReferenceSetting putReference(UUID targetId, @Nullable UUID referenceTargetId,
			@Nullable UUID referenceSnapshotId, String actor) {
		return putReference(targetId, referenceTargetId, referenceSnapshotId, actor, Precondition.none());
	}

	ReferenceSetting putReference(UUID targetId, @Nullable UUID referenceTargetId, @Nullable UUID referenceSnapshotId,
			String actor, Precondition precondition);

	Optional<ReferenceSetting> reference(UUID targetId);

	default boolean deleteReference(UUID targetId, String actor) {
		return deleteReference(targetId, actor, Precondition.none());
	}

	boolean deleteReference(UUID targetId, String actor, Precondition precondition);

	/** Accepts a snapshot of the target (its latest when null) as the baseline. */
	default BaselineSetting putBaseline(UUID targetId, @Nullable UUID snapshotId, String actor) {
		return putBaseline(targetId, snapshotId, actor, Precondition.none());
	}

	BaselineSetting putBaseline(UUID targetId, @Nullable UUID snapshotId, String actor, Precondition precondition);

	Optional<BaselineSetting> baseline(UUID targetId);

	default boolean deleteBaseline(UUID targetId, String actor) {
		return deleteBaseline(targetId, actor, Precondition.none());
	}

	boolean deleteBaseline(UUID targetId, String actor, Precondition precondition);

	/**
	 * The strong ETags of a contract as stored, one per representation (YAML, JSON: different bytes); a rewrite
	 * or a delete and re-create changes them, because the time of writing is part of them.
	 */
	static String contractETag(UUID targetId, StoredContract contract, MediaTypeKind representation) {
		return Precondition.strongETag("contract", targetId, contract.version(), contract.updatedAt(), representation);
	}

	static String[] contractETags(UUID targetId, StoredContract contract) {
		return new String[] { contractETag(targetId, contract, MediaTypeKind.YAML),
				contractETag(targetId, contract, MediaTypeKind.JSON) };
	}

	static String referenceETag(UUID targetId, ReferenceSetting reference) {
		return Precondition.strongETag("reference", targetId, reference.targetId(), reference.snapshotId(),
				reference.updatedAt());
	}

	static String baselineETag(UUID targetId, BaselineSetting baseline) {
		return Precondition.strongETag("baseline", targetId, baseline.snapshotId(), baseline.acceptedAt());
	}
}

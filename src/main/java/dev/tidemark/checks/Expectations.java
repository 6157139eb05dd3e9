package dev.tidemark.checks;

import java.util.Optional;
import java.util.UUID;

import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.MediaTypeKind;
import org.jspecify.annotations.Nullable;

/** A target's contract, reference and baseline: what its scans check against. */
public interface Expectations {

	/**
	 * Parses, validates and stores a contract. A document that does not parse, names unknown keys or contradicts
	 * itself is refused ({@link dev.tidemark.checks.contract.ContractException}) and the previous one stays.
	 */
	StoredContract putContract(UUID targetId, String document, MediaTypeKind kind, String actor);

	Optional<StoredContract> contract(UUID targetId);

	boolean deleteContract(UUID targetId, String actor);

	/** Drafts a contract from a snapshot of the target (its latest when {@code snapshotId} is null). */
	Contract generateContract(UUID targetId, @Nullable UUID snapshotId);

	ReferenceSetting putReference(UUID targetId, @Nullable UUID referenceTargetId, @Nullable UUID referenceSnapshotId,
			String actor);

	Optional<ReferenceSetting> reference(UUID targetId);

	boolean deleteReference(UUID targetId, String actor);

	/** Accepts a snapshot of the target (its latest when null) as the baseline. */
	BaselineSetting putBaseline(UUID targetId, @Nullable UUID snapshotId, String actor);

	Optional<BaselineSetting> baseline(UUID targetId);

	boolean deleteBaseline(UUID targetId, String actor);
}

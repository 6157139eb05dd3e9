package dev.tidemark.checks.internal;

import java.time.Instant;
import java.util.UUID;

import dev.tidemark.checks.ReferenceSetting;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.ListCrudRepository;

interface ReferenceRepository extends ListCrudRepository<ReferenceRepository.Row, UUID> {

	/** What a target must match, as stored; {@code version} null marks a new one. */
	@Table("target_reference")
	record Row(@Id UUID targetId, @Nullable UUID referenceTargetId, @Nullable UUID referenceSnapshotId,
			Instant updatedAt, String updatedBy, @Version @Nullable Integer version) {

		ReferenceSetting toSetting() {
			return new ReferenceSetting(referenceTargetId, referenceSnapshotId, updatedAt, updatedBy);
		}
	}
}

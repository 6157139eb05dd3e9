package dev.tidemark.checks.internal;

import java.time.Instant;
import java.util.UUID;

import dev.tidemark.checks.BaselineSetting;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.ListCrudRepository;

interface BaselineRepository extends ListCrudRepository<BaselineRepository.Row, UUID> {

	/** The snapshot a target accepted as good, as stored; {@code version} null marks a new one. */
	@Table("target_baseline")
	record Row(@Id UUID targetId, UUID snapshotId, Instant acceptedAt, String acceptedBy,
			@Version @Nullable Integer version) {

		BaselineSetting toSetting() {
			return new BaselineSetting(snapshotId, acceptedAt, acceptedBy);
		}
	}
}

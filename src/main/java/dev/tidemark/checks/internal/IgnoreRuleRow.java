package dev.tidemark.checks.internal;

import java.time.Instant;
import java.util.UUID;

import dev.tidemark.checks.IgnoreRule;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** The ignore rule aggregate as stored; {@code version} null marks a new one (ids are assigned, not generated). */
@Table("ignore_rule")
record IgnoreRuleRow(@Id UUID id, @Nullable UUID targetId, @Nullable String ruleId, @Nullable String objectKind,
		@Nullable String objectPattern, String reason, @Nullable Instant expiresAt, String createdBy,
		Instant createdAt, @Version @Nullable Integer version) {

	IgnoreRuleRow withVersion(Integer version) {
		return new IgnoreRuleRow(id, targetId, ruleId, objectKind, objectPattern, reason, expiresAt, createdBy,
				createdAt, version);
	}

	boolean expiredAt(Instant now) {
		return expiresAt != null && !expiresAt.isAfter(now);
	}

	IgnoreRule toRule(Instant now) {
		return new IgnoreRule(id, targetId, ruleId, objectKind, objectPattern, reason, expiresAt, createdBy, createdAt,
				expiredAt(now), version == null ? 0 : version);
	}
}

package dev.tidemark.remediation.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.common.Jsonb;
import dev.tidemark.remediation.Plan;
import dev.tidemark.remediation.Remediation;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The remediation aggregate as stored (without its decisions and executions, which are aggregates of their own).
 * Inserted whole once; every later write is one of {@link RemediationStore}'s guarded statements, which add 1 to
 * {@code version} too. The lease columns (lease_expires_at, reconcile_after) are not mapped: only those statements
 * touch them.
 */
@Table("remediation")
record StoredRemediation(@Id UUID id, UUID targetId, Remediation.Status status, Plan.Risk risk,
		int requiredApprovals, String proposedBy, String proposedByHuman, Instant proposedAt, Instant updatedAt,
		List<UUID> findingIds, Jsonb plan, String changelog, String catalogState, @Nullable Jsonb catalogObjects,
		@Nullable String statusReason, @Nullable Jsonb remainingFindings, @Nullable String executorId,
		int reconcileAttempts, @Nullable Jsonb orphanedStatement, @Nullable String targetBinding,
		@Nullable String databaseIdentity, @Version @Nullable Integer version) {

	private static final TypeReference<Map<String, String>> OBJECTS = new TypeReference<>() {
	};

	private static final TypeReference<List<String>> FINDINGS = new TypeReference<>() {
	};

	static StoredRemediation of(RemediationStore.Row row, JsonMapper json) {
		return new StoredRemediation(row.id(), row.targetId(), row.status(), row.risk(), row.requiredApprovals(),
				row.proposedBy(), row.proposedByHuman(), row.proposedAt(), row.updatedAt(), row.findingIds(),
				new Jsonb(json.writeValueAsString(row.plan())), row.changelog(), row.catalogState(),
				row.catalogObjects() == null ? null : new Jsonb(json.writeValueAsString(row.catalogObjects())),
				row.statusReason(), null, row.executorId(), row.reconcileAttempts(),
				row.orphanedStatement() == null ? null : new Jsonb(json.writeValueAsString(row.orphanedStatement())),
				row.targetBinding(), row.databaseIdentity(), null);
	}

	RemediationStore.Row toRow(JsonMapper json) {
		return new RemediationStore.Row(id, targetId, status, risk, requiredApprovals, proposedBy, proposedByHuman,
				proposedAt, updatedAt, findingIds, json.readValue(plan.json(), Plan.class), changelog, catalogState,
				catalogObjects == null ? null : json.readValue(catalogObjects.json(), OBJECTS), statusReason,
				remainingFindings == null ? List.of() : json.readValue(remainingFindings.json(), FINDINGS), executorId,
				reconcileAttempts,
				orphanedStatement == null ? null
						: json.readValue(orphanedStatement.json(), Remediation.OrphanedStatement.class),
				targetBinding, databaseIdentity);
	}
}

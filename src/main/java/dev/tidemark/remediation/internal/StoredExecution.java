package dev.tidemark.remediation.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.tidemark.common.Jsonb;
import dev.tidemark.remediation.Execution;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One run of a remediation's changelog as stored. Written by its executor only (inserted RUNNING, then finished),
 * or failed in bulk by a reconciler once that executor is known dead: no version.
 */
@Table("remediation_execution")
record StoredExecution(@Id UUID id, UUID remediationId, Execution.Kind kind, String startedBy, Instant startedAt,
		@Nullable Instant finishedAt, Execution.Status status, int attempts, @Nullable Jsonb changesets,
		@Nullable String error, @Nullable String errorSqlstate) {

	private static final TypeReference<List<Execution.Changeset>> CHANGESETS = new TypeReference<>() {
	};

	static StoredExecution started(UUID remediationId, Execution.Kind kind, String actor, Instant at) {
		return new StoredExecution(UUID.randomUUID(), remediationId, kind, actor, at, null, Execution.Status.RUNNING, 1,
				null, null, null);
	}

	StoredExecution finished(Execution.Status status, Instant at, int attempts, Jsonb changesets,
			@Nullable String error, @Nullable String sqlState) {
		return new StoredExecution(id, remediationId, kind, startedBy, startedAt, at, status, attempts, changesets,
				error, sqlState);
	}

	Execution toExecution(JsonMapper json) {
		return new Execution(id, remediationId, kind, startedBy, startedAt, finishedAt, status, attempts,
				changesets == null ? List.of() : json.readValue(changesets.json(), CHANGESETS), error, errorSqlstate);
	}
}

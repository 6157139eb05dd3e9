package dev.tidemark.remediation.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.common.PageRequest;
import dev.tidemark.remediation.Execution;
import dev.tidemark.remediation.Plan;
import dev.tidemark.remediation.Remediation;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Remediations, their decisions and executions. Status changes are guarded by the status they leave. */
@Repository
class RemediationStore {

	/**
	 * A remediation as stored, with its plan and changelog. {@code catalogObjects} are the per-object fingerprints
	 * the plan was made from (null for plans stored before they existed: then only {@code catalogState} is known);
	 * {@code executorId} is the replica executing it, while EXECUTING.
	 */
	record Row(UUID id, UUID targetId, Remediation.Status status, Plan.Risk risk, int requiredApprovals,
			String proposedBy, String proposedByHuman, Instant proposedAt, Instant updatedAt, List<UUID> findingIds,
			Plan plan, String changelog, String catalogState, @Nullable Map<String, String> catalogObjects,
			@Nullable String statusReason, List<String> remainingFindings, @Nullable String executorId,
			int reconcileAttempts, Remediation.@Nullable OrphanedStatement orphanedStatement) {
	}

	private static final String COLUMNS = "id, target_id, status, risk, required_approvals, proposed_by, "
			+ "proposed_by_human, proposed_at, updated_at, finding_ids, plan::text AS plan, changelog, catalog_state, "
			+ "catalog_objects::text AS catalog_objects, status_reason, remaining_findings::text AS remaining_findings, "
			+ "executor_id, reconcile_attempts, orphaned_statement::text AS orphaned_statement";

	/** The reason of an APPLIED remediation whose verification scan has not finished yet. */
	static final String VERIFYING = "Applied; verifying with a scan";

	/** Leaves EXECUTING: no executor, lease, back-off or orphan any more. */
	private static final String NOT_EXECUTING = "executor_id = NULL, lease_expires_at = NULL, reconcile_after = NULL, "
			+ "reconcile_attempts = 0, orphaned_statement = NULL";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	RemediationStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(Row row) {
		jdbc.sql("""
				INSERT INTO remediation (id, target_id, status, risk, required_approvals, proposed_by, proposed_by_human,
				                         proposed_at, updated_at, finding_ids, plan, changelog, catalog_state,
				                         catalog_objects)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid[], ?::jsonb, ?, ?, ?::jsonb)""")
			.params(row.id(), row.targetId(), row.status().name(), row.risk().name(), row.requiredApprovals(),
					row.proposedBy(), row.proposedByHuman(), Timestamp.from(row.proposedAt()),
					Timestamp.from(row.updatedAt()), uuidArray(row.findingIds()), json.writeValueAsString(row.plan()),
					row.changelog(), row.catalogState(),
					row.catalogObjects() == null ? null : json.writeValueAsString(row.catalogObjects()))
			.update();
	}

	Optional<Row> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM remediation WHERE id = ?").param(id).query(this::row).optional();
	}

	List<Row> page(@Nullable UUID targetId, Remediation.@Nullable Status status, PageRequest page) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM remediation WHERE (?::uuid IS NULL OR target_id = ?) "
				+ "AND (?::text IS NULL OR status = ?) ORDER BY proposed_at DESC, id LIMIT ? OFFSET ?")
			.params(targetId, targetId, status == null ? null : status.name(), status == null ? null : status.name(),
					page.size(), page.offset())
			.query(this::row)
			.list();
	}

	long count(@Nullable UUID targetId, Remediation.@Nullable Status status) {
		return jdbc.sql("SELECT count(*) FROM remediation WHERE (?::uuid IS NULL OR target_id = ?) "
				+ "AND (?::text IS NULL OR status = ?)")
			.params(targetId, targetId, status == null ? null : status.name(), status == null ? null : status.name())
			.query(Long.class)
			.single();
	}

	/**
	 * Moves a remediation to {@code to} only if it is still in one of {@code from}: the guard that makes concurrent
	 * callers race safely (exactly one wins). Entering EXECUTING can also fail on the one-per-target index.
	 */
	boolean transition(UUID id, Collection<Remediation.Status> from, Remediation.Status to, Instant at,
			@Nullable String reason) {
		return jdbc.sql("UPDATE remediation SET status = ?, updated_at = ?, status_reason = ? "
				+ "WHERE id = ? AND status = ANY (?::text[])")
			.params(to.name(), Timestamp.from(at), reason, id,
					"{" + String.join(",", from.stream().map(Enum::name).toList()) + "}")
			.update() == 1;
	}

	/**
	 * Claims a remediation for execution by this replica: {@code from} one of the given statuses to EXECUTING, with
	 * a lease of {@code lease} in the store's clock. False when it is not in one of them; the one-per-target index
	 * throws DuplicateKeyException when another remediation of the target is executing.
	 */
	boolean claimForExecution(UUID id, Collection<Remediation.Status> from, Instant at, String executorId,
			Duration lease) {
		return jdbc.sql("UPDATE remediation SET status = 'EXECUTING', updated_at = ?, status_reason = NULL, "
				+ "reconcile_after = NULL, reconcile_attempts = 0, orphaned_statement = NULL, "
				+ "executor_id = ?, lease_expires_at = clock_timestamp() + make_interval(secs => ?) "
				+ "WHERE id = ? AND status = ANY (?::text[])")
			.params(Timestamp.from(at), executorId, seconds(lease), id,
					"{" + String.join(",", from.stream().map(Enum::name).toList()) + "}")
			.update() == 1;
	}

	/** The executor is alive: extends the lease of every remediation it is executing. */
	int renewLeases(String executorId, Collection<UUID> ids, Duration lease) {
		if (ids.isEmpty()) {
			return 0;
		}
		return jdbc.sql("UPDATE remediation SET lease_expires_at = clock_timestamp() + make_interval(secs => ?) "
				+ "WHERE executor_id = ? AND status = 'EXECUTING' AND id = ANY (?::uuid[])")
			.params(seconds(lease), executorId, uuidArray(List.copyOf(ids)))
			.update();
	}

	/**
	 * Claims one EXECUTING remediation whose executor's lease ran out (or that never had one) and whose back-off has
	 * passed, for reconciliation by this replica; {@code only} restricts it to one remediation and ignores its
	 * back-off (someone is waiting for it). SKIP LOCKED: replicas never claim the same one.
	 */
	Optional<Row> claimExpired(String executorId, Duration lease, @Nullable UUID only) {
		// hand-written: FOR UPDATE SKIP LOCKED claim across replicas
		return jdbc.sql("UPDATE remediation SET executor_id = ?, lease_expires_at = clock_timestamp() "
				+ "+ make_interval(secs => ?) WHERE id = (SELECT id FROM remediation WHERE status = 'EXECUTING' "
				+ "AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp()) "
				+ "AND (?::uuid IS NULL AND (reconcile_after IS NULL OR reconcile_after <= clock_timestamp()) "
				+ "     OR id = ?::uuid) "
				+ "ORDER BY lease_expires_at NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
			.params(executorId, seconds(lease), only, only)
			.query(this::row)
			.optional();
	}

	/**
	 * Claims one APPLIED remediation whose verification has not finished within a lease (its executor stopped
	 * between applying and verifying), by touching it so no other replica takes it meanwhile. SKIP LOCKED.
	 */
	Optional<Row> claimUnverified(Duration lease) {
		// hand-written: FOR UPDATE SKIP LOCKED claim across replicas
		return jdbc.sql("UPDATE remediation SET updated_at = clock_timestamp() WHERE id = (SELECT id FROM remediation "
				+ "WHERE status = 'APPLIED' AND status_reason = ? "
				+ "AND updated_at < clock_timestamp() - make_interval(secs => ?) "
				+ "ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
			.params(VERIFYING, seconds(lease))
			.query(this::row)
			.optional();
	}

	/**
	 * Still EXECUTING, not reconciled yet: why (an orphaned statement, an unreachable target), and when to look
	 * again. Releases this replica's claim so any replica may take it then.
	 */
	void postponeReconciliation(UUID id, String executorId, String reason,
			Remediation.@Nullable OrphanedStatement orphan, int attempts, Duration after) {
		jdbc.sql("UPDATE remediation SET status_reason = ?, orphaned_statement = ?::jsonb, reconcile_attempts = ?, "
				+ "reconcile_after = clock_timestamp() + make_interval(secs => ?), lease_expires_at = clock_timestamp() "
				+ "WHERE id = ? AND status = 'EXECUTING' AND executor_id = ?")
			.params(reason, orphan == null ? null : json.writeValueAsString(orphan), attempts, seconds(after), id,
					executorId)
			.update();
	}

	/** The remediation executing on a target, if one is. */
	Optional<Row> executingOn(UUID targetId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM remediation WHERE target_id = ? AND status = 'EXECUTING'")
			.param(targetId)
			.query(this::row)
			.optional();
	}

	/**
	 * Leaves EXECUTING for {@code status}, only if this executor still holds it: an executor that lost its lease
	 * to a reconciler does not overwrite what the reconciler concluded.
	 */
	boolean finishExecuting(UUID id, String executorId, Remediation.Status status, Instant at, @Nullable String reason,
			List<String> remaining) {
		return jdbc.sql("UPDATE remediation SET status = ?, updated_at = ?, status_reason = ?, "
				+ "remaining_findings = ?::jsonb, " + NOT_EXECUTING
				+ " WHERE id = ? AND status = 'EXECUTING' AND executor_id = ?")
			.params(status.name(), Timestamp.from(at), reason, json.writeValueAsString(remaining), id, executorId)
			.update() == 1;
	}

	void setOutcome(UUID id, Remediation.Status status, Instant at, @Nullable String reason, List<String> remaining) {
		jdbc.sql("UPDATE remediation SET status = ?, updated_at = ?, status_reason = ?, remaining_findings = ?::jsonb "
				+ "WHERE id = ?")
			.params(status.name(), Timestamp.from(at), reason, json.writeValueAsString(remaining), id)
			.update();
	}

	void setCatalogState(UUID id, String catalogState) {
		jdbc.sql("UPDATE remediation SET catalog_state = ? WHERE id = ?").params(catalogState, id).update();
	}

	void insertDecision(UUID remediationId, Remediation.Decision decision) {
		jdbc.sql("""
				INSERT INTO remediation_decision (id, remediation_id, kind, actor, human, comment, external_ref,
				                                  decided_at, expires_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(UUID.randomUUID(), remediationId, decision.kind().name(), decision.actor(), decision.human(),
					decision.comment(),
					decision.externalRef(), Timestamp.from(decision.decidedAt()),
					decision.expiresAt() == null ? null : Timestamp.from(decision.expiresAt()))
			.update();
	}

	List<Remediation.Decision> decisions(UUID remediationId, Instant now) {
		return jdbc.sql("SELECT kind, actor, human, comment, external_ref, decided_at, expires_at FROM remediation_decision "
				+ "WHERE remediation_id = ? ORDER BY decided_at, id")
			.param(remediationId)
			.query((rs, n) -> {
				Timestamp expires = rs.getTimestamp("expires_at");
				return new Remediation.Decision(Remediation.Decision.Kind.valueOf(rs.getString("kind")),
						rs.getString("actor"), rs.getString("human"), rs.getString("comment"), rs.getString("external_ref"),
						rs.getTimestamp("decided_at").toInstant(), expires == null ? null : expires.toInstant(),
						expires != null && !expires.toInstant().isAfter(now));
			})
			.list();
	}

	/** Unexpired approvals, counted per person (the unique key already allows one approval per person). */
	int validApprovals(UUID remediationId, Instant now) {
		return validApprovals(decisions(remediationId, now));
	}

	static int validApprovals(List<Remediation.Decision> decisions) {
		return (int) decisions.stream()
			.filter(d -> d.kind() == Remediation.Decision.Kind.APPROVAL && !d.expired())
			.map(Remediation.Decision::human)
			.distinct()
			.count();
	}

	UUID startExecution(UUID remediationId, Execution.Kind kind, String actor, Instant at) {
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO remediation_execution (id, remediation_id, kind, started_by, started_at, status) "
				+ "VALUES (?, ?, ?, ?, ?, 'RUNNING')")
			.params(id, remediationId, kind.name(), actor, Timestamp.from(at))
			.update();
		return id;
	}

	void finishExecution(UUID executionId, Execution.Status status, Instant at, int attempts,
			List<Execution.Changeset> changesets, @Nullable String error, @Nullable String sqlState) {
		jdbc.sql("""
				UPDATE remediation_execution SET status = ?, finished_at = ?, attempts = ?, changesets = ?::jsonb,
				       error = ?, error_sqlstate = ?
				WHERE id = ?""")
			.params(status.name(), Timestamp.from(at), attempts, json.writeValueAsString(changesets), error, sqlState,
					executionId)
			.update();
	}

	/** What a stopped executor was doing: the kind of its newest RUNNING execution, if any. */
	Optional<Execution.Kind> runningExecutionKind(UUID remediationId) {
		return jdbc.sql("SELECT kind FROM remediation_execution WHERE remediation_id = ? AND status = 'RUNNING' "
				+ "ORDER BY started_at DESC LIMIT 1")
			.param(remediationId)
			.query(String.class)
			.optional()
			.map(Execution.Kind::valueOf);
	}

	/** Executions a stopped Tidemark left RUNNING for this remediation. */
	int failRunningExecutions(UUID remediationId, Instant at, String error) {
		return jdbc.sql("UPDATE remediation_execution SET status = 'FAILED', finished_at = ?, error = ? "
				+ "WHERE remediation_id = ? AND status = 'RUNNING'")
			.params(Timestamp.from(at), error, remediationId)
			.update();
	}

	List<Execution> executions(UUID remediationId) {
		return jdbc.sql("SELECT id, remediation_id, kind, started_by, started_at, finished_at, status, attempts, "
				+ "changesets::text AS changesets, error, error_sqlstate FROM remediation_execution "
				+ "WHERE remediation_id = ? ORDER BY started_at, id")
			.param(remediationId)
			.query(this::mapExecution)
			.list();
	}

	Optional<Execution> execution(UUID executionId) {
		return jdbc.sql("SELECT id, remediation_id, kind, started_by, started_at, finished_at, status, attempts, "
				+ "changesets::text AS changesets, error, error_sqlstate FROM remediation_execution WHERE id = ?")
			.param(executionId)
			.query(this::mapExecution)
			.optional();
	}

	private Execution mapExecution(ResultSet rs, int rowNum) throws SQLException {
		Timestamp finished = rs.getTimestamp("finished_at");
		String changesets = rs.getString("changesets");
		return new Execution(rs.getObject("id", UUID.class), rs.getObject("remediation_id", UUID.class),
				Execution.Kind.valueOf(rs.getString("kind")), rs.getString("started_by"),
				rs.getTimestamp("started_at").toInstant(), finished == null ? null : finished.toInstant(),
				Execution.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
				changesets == null ? List.of() : json.readValue(changesets, new TypeReference<List<Execution.Changeset>>() {
				}), rs.getString("error"), rs.getString("error_sqlstate"));
	}

	private Row row(ResultSet rs, int rowNum) throws SQLException {
		String remaining = rs.getString("remaining_findings");
		String objects = rs.getString("catalog_objects");
		String orphan = rs.getString("orphaned_statement");
		UUID[] findingIds = (UUID[]) rs.getArray("finding_ids").getArray();
		return new Row(rs.getObject("id", UUID.class), rs.getObject("target_id", UUID.class),
				Remediation.Status.valueOf(rs.getString("status")), Plan.Risk.valueOf(rs.getString("risk")),
				rs.getInt("required_approvals"), rs.getString("proposed_by"), rs.getString("proposed_by_human"),
				rs.getTimestamp("proposed_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
				Arrays.asList(findingIds), json.readValue(rs.getString("plan"), Plan.class), rs.getString("changelog"),
				rs.getString("catalog_state"),
				objects == null ? null : json.readValue(objects, new TypeReference<Map<String, String>>() {
				}), rs.getString("status_reason"),
				remaining == null ? List.of() : json.readValue(remaining, new TypeReference<List<String>>() {
				}), rs.getString("executor_id"), rs.getInt("reconcile_attempts"),
				orphan == null ? null : json.readValue(orphan, Remediation.OrphanedStatement.class));
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	private static String uuidArray(List<UUID> ids) {
		return "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}";
	}
}

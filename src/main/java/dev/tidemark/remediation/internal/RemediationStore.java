package dev.tidemark.remediation.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.common.Jsonb;
import dev.tidemark.common.PageRequest;
import dev.tidemark.remediation.Execution;
import dev.tidemark.remediation.Plan;
import dev.tidemark.remediation.Remediation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.jdbc.core.convert.EntityRowMapper;
import org.springframework.data.jdbc.core.convert.JdbcConverter;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Remediations, their decisions and executions: three aggregates ({@link StoredRemediation}, {@link StoredDecision},
 * {@link StoredExecution}) inserted and read through Spring Data JDBC. Every later change of a remediation is a
 * hand-written statement here, guarded by the status it leaves (or by the executor holding it) so that of two
 * concurrent callers exactly one wins, in one statement; a read-then-save would need a retry loop to say the same.
 */
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
			int reconcileAttempts, Remediation.@Nullable OrphanedStatement orphanedStatement,
			@Nullable String targetBinding, @Nullable String databaseIdentity) {
	}

	/** The reason of an APPLIED remediation whose verification scan has not finished yet. */
	static final String VERIFYING = "Applied; verifying with a scan";

	/** Leaves EXECUTING: no executor, lease, back-off or orphan any more. */
	private static final String NOT_EXECUTING = "executor_id = NULL, lease_expires_at = NULL, reconcile_after = NULL, "
			+ "reconcile_attempts = 0, orphaned_statement = NULL";

	private final JdbcClient jdbc;

	private final JdbcAggregateOperations aggregates;

	private final JsonMapper json;

	/** Maps a claim's RETURNING * the way Spring Data JDBC maps the aggregate (the lease columns are ignored). */
	private final RowMapper<StoredRemediation> claimed;

	@SuppressWarnings("unchecked")
	RemediationStore(JdbcClient jdbc, JdbcAggregateOperations aggregates, JdbcConverter converter, JsonMapper json) {
		this.jdbc = jdbc;
		this.aggregates = aggregates;
		this.json = json;
		this.claimed = new EntityRowMapper<>((RelationalPersistentEntity<StoredRemediation>) converter
			.getMappingContext().getRequiredPersistentEntity(StoredRemediation.class), converter);
	}

	void insert(Row row) {
		aggregates.insert(StoredRemediation.of(row, json));
	}

	Optional<Row> find(UUID id) {
		return Optional.ofNullable(aggregates.findById(id, StoredRemediation.class)).map(r -> r.toRow(json));
	}

	List<Row> page(@Nullable UUID targetId, Remediation.@Nullable Status status, PageRequest page) {
		return aggregates.findAll(Query.query(filter(targetId, status))
			.sort(Sort.by(Sort.Order.desc("proposedAt"), Sort.Order.asc("id")))
			.limit(page.size())
			.offset(page.offset()), StoredRemediation.class).stream().map(r -> r.toRow(json)).toList();
	}

	long count(@Nullable UUID targetId, Remediation.@Nullable Status status) {
		return aggregates.count(Query.query(filter(targetId, status)), StoredRemediation.class);
	}

	private static Criteria filter(@Nullable UUID targetId, Remediation.@Nullable Status status) {
		Criteria filter = Criteria.empty();
		if (targetId != null) {
			filter = filter.and("targetId").is(targetId);
		}
		if (status != null) {
			filter = filter.and("status").is(status);
		}
		return filter;
	}

	/**
	 * Moves a remediation to {@code to} only if it is still in one of {@code from}: the guard that makes concurrent
	 * callers race safely (exactly one wins). Entering EXECUTING can also fail on the one-per-target index.
	 */
	boolean transition(UUID id, Collection<Remediation.Status> from, Remediation.Status to, Instant at,
			@Nullable String reason) {
		// hand-written: guarded by the status it leaves, in one statement (see the class comment)
		return jdbc.sql("UPDATE remediation SET status = ?, updated_at = ?, status_reason = ?, version = version + 1 "
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
		return claimForExecution(id, from, at, executorId, lease, null);
	}

	/**
	 * As above, and only while the remediation has had exactly {@code executions} executions (null: any number):
	 * a rollback claims what its approvals were counted for, not what an execution in between left.
	 */
	boolean claimForExecution(UUID id, Collection<Remediation.Status> from, Instant at, String executorId,
			Duration lease, @Nullable Integer executions) {
		// hand-written: guarded by the status it leaves; the lease runs on the store's clock
		return jdbc.sql("UPDATE remediation SET status = 'EXECUTING', updated_at = ?, status_reason = NULL, "
				+ "version = version + 1, reconcile_after = NULL, reconcile_attempts = 0, orphaned_statement = NULL, "
				+ "executor_id = ?, lease_expires_at = clock_timestamp() + make_interval(secs => ?) "
				+ "WHERE id = ? AND status = ANY (?::text[]) AND (?::int IS NULL OR (SELECT count(*) "
				+ "FROM remediation_execution e WHERE e.remediation_id = remediation.id) = ?::int)")
			.params(Timestamp.from(at), executorId, seconds(lease), id,
					"{" + String.join(",", from.stream().map(Enum::name).toList()) + "}", executions, executions)
			.update() == 1;
	}

	/** The executor is alive: extends the lease of every remediation it is executing. */
	int renewLeases(String executorId, Collection<UUID> ids, Duration lease) {
		if (ids.isEmpty()) {
			return 0;
		}
		// hand-written: one statement for all of them; a heartbeat, not a change (the version stays)
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
		return jdbc.sql("UPDATE remediation SET executor_id = ?, version = version + 1, lease_expires_at = "
				+ "clock_timestamp() + make_interval(secs => ?) WHERE id = (SELECT id FROM remediation "
				+ "WHERE status = 'EXECUTING' AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp()) "
				+ "AND (?::uuid IS NULL AND (reconcile_after IS NULL OR reconcile_after <= clock_timestamp()) "
				+ "     OR id = ?::uuid) "
				+ "ORDER BY lease_expires_at NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING *")
			.params(executorId, seconds(lease), only, only)
			.query(claimed)
			.optional()
			.map(r -> r.toRow(json));
	}

	/**
	 * Claims one APPLIED remediation whose verification has not finished within a lease (its executor stopped
	 * between applying and verifying), by touching it so no other replica takes it meanwhile. SKIP LOCKED.
	 */
	Optional<Row> claimUnverified(Duration lease) {
		// hand-written: FOR UPDATE SKIP LOCKED claim across replicas
		return jdbc.sql("UPDATE remediation SET updated_at = clock_timestamp(), version = version + 1 "
				+ "WHERE id = (SELECT id FROM remediation WHERE status = 'APPLIED' AND status_reason = ? "
				+ "AND updated_at < clock_timestamp() - make_interval(secs => ?) "
				+ "ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING *")
			.params(VERIFYING, seconds(lease))
			.query(claimed)
			.optional()
			.map(r -> r.toRow(json));
	}

	/**
	 * Still EXECUTING, not reconciled yet: why (an orphaned statement, an unreachable target), and when to look
	 * again. Releases this replica's claim so any replica may take it then.
	 */
	void postponeReconciliation(UUID id, String executorId, String reason,
			Remediation.@Nullable OrphanedStatement orphan, int attempts, Duration after) {
		// hand-written: only while this executor still holds it; the back-off runs on the store's clock
		jdbc.sql("UPDATE remediation SET status_reason = ?, orphaned_statement = ?::jsonb, reconcile_attempts = ?, "
				+ "version = version + 1, "
				+ "reconcile_after = clock_timestamp() + make_interval(secs => ?), lease_expires_at = clock_timestamp() "
				+ "WHERE id = ? AND status = 'EXECUTING' AND executor_id = ?")
			.params(reason, orphan == null ? null : json.writeValueAsString(orphan), attempts, seconds(after), id,
					executorId)
			.update();
	}

	/** The remediation executing on a target, if one is. */
	Optional<Row> executingOn(UUID targetId) {
		return aggregates.findOne(Query.query(Criteria.where("targetId").is(targetId)
			.and("status").is(Remediation.Status.EXECUTING)), StoredRemediation.class).map(r -> r.toRow(json));
	}

	/**
	 * Leaves EXECUTING for {@code status}, only if this executor still holds it: an executor that lost its lease
	 * to a reconciler does not overwrite what the reconciler concluded.
	 */
	boolean finishExecuting(UUID id, String executorId, Remediation.Status status, Instant at, @Nullable String reason,
			List<String> remaining) {
		// hand-written: guarded by the executor that still holds it (see above)
		return jdbc.sql("UPDATE remediation SET status = ?, updated_at = ?, status_reason = ?, "
				+ "remaining_findings = ?::jsonb, version = version + 1, " + NOT_EXECUTING
				+ " WHERE id = ? AND status = 'EXECUTING' AND executor_id = ?")
			.params(status.name(), Timestamp.from(at), reason, json.writeValueAsString(remaining), id, executorId)
			.update() == 1;
	}

	void setOutcome(UUID id, Remediation.Status status, Instant at, @Nullable String reason, List<String> remaining) {
		// hand-written: a partial write (no read first) after the guarded transitions settled who writes it
		jdbc.sql("UPDATE remediation SET status = ?, updated_at = ?, status_reason = ?, remaining_findings = ?::jsonb, "
				+ "version = version + 1 WHERE id = ?")
			.params(status.name(), Timestamp.from(at), reason, json.writeValueAsString(remaining), id)
			.update();
	}

	void setCatalogState(UUID id, String catalogState) {
		// hand-written: a partial write (no read first), like setOutcome
		jdbc.sql("UPDATE remediation SET catalog_state = ?, version = version + 1 WHERE id = ?")
			.params(catalogState, id)
			.update();
	}

	void insertDecision(UUID remediationId, Remediation.Decision decision) {
		aggregates.insert(StoredDecision.of(remediationId, decision, null));
	}

	/** A rollback approval, for what the target holds after the remediation's {@code executions} executions. */
	void insertRollbackApproval(UUID remediationId, Remediation.Decision decision, int executions) {
		aggregates.insert(StoredDecision.of(remediationId, decision, executions));
	}

	/** How many executions (runs and rollbacks) the remediation has had. */
	int executionCount(UUID remediationId) {
		return (int) aggregates.count(Query.query(Criteria.where("remediationId").is(remediationId)),
				StoredExecution.class);
	}

	/**
	 * The rollback approvals given since the remediation's last execution, its {@code executions}th (see
	 * {@link StoredDecision#approvesRollbackOf}).
	 */
	List<Remediation.Decision> currentRollbackApprovals(UUID remediationId, Instant now, int executions) {
		Instant lastRun = lastExecutionStart(remediationId);
		return aggregates.findAll(Query.query(Criteria.where("remediationId").is(remediationId)
			.and("kind").is(Remediation.Decision.Kind.ROLLBACK_APPROVAL)), StoredDecision.class).stream()
			.filter(d -> d.approvesRollbackOf(executions, lastRun))
			.map(d -> d.toDecision(now))
			.toList();
	}

	List<Remediation.Decision> decisions(UUID remediationId, Instant now) {
		return aggregates.findAll(Query.query(Criteria.where("remediationId").is(remediationId))
			.sort(Sort.by("decidedAt", "id")), StoredDecision.class).stream().map(d -> d.toDecision(now)).toList();
	}

	/** Unexpired approvals, counted per person (the unique key already allows one approval per person). */
	int validApprovals(UUID remediationId, Instant now) {
		return validApprovals(decisions(remediationId, now));
	}

	static int validApprovals(List<Remediation.Decision> decisions) {
		return valid(decisions, Remediation.Decision.Kind.APPROVAL, null);
	}

	/** People with a valid decision of {@code kind}, {@code except} one of them (null: none). */
	static int valid(List<Remediation.Decision> decisions, Remediation.Decision.Kind kind, @Nullable String except) {
		return (int) decisions.stream()
			.filter(d -> d.kind() == kind && !d.expired() && !d.human().equals(except))
			.map(Remediation.Decision::human)
			.distinct()
			.count();
	}

	UUID startExecution(UUID remediationId, Execution.Kind kind, String actor, Instant at) {
		return aggregates.insert(StoredExecution.started(remediationId, kind, actor, at)).id();
	}

	void finishExecution(UUID executionId, Execution.Status status, Instant at, int attempts,
			List<Execution.Changeset> changesets, @Nullable String error, @Nullable String sqlState) {
		StoredExecution running = aggregates.findById(executionId, StoredExecution.class);
		aggregates.update(running.finished(status, at, attempts, new Jsonb(json.writeValueAsString(changesets)), error,
				sqlState));
	}

	/** What a stopped executor was doing: the kind of its newest RUNNING execution, if any. */
	Optional<Execution.Kind> runningExecutionKind(UUID remediationId) {
		return aggregates.findAll(Query.query(Criteria.where("remediationId").is(remediationId)
			.and("status").is(Execution.Status.RUNNING))
			.sort(Sort.by(Sort.Order.desc("startedAt")))
			.limit(1), StoredExecution.class).stream().findFirst().map(StoredExecution::kind);
	}

	/** Executions a stopped Tidemark left RUNNING for this remediation. */
	int failRunningExecutions(UUID remediationId, Instant at, String error) {
		// hand-written: bulk, every RUNNING execution of the remediation in one statement
		return jdbc.sql("UPDATE remediation_execution SET status = 'FAILED', finished_at = ?, error = ? "
				+ "WHERE remediation_id = ? AND status = 'RUNNING'")
			.params(Timestamp.from(at), error, remediationId)
			.update();
	}

	/** When the remediation's latest execution (run, rollback or reconciliation) started; {@link Instant#MIN}: never. */
	Instant lastExecutionStart(UUID remediationId) {
		List<Timestamp> latest = jdbc.sql("SELECT max(started_at) FROM remediation_execution WHERE remediation_id = ?")
			.param(remediationId)
			.query(Timestamp.class)
			.list();
		return latest.isEmpty() || latest.get(0) == null ? Instant.MIN : latest.get(0).toInstant();
	}

	/**
	 * Removes {@code human}'s rollback approval given before the remediation's latest execution: it was for what the
	 * target held then, and the one-per-person key would otherwise keep them from approving what it holds now.
	 * Hand-written: a conditional delete of another aggregate's row.
	 */
	void dropOutdatedRollbackApproval(UUID remediationId, String human, int executions, Instant lastExecutionStart) {
		jdbc.sql("DELETE FROM remediation_decision WHERE remediation_id = ? AND human = ? AND kind = 'ROLLBACK_APPROVAL'"
				+ " AND (executions_before <> ? OR (executions_before IS NULL AND decided_at <= ?))")
			.params(remediationId, human, executions, Timestamp.from(lastExecutionStart.equals(Instant.MIN)
					? Instant.EPOCH : lastExecutionStart))
			.update();
	}

	/**
	 * Removes {@code human}'s approval of {@code kind} that has expired, so that they can approve again (the
	 * one-per-person key would refuse it). Hand-written for the same reason as above.
	 */
	void dropExpiredApproval(UUID remediationId, String human, Remediation.Decision.Kind kind, Instant now) {
		jdbc.sql("DELETE FROM remediation_decision WHERE remediation_id = ? AND human = ? AND kind = ?"
				+ " AND expires_at <= ?")
			.params(remediationId, human, kind.name(), Timestamp.from(now))
			.update();
	}

	List<Execution> executions(UUID remediationId) {
		return aggregates.findAll(Query.query(Criteria.where("remediationId").is(remediationId))
			.sort(Sort.by("startedAt", "id")), StoredExecution.class).stream().map(e -> e.toExecution(json)).toList();
	}

	Optional<Execution> execution(UUID executionId) {
		return Optional.ofNullable(aggregates.findById(executionId, StoredExecution.class))
			.map(e -> e.toExecution(json));
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	private static String uuidArray(List<UUID> ids) {
		return "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}";
	}
}

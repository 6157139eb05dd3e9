package dev.tidemark.remediation.internal;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.tidemark.checks.Scans;
import dev.tidemark.common.Caller;
import dev.tidemark.inspection.Inspector;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.remediation.Execution;
import dev.tidemark.remediation.Plan;
import dev.tidemark.remediation.Remediation;
import dev.tidemark.remediation.RemediationEvent;
import dev.tidemark.remediation.RemediationException;
import dev.tidemark.remediation.RemediationException.Reason;
import dev.tidemark.remediation.RemediationExecutions;
import dev.tidemark.targets.TargetConnectionException;
import dev.tidemark.targets.TargetSession;
import dev.tidemark.targets.Targets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Execution, verification and rollback. Entering EXECUTING is a guarded UPDATE in the store that also needs the
 * per-target unique index, and the changesets run under an advisory lock on the target: of many concurrent calls
 * exactly one runs, on any number of replicas. While it runs this replica's heartbeat renews its lease; if the
 * replica dies, the {@link Reconciler} of any replica settles it.
 */
@Service
class ExecutionService implements RemediationExecutions {

	private static final Logger log = LoggerFactory.getLogger(ExecutionService.class);

	private static final Set<Remediation.Status> EXECUTABLE = EnumSet.of(Remediation.Status.APPROVED,
			Remediation.Status.FAILED);

	static final Set<Remediation.Status> ROLLBACKABLE = EnumSet.of(Remediation.Status.APPLIED,
			Remediation.Status.VERIFIED, Remediation.Status.FAILED);

	private final RemediationStore store;

	private final Inspector inspector;

	private final Targets targets;

	private final Scans scans;

	private final LiquibaseRunner liquibase;

	private final ExecutorLeases leases;

	private final Reconciler reconciler;

	private final Verification verification;

	private final RemediationSettings settings;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ExecutionService(RemediationStore store, Inspector inspector, Targets targets, Scans scans,
			LiquibaseRunner liquibase, ExecutorLeases leases, Reconciler reconciler, Verification verification,
			RemediationSettings settings, TransactionTemplate transactions, ApplicationEventPublisher events,
			Clock clock) {
		this.store = store;
		this.inspector = inspector;
		this.targets = targets;
		this.scans = scans;
		this.liquibase = liquibase;
		this.leases = leases;
		this.reconciler = reconciler;
		this.verification = verification;
		this.settings = settings;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public Execution execute(UUID id, String actor) {
		RemediationStore.Row row = row(id);
		Instant now = now();
		if (!EXECUTABLE.contains(row.status())) {
			// refused here, not only by the claim: the checks below hold for the state they read
			throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " is " + row.status()
					+ "; only APPROVED (or FAILED, to retry) remediations can be executed");
		}
		if (!TargetBinding.holds(row.targetBinding(), targets.get(row.targetId()))) {
			throw bindingBroken(row, now, actor, "execute");
		}
		int valid = store.validApprovals(id, now);
		if (valid < row.requiredApprovals()) {
			throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " has " + valid
					+ " valid approval(s) of " + row.requiredApprovals() + " required; approvals expire after "
					+ settings.approvalTtl().toHours() + " h");
		}
		if (!claim(row, EXECUTABLE, now)) {
			throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " is " + row(id).status()
					+ "; only APPROVED (or FAILED, to retry) remediations can be executed");
		}
		leases.hold(id);
		try {
			// one transaction: listeners (audit, webhook outbox) write their rows together with the execution
			UUID executionId = transactions.execute(tx -> {
				UUID started = store.startExecution(id, Execution.Kind.EXECUTE, actor, now);
				events.publishEvent(new RemediationEvent(id, row.targetId(), "execute", actor, "STARTED", null));
				return started;
			});
			try {
				return run(row, executionId, actor);
			}
			catch (RemediationException e) {
				throw e; // already recorded (STALE): the caller gets the problem
			}
			catch (RuntimeException e) {
				// Never leave EXECUTING behind: it would block the target until the reconciler settles it.
				log.error("Execution {} of remediation {} failed unexpectedly", executionId, id, e);
				finishFailed(row, executionId, 1, List.of(), "Execution failed unexpectedly: " + e.getMessage(), null,
						actor);
				return store.execution(executionId).orElseThrow();
			}
		}
		finally {
			leases.release(id);
		}
	}

	/**
	 * Moves the remediation to EXECUTING under this replica's lease. When another remediation of the target is
	 * EXECUTING without a live executor, it is reconciled on the spot and the claim tried once more: a dead
	 * executor never blocks later attempts until the next round.
	 */
	private boolean claim(RemediationStore.Row row, Set<Remediation.Status> from, Instant now) {
		return claim(row, from, now, null);
	}

	/** {@code executions}: only while the remediation has had that many (null: any). */
	private boolean claim(RemediationStore.Row row, Set<Remediation.Status> from, Instant now,
			@Nullable Integer executions) {
		for (int attempt = 1;; attempt++) {
			try {
				return store.claimForExecution(row.id(), from, now, leases.executorId(), settings.leaseDuration(),
						executions);
			}
			catch (DuplicateKeyException e) {
				if (attempt > 1 || !reconciler.reconcileNowIfOrphaned(row.targetId())) {
					throw new RemediationException(Reason.TARGET_BUSY, "Another remediation is executing on target "
							+ row.targetId() + "; try again when it is done");
				}
			}
		}
	}

	private Execution run(RemediationStore.Row row, UUID executionId, String actor) {
		UUID id = row.id();
		LiquibaseRunner.Result result = null;
		int attempts = 0;
		CatalogSnapshot current;
		try {
			// before the repair session: a target may allow Tidemark a single connection
			current = inspector.inspect(row.targetId());
		}
		catch (TargetConnectionException e) {
			finishFailed(row, executionId, 1, List.of(), "The target could not be inspected before executing: "
					+ e.getMessage(), e.sqlState(), actor);
			return store.execution(executionId).orElseThrow();
		}
		try (TargetSession session = targets.openRemediationSession(row.targetId())) {
			Connection connection = session.connection();
			// the target changed since the check before the claim, or its URL reaches another database now: this
			// session would run the plan somewhere else
			String elsewhere = !TargetBinding.holds(row.targetBinding(), session.target()) ? TargetBinding.CHANGED
					: TargetBinding.sameDatabase(row.databaseIdentity(), session) ? null
					: "The plan was not run: " + TargetBinding.otherDatabase(row.databaseIdentity(), session)
							+ "; propose it again if this is the database to repair";
			if (elsewhere != null) {
				Instant at = now();
				transactions.executeWithoutResult(status -> {
					store.finishExecution(executionId, Execution.Status.FAILED, at, 1, List.of(), elsewhere, null);
					store.finishExecuting(id, leases.executorId(), row.status() == Remediation.Status.APPROVED
							? Remediation.Status.STALE : Remediation.Status.FAILED, at, elsewhere, List.of());
					events.publishEvent(new RemediationEvent(id, row.targetId(), "execute", actor,
							row.status() == Remediation.Status.APPROVED ? "STALE" : "FAILED", elsewhere));
				});
				throw new RemediationException(Reason.STALE, "Remediation " + id + ": " + elsewhere);
			}
			if (!TargetLock.tryLock(connection)) {
				finishFailed(row, executionId, 0, List.of(), "Another session holds the remediation lock on this target"
						+ TargetLock.holder(connection).map(o -> " (pid " + o.pid() + ": " + o.statement() + ")").orElse(""),
						null, actor);
				return store.execution(executionId).orElseThrow();
			}
			try {
				List<String> changed = changedByOthers(row, current, connection);
				if (!changed.isEmpty()) {
					String reason = "The objects this plan touches changed since it was made (" + String.join(", ",
							changed) + "); propose it again";
					Instant at = now();
					transactions.executeWithoutResult(status -> {
						store.finishExecution(executionId, Execution.Status.FAILED, at, 1, List.of(), reason, null);
						store.finishExecuting(id, leases.executorId(), Remediation.Status.STALE, at, reason, List.of());
						events.publishEvent(new RemediationEvent(id, row.targetId(), "execute", actor, "STALE", reason));
					});
					throw new RemediationException(Reason.STALE, "Remediation " + id + " is stale: " + reason);
				}
				while (attempts <= settings.lockTimeoutRetries()) {
					attempts++;
					result = liquibase.update(connection, id, row.changelog());
					if (result.succeeded() || !"55P03".equals(result.sqlState())) {
						break;
					}
					log.warn("Remediation {}: lock timeout on attempt {}, retrying", id, attempts);
					sleep(settings.lockTimeoutBackoff().toMillis() * attempts);
				}
			}
			finally {
				TargetLock.unlock(connection);
			}
		}
		catch (TargetConnectionException e) {
			finishFailed(row, executionId, Math.max(1, attempts), List.of(), e.getMessage(), e.sqlState(), actor);
			return store.execution(executionId).orElseThrow();
		}
		List<Execution.Changeset> changesets = changesets(row.plan(), result);
		if (!result.succeeded()) {
			finishFailed(row, executionId, attempts, changesets, result.error(), result.sqlState(), actor);
			return store.execution(executionId).orElseThrow();
		}
		Instant at = now();
		int tries = attempts;
		boolean stillOurs = Boolean.TRUE.equals(transactions.execute(status -> {
			store.finishExecution(executionId, Execution.Status.SUCCEEDED, at, tries, changesets, null, null);
			if (!store.finishExecuting(id, leases.executorId(), Remediation.Status.APPLIED, at,
					RemediationStore.VERIFYING, List.of())) {
				return false;
			}
			events.publishEvent(new RemediationEvent(id, row.targetId(), "execute", actor, "APPLIED",
					changesets.size() + " changeset(s) recorded"));
			return true;
		}));
		if (stillOurs) {
			verification.verify(row, actor);
		}
		else {
			// this executor's lease ran out meanwhile (a stalled heartbeat): the reconciler that claimed it settles it
			// from the changelog table, which records everything this run did
			log.warn("Remediation {}: applied, but a reconciler holds it now; it settles and verifies it", id);
		}
		return store.execution(executionId).orElseThrow();
	}

	/**
	 * What changed on the touched objects since the plan was made, other than by the plan itself: its changesets the
	 * target records, and the index its own interrupted build left (see {@link CatalogState#unexplainedChanges}).
	 * The changelog table is read under the target's remediation lock. Plans stored before per-object fingerprints
	 * compare the whole fingerprint.
	 */
	private List<String> changedByOthers(RemediationStore.Row row, CatalogSnapshot current, Connection connection) {
		if (row.catalogObjects() == null) {
			return CatalogState.of(current, row.plan().touchedObjects()).equals(row.catalogState()) ? List.of()
					: List.of("the touched tables");
		}
		Set<String> recorded = liquibase.recorded(connection, row.id()).stream().map(LiquibaseRunner.ChangesetRun::id)
			.collect(Collectors.toSet());
		return CatalogState.unexplainedChanges(row.catalogObjects(), current, row.plan(), recorded).stream()
			.map(CatalogState::readable)
			.toList();
	}

	/**
	 * Every step of the plan with what became of it: this run's outcome (status, duration, failure) where it ran,
	 * else what the target's changelog table recorded earlier, else NOT_RUN.
	 */
	private static List<Execution.Changeset> changesets(Plan plan, LiquibaseRunner.Result result) {
		Map<String, LiquibaseRunner.ChangesetOutcome> outcomes = new HashMap<>();
		result.outcomes().forEach(o -> outcomes.put(o.id(), o));
		Map<String, String> recorded = new HashMap<>();
		result.recorded().forEach(r -> recorded.put(r.id(), r.execType()));
		List<Execution.Changeset> changesets = new ArrayList<>();
		for (Plan.Step step : plan.steps()) {
			LiquibaseRunner.ChangesetOutcome o = outcomes.get(step.id());
			changesets.add(o != null
					? new Execution.Changeset(step.id(), o.status(), o.durationMs(), step.sql(), o.sqlState(), o.message())
					: new Execution.Changeset(step.id(), recorded.getOrDefault(step.id(), "NOT_RUN"), null, step.sql(),
							null, null));
		}
		return changesets;
	}

	private void finishFailed(RemediationStore.Row row, UUID executionId, int attempts, List<Execution.Changeset> changesets,
			@Nullable String error, @Nullable String sqlState, String actor) {
		Instant at = now();
		List<String> invalid = List.of();
		String legacyState = null;
		try {
			CatalogSnapshot after = inspector.inspect(row.targetId());
			invalid = CatalogState.invalidIndexesGuarded(after, row.plan());
			if (row.catalogObjects() == null) {
				// a plan without per-object fingerprints can only compare against the state this attempt left
				legacyState = CatalogState.of(after, row.plan().touchedObjects());
			}
		}
		catch (RuntimeException e) {
			log.warn("Remediation {}: could not re-inspect after the failure: {}", row.id(), e.getMessage());
		}
		String catalogState = legacyState;
		String reason = (error == null ? "failed" : error) + (sqlState == null ? "" : " [SQLSTATE " + sqlState + "]")
				+ (invalid.isEmpty() ? "" : ". INVALID index(es) left on the target by a failed concurrent build: "
						+ String.join(", ", invalid) + " (they serve no query; a retry drops and rebuilds them)")
				+ ". Execute again to resume";
		transactions.executeWithoutResult(status -> {
			store.finishExecution(executionId, Execution.Status.FAILED, at, Math.max(attempts, 1), changesets, error,
					sqlState);
			if (catalogState != null) {
				store.setCatalogState(row.id(), catalogState);
			}
			if (!store.finishExecuting(row.id(), leases.executorId(), Remediation.Status.FAILED, at, reason,
					List.of())) {
				log.warn("Remediation {} was settled by a reconciler while this execution ran", row.id());
			}
			events.publishEvent(new RemediationEvent(row.id(), row.targetId(), "execute", actor, "FAILED", reason));
		});
	}

	/**
	 * The target no longer is what the remediation was proposed for: an APPROVED one becomes STALE (its approvals
	 * were for another database or rule); a FAILED one, maybe half applied, keeps its state, so that it can still be
	 * rolled back, or executed again once the target is what it was.
	 */
	private RemediationException bindingBroken(RemediationStore.Row row, Instant now, String actor, String action) {
		if (row.status() == Remediation.Status.APPROVED) {
			transactions.executeWithoutResult(status -> {
				if (store.transition(row.id(), EnumSet.of(Remediation.Status.APPROVED), Remediation.Status.STALE, now,
						TargetBinding.CHANGED)) {
					events.publishEvent(new RemediationEvent(row.id(), row.targetId(), action, actor, "STALE",
							TargetBinding.CHANGED));
				}
			});
			return new RemediationException(Reason.STALE, "Remediation " + row.id() + " is stale: "
					+ TargetBinding.CHANGED);
		}
		return new RemediationException(Reason.STATE_CONFLICT, "Remediation " + row.id() + " is " + row.status()
				+ " and cannot be executed here: " + TargetBinding.CHANGED_SINCE);
	}

	@Override
	public Execution rollback(UUID id, Caller caller) {
		String actor = caller.name();
		RemediationStore.Row row = row(id);
		Instant now = now();
		if (!ROLLBACKABLE.contains(row.status())) {
			// refused here, not only by the claim: the approval count below holds for the state it read
			throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " is " + row.status()
					+ "; only APPLIED, VERIFIED or FAILED remediations can be rolled back");
		}
		if (!TargetBinding.allowsRollback(row.targetBinding(), targets.get(row.targetId()))) {
			throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " cannot be rolled back: "
					+ TargetBinding.ROLLBACK_ELSEWHERE);
		}
		if (row.databaseIdentity() != null) {
			// before claiming: a refusal here leaves the remediation, its approvals and its reason as they are
			try (TargetSession session = targets.openRemediationSession(row.targetId())) {
				if (!TargetBinding.sameDatabase(row.databaseIdentity(), session)) {
					throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " cannot be rolled "
							+ "back: " + TargetBinding.otherDatabase(row.databaseIdentity(), session) + "; roll it back "
							+ "by hand on the database it ran on, or when the URL reaches it again");
				}
			}
		}
		// approvals of rolling back what the target held when they were given: an execution since may have
		// applied more, which nobody agreed to undo
		int executions = store.executionCount(id);
		int valid = RemediationStore.valid(store.currentRollbackApprovals(id, now, executions),
				Remediation.Decision.Kind.ROLLBACK_APPROVAL, caller.human());
		int required = Math.max(1, row.requiredApprovals());
		if (valid < required) {
			// undoing what it created drops it with whatever it holds by now: a second person's check, as the
			// remediation itself had
			throw new RemediationException(Reason.NOT_ALLOWED, "Rolling back remediation " + id + " needs "
					+ required + " valid rollback approval(s) (POST …/rollback-approvals, APPROVER), given since its last"
					+ " execution, by someone other than " + caller.describe() + "; it has " + valid);
		}
		if (!claim(row, ROLLBACKABLE, now, executions)) {
			Remediation.Status status = row(id).status();
			throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " is " + status
					+ (ROLLBACKABLE.contains(status) ? " after another execution meanwhile; its rollback approvals "
							+ "were for what it held before, give them again"
							: "; only APPLIED, VERIFIED or FAILED remediations can be rolled back"));
		}
		leases.hold(id);
		try {
			UUID executionId = store.startExecution(id, Execution.Kind.ROLLBACK, actor, now);
			rollback(row, executionId, actor);
			scans.run(row.targetId(), "remediation:" + id);
			return store.execution(executionId).orElseThrow();
		}
		finally {
			leases.release(id);
		}
	}

	private void rollback(RemediationStore.Row row, UUID executionId, String actor) {
		try (TargetSession session = targets.openRemediationSession(row.targetId())) {
			Connection connection = session.connection();
			if (!TargetBinding.allowsRollback(row.targetBinding(), session.target())) {
				// changed since the check before the claim: nothing is undone on another database
				finishRollback(row, executionId, false, List.of(), "Not rolled back: " + TargetBinding.ROLLBACK_ELSEWHERE,
						null, row.status(), actor);
				return;
			}
			if (!TargetBinding.sameDatabase(row.databaseIdentity(), session)) {
				finishRollback(row, executionId, false, List.of(), "Not rolled back: "
						+ TargetBinding.otherDatabase(row.databaseIdentity(), session)
						+ "; roll it back by hand on the database it ran on, or when the URL reaches it again", null,
						row.status(), actor);
				return;
			}
			if (!TargetLock.tryLock(connection)) {
				finishRollback(row, executionId, false, List.of(), "Another session holds the remediation lock", null,
						Remediation.Status.FAILED, actor);
				return;
			}
			LiquibaseRunner.Result result;
			List<LiquibaseRunner.ChangesetRun> recorded;
			int count = 0;
			String stoppedAt = null;
			Map<String, Plan.Step> steps = row.plan().steps().stream()
				.collect(Collectors.toMap(Plan.Step::id, step -> step));
			try {
				recorded = liquibase.recorded(connection, row.id());
				for (int i = recorded.size() - 1; i >= 0; i--) {
					LiquibaseRunner.ChangesetRun run = recorded.get(i);
					Plan.Step step = steps.get(run.id());
					// a step that left nothing to undo (a guard that found no INVALID index, a VALIDATE) is passed
					// whatever it recorded; any other must have EXECUTED here and have a rollback
					boolean nothingToUndo = step != null && step.rollback().kind() == Plan.Rollback.Kind.NOTHING_TO_UNDO;
					if (!nothingToUndo && (!"EXECUTED".equals(run.execType()) || step == null
							|| step.rollback().kind() == Plan.Rollback.Kind.NONE)) {
						stoppedAt = run.id() + (step == null ? "" : " (" + ("EXECUTED".equals(run.execType())
								? "no automatic rollback: " + step.rollback().text()
								: "marked ran: its drift was already gone") + ")");
						break;
					}
					count++;
				}
				result = count == 0 ? new LiquibaseRunner.Result(true, recorded, null, null, List.of())
						: liquibase.rollback(connection, row.id(), row.changelog(), count);
			}
			finally {
				TargetLock.unlock(connection);
			}
			Map<String, LiquibaseRunner.ChangesetOutcome> outcomes = new HashMap<>();
			result.outcomes().forEach(o -> outcomes.put(o.id(), o));
			LiquibaseRunner.Result finalResult = result;
			List<Execution.Changeset> undone = recorded.subList(recorded.size() - count, recorded.size()).stream()
				.map(r -> {
					LiquibaseRunner.ChangesetOutcome o = outcomes.get(r.id());
					Plan.Step step = steps.get(r.id());
					String sql = step == null || step.rollback().kind() != Plan.Rollback.Kind.SQL ? null
							: step.rollback().text();
					return o == null ? new Execution.Changeset(r.id(), finalResult.succeeded() ? "ROLLED_BACK"
							: r.execType(), null, sql, null, null)
							: new Execution.Changeset(r.id(), o.status(), o.durationMs(), sql, o.sqlState(), o.message());
				})
				.toList();
			String reason = result.succeeded()
					? "Rolled back " + count + " of " + recorded.size() + " recorded changeset(s)"
							+ (stoppedAt == null ? "" : "; stopped at " + stoppedAt)
					: "Rollback failed: " + result.error();
			finishRollback(row, executionId, result.succeeded(), undone, reason, result.sqlState(),
					result.succeeded() ? Remediation.Status.ROLLED_BACK : Remediation.Status.FAILED, actor);
		}
		catch (TargetConnectionException e) {
			finishRollback(row, executionId, false, List.of(), e.getMessage(), e.sqlState(), Remediation.Status.FAILED,
					actor);
		}
		catch (IllegalStateException e) {
			// the changelog table could not be read: nothing was rolled back, and nothing is claimed to be
			finishRollback(row, executionId, false, List.of(), e.getMessage(), null, Remediation.Status.FAILED, actor);
		}
	}

	private void finishRollback(RemediationStore.Row row, UUID executionId, boolean succeeded,
			List<Execution.Changeset> changesets, String reason, @Nullable String sqlState, Remediation.Status status,
			String actor) {
		Instant at = now();
		transactions.executeWithoutResult(tx -> {
			store.finishExecution(executionId, succeeded ? Execution.Status.SUCCEEDED : Execution.Status.FAILED, at, 1,
					changesets, succeeded ? null : reason, sqlState);
			store.finishExecuting(row.id(), leases.executorId(), status, at, reason, List.of());
			events.publishEvent(new RemediationEvent(row.id(), row.targetId(), "rollback", actor, status.name(), reason));
		});
	}

	@Override
	public List<Execution> executions(UUID id) {
		row(id);
		return store.executions(id);
	}


	private RemediationStore.Row row(UUID id) {
		return store.find(id)
			.orElseThrow(() -> new RemediationException(Reason.NOT_FOUND, "No remediation with id " + id));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}

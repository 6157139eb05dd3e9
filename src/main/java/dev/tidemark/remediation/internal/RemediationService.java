package dev.tidemark.remediation.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.FindingNotFoundException;
import dev.tidemark.checks.Findings;
import dev.tidemark.checks.Scan;
import dev.tidemark.checks.Scans;
import dev.tidemark.checks.Expectations;
import dev.tidemark.checks.StoredContract;
import dev.tidemark.common.Caller;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.inspection.Inspector;
import dev.tidemark.inspection.Snapshot;
import dev.tidemark.inspection.SnapshotNotFoundException;
import dev.tidemark.inspection.Snapshots;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.remediation.ChangelogWriter;
import dev.tidemark.remediation.Execution;
import dev.tidemark.remediation.Plan;
import dev.tidemark.remediation.Remediation;
import dev.tidemark.remediation.RemediationEvent;
import dev.tidemark.remediation.RemediationException;
import dev.tidemark.remediation.RemediationException.Reason;
import dev.tidemark.remediation.RemediationPlanner;
import dev.tidemark.remediation.Remediations;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetConnectionException;
import dev.tidemark.targets.TargetSession;
import dev.tidemark.targets.Targets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The remediation workflow. Every status change is a guarded UPDATE in the store (it only happens from the status
 * it expects), and entering EXECUTING also needs the per-target unique index and an advisory lock on the target:
 * of many concurrent execute calls exactly one runs, on any number of replicas.
 */
@Service
@EnableConfigurationProperties(RemediationSettings.class)
class RemediationService implements Remediations {

	private static final Logger log = LoggerFactory.getLogger(RemediationService.class);

	/** pg_try_advisory_lock key on the target: "tidemark remediation". */
	static final long TARGET_LOCK_KEY = 0x746964656d61726bL;

	private final RemediationStore store;

	private final Findings findings;

	private final Snapshots snapshots;

	private final Expectations expectations;

	private final Inspector inspector;

	private final Targets targets;

	private final Scans scans;

	private final RemediationPlanner planner;

	private final RemediationSettings settings;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final LiquibaseRunner liquibase = new LiquibaseRunner();

	RemediationService(RemediationStore store, Findings findings, Snapshots snapshots, Expectations expectations,
			Inspector inspector, Targets targets, Scans scans, RemediationPlanner planner, RemediationSettings settings,
			TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
		this.store = store;
		this.findings = findings;
		this.snapshots = snapshots;
		this.expectations = expectations;
		this.inspector = inspector;
		this.targets = targets;
		this.scans = scans;
		this.planner = planner;
		this.settings = settings;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public Remediation propose(List<UUID> findingIds, Caller caller) {
		String actor = caller.name();
		if (findingIds.isEmpty()) {
			throw new RemediationException(Reason.INVALID_FINDINGS, "findingIds must name at least one finding");
		}
		List<Finding> selected = new ArrayList<>();
		for (UUID id : new java.util.LinkedHashSet<>(findingIds)) {
			try {
				selected.add(findings.get(id));
			}
			catch (FindingNotFoundException e) {
				throw new RemediationException(Reason.INVALID_FINDINGS, "No finding with id " + id);
			}
		}
		Set<UUID> targetIds = selected.stream().map(Finding::targetId).collect(Collectors.toSet());
		if (targetIds.size() != 1) {
			throw new RemediationException(Reason.INVALID_FINDINGS, "All findings of a remediation must belong to one target");
		}
		List<String> notOpen = selected.stream().filter(f -> f.status() != Finding.Status.OPEN)
			.map(f -> f.id() + " is " + f.status()).toList();
		if (!notOpen.isEmpty()) {
			throw new RemediationException(Reason.INVALID_FINDINGS, "Only open findings can be repaired: " + notOpen);
		}
		UUID targetId = targetIds.iterator().next();
		Target target = targets.get(targetId);
		Snapshot snapshot;
		try {
			snapshot = snapshots.latest(targetId);
		}
		catch (SnapshotNotFoundException e) {
			throw new RemediationException(Reason.INVALID_FINDINGS, e.getMessage());
		}
		UUID id = UUID.randomUUID();
		Plan plan = planner.plan(id, selected, snapshot.catalog(),
				expectations.contract(targetId).map(StoredContract::contract).orElse(null));
		if (!plan.refused().isEmpty()) {
			List<Map<String, Object>> refusals = plan.refused().stream().<Map<String, Object>>map(r -> {
				Map<String, Object> m = new LinkedHashMap<>();
				m.put("findingId", r.findingId());
				m.put("reason", r.reason());
				m.put("instead", r.instead());
				return m;
			}).toList();
			throw new RemediationException(Reason.REFUSED, plan.refused().size() + " of " + selected.size()
					+ " finding(s) have no safe automatic repair; propose the others without them", refusals);
		}
		Instant now = now();
		String changelog = new ChangelogWriter().write(id, plan);
		RemediationStore.Row row = new RemediationStore.Row(id, targetId, Remediation.Status.PROPOSED, plan.risk(),
				settings.required(plan.risk(), target.labels()), actor, now, now,
				selected.stream().map(Finding::id).toList(), plan, changelog,
				CatalogState.of(snapshot.catalog(), plan.touchedObjects()), null, List.of());
		transactions.executeWithoutResult(status -> {
			store.insert(row);
			events.publishEvent(new RemediationEvent(id, targetId, "propose", actor, "PROPOSED",
					plan.risk() + " risk, " + plan.steps().size() + " step(s)"));
		});
		return get(id);
	}

	@Override
	public Remediation get(UUID id) {
		return view(row(id));
	}

	@Override
	public PageOf<Remediation> list(@Nullable UUID targetId, Remediation.@Nullable Status status, PageRequest page) {
		return PageOf.of(store.page(targetId, status, page).stream().map(this::view).toList(), page,
				store.count(targetId, status));
	}

	@Override
	public String changelog(UUID id) {
		return row(id).changelog();
	}

	@Override
	public String preview(UUID id) {
		return new ChangelogWriter().previewSql(row(id).plan());
	}

	@Override
	public Remediation approve(UUID id, Caller caller, String comment, @Nullable String externalRef) {
		return decide(id, Remediation.Decision.Kind.APPROVAL, caller.name(), comment, externalRef);
	}

	@Override
	public Remediation reject(UUID id, Caller caller, String comment, @Nullable String externalRef) {
		return decide(id, Remediation.Decision.Kind.REJECTION, caller.name(), comment, externalRef);
	}

	private Remediation decide(UUID id, Remediation.Decision.Kind kind, String actor, String comment,
			@Nullable String externalRef) {
		RemediationStore.Row row = row(id);
		if (row.proposedBy().equals(actor)) {
			throw new RemediationException(Reason.NOT_ALLOWED,
					"The proposer of a remediation cannot approve or reject it (four eyes)");
		}
		if (row.status() != Remediation.Status.PROPOSED && row.status() != Remediation.Status.APPROVED) {
			throw new RemediationException(Reason.STATE_CONFLICT,
					"Remediation " + id + " is " + row.status() + "; only PROPOSED or APPROVED ones take decisions");
		}
		Instant now = now();
		Instant expires = kind == Remediation.Decision.Kind.APPROVAL ? now.plus(settings.approvalTtl()) : null;
		try {
			transactions.executeWithoutResult(status -> {
				store.insertDecision(id, new Remediation.Decision(kind, actor, comment, externalRef, now, expires, false));
				if (kind == Remediation.Decision.Kind.REJECTION) {
					if (!store.transition(id, EnumSet.of(Remediation.Status.PROPOSED, Remediation.Status.APPROVED),
							Remediation.Status.REJECTED, now, "Rejected by " + actor + ": " + comment)) {
						throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " changed meanwhile");
					}
				}
				else if (validApprovals(id, now) >= row.requiredApprovals()) {
					store.transition(id, EnumSet.of(Remediation.Status.PROPOSED), Remediation.Status.APPROVED, now, null);
				}
				events.publishEvent(new RemediationEvent(id, row.targetId(),
						kind == Remediation.Decision.Kind.APPROVAL ? "approve" : "reject", actor,
						kind == Remediation.Decision.Kind.APPROVAL ? "APPROVED" : "REJECTED",
						externalRef == null ? comment : comment + " (" + externalRef + ")"));
			});
		}
		catch (DuplicateKeyException e) {
			throw new RemediationException(Reason.STATE_CONFLICT,
					actor + " already " + (kind == Remediation.Decision.Kind.APPROVAL ? "approved" : "rejected")
							+ " remediation " + id + "; one decision per person");
		}
		return get(id);
	}

	@Override
	public Execution execute(UUID id, String actor) {
		RemediationStore.Row row = row(id);
		Instant now = now();
		if (row.status() == Remediation.Status.APPROVED || row.status() == Remediation.Status.FAILED) {
			int valid = validApprovals(id, now);
			if (valid < row.requiredApprovals()) {
				throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " has " + valid
						+ " valid approval(s) of " + row.requiredApprovals() + " required; approvals expire after "
						+ settings.approvalTtl().toHours() + " h");
			}
		}
		boolean claimed;
		try {
			claimed = store.transition(id, EnumSet.of(Remediation.Status.APPROVED, Remediation.Status.FAILED),
					Remediation.Status.EXECUTING, now, null);
		}
		catch (DuplicateKeyException e) {
			throw new RemediationException(Reason.TARGET_BUSY,
					"Another remediation is executing on target " + row.targetId() + "; try again when it is done");
		}
		if (!claimed) {
			throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " is " + row(id).status()
					+ "; only APPROVED (or FAILED, to retry) remediations can be executed");
		}
		UUID executionId = store.startExecution(id, Execution.Kind.EXECUTE, actor, now);
		events.publishEvent(new RemediationEvent(id, row.targetId(), "execute", actor, "STARTED", null));
		try {
			return run(row, executionId, actor);
		}
		catch (RemediationException e) {
			throw e; // already recorded (STALE): the caller gets the problem
		}
		catch (RuntimeException e) {
			// Never leave EXECUTING behind: it would block the target until a restart reconciles it.
			log.error("Execution {} of remediation {} failed unexpectedly", executionId, id, e);
			finishFailed(row, executionId, 1, List.of(), "Execution failed unexpectedly: " + e.getMessage(), null, actor);
			return store.execution(executionId).orElseThrow();
		}
	}

	private Execution run(RemediationStore.Row row, UUID executionId, String actor) {
		UUID id = row.id();
		CatalogSnapshot current;
		try {
			current = inspector.inspect(row.targetId());
		}
		catch (TargetConnectionException e) {
			finishFailed(row, executionId, 1, List.of(), "The target could not be inspected before executing: "
					+ e.getMessage(), e.sqlState(), actor);
			return store.execution(executionId).orElseThrow();
		}
		if (!CatalogState.of(current, row.plan().touchedObjects()).equals(row.catalogState())) {
			Instant at = now();
			String reason = "The objects this plan touches changed since it was made; propose it again";
			transactions.executeWithoutResult(status -> {
				store.finishExecution(executionId, Execution.Status.FAILED, at, 1, List.of(), reason, null);
				store.setOutcome(id, Remediation.Status.STALE, at, reason, List.of());
				events.publishEvent(new RemediationEvent(id, row.targetId(), "execute", actor, "STALE", reason));
			});
			throw new RemediationException(Reason.STALE, "Remediation " + id + " is stale: " + reason);
		}
		LiquibaseRunner.Result result = null;
		int attempts = 0;
		try (TargetSession session = targets.openRemediationSession(row.targetId())) {
			Connection connection = session.connection();
			if (!tryTargetLock(connection)) {
				finishFailed(row, executionId, 0, List.of(), "Another Tidemark holds the remediation lock on this target",
						null, actor);
				return store.execution(executionId).orElseThrow();
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
			unlockTarget(connection);
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
		transactions.executeWithoutResult(status -> {
			store.finishExecution(executionId, Execution.Status.SUCCEEDED, at, tries, changesets, null, null);
			store.setOutcome(id, Remediation.Status.APPLIED, at, "Applied; verifying with a scan", List.of());
			events.publishEvent(new RemediationEvent(id, row.targetId(), "execute", actor, "APPLIED",
					changesets.size() + " changeset(s) recorded"));
		});
		verify(row, actor);
		return store.execution(executionId).orElseThrow();
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

	/** Re-scans the target: VERIFIED when every finding of the remediation is gone, else APPLIED naming the rest. */
	private void verify(RemediationStore.Row row, String actor) {
		Scan scan = scans.run(row.targetId(), "remediation:" + row.id());
		Instant at = now();
		if (scan.status() != Scan.Status.SUCCEEDED) {
			store.setOutcome(row.id(), Remediation.Status.APPLIED, at,
					"Applied, but the verification scan failed: " + (scan.error() == null ? "" : scan.error().message()),
					List.of());
			return;
		}
		List<String> remaining = new ArrayList<>();
		for (UUID findingId : row.findingIds()) {
			Finding f = findings.get(findingId);
			if (f.status() != Finding.Status.RESOLVED) {
				remaining.add(f.ruleId() + " " + f.objectText());
			}
		}
		Remediation.Status status = remaining.isEmpty() ? Remediation.Status.VERIFIED : Remediation.Status.APPLIED;
		store.setOutcome(row.id(), status, at, remaining.isEmpty() ? "Verified by scan " + scan.id()
				: remaining.size() + " finding(s) remain after scan " + scan.id(), remaining);
		events.publishEvent(new RemediationEvent(row.id(), row.targetId(), "verify", actor, status.name(),
				"scan " + scan.id()));
	}

	private void finishFailed(RemediationStore.Row row, UUID executionId, int attempts, List<Execution.Changeset> changesets,
			@Nullable String error, @Nullable String sqlState, String actor) {
		Instant at = now();
		// A retry must compare against the state this attempt left, not the one the plan was made from.
		String state = row.catalogState();
		List<String> invalid = List.of();
		try {
			CatalogSnapshot after = inspector.inspect(row.targetId());
			state = CatalogState.of(after, row.plan().touchedObjects());
			invalid = CatalogState.invalidIndexesGuarded(after, row.plan());
		}
		catch (RuntimeException e) {
			log.warn("Remediation {}: could not re-inspect after the failure: {}", row.id(), e.getMessage());
		}
		String catalogState = state;
		String reason = (error == null ? "failed" : error) + (sqlState == null ? "" : " [SQLSTATE " + sqlState + "]")
				+ (invalid.isEmpty() ? "" : ". INVALID index(es) left on the target by a failed concurrent build: "
						+ String.join(", ", invalid) + " (they serve no query; a retry drops and rebuilds them)");
		transactions.executeWithoutResult(status -> {
			store.finishExecution(executionId, Execution.Status.FAILED, at, Math.max(attempts, 1), changesets, error,
					sqlState);
			store.setCatalogState(row.id(), catalogState);
			store.setOutcome(row.id(), Remediation.Status.FAILED, at, reason, List.of());
			events.publishEvent(new RemediationEvent(row.id(), row.targetId(), "execute", actor, "FAILED", reason));
		});
	}

	@Override
	public Execution rollback(UUID id, String actor) {
		RemediationStore.Row row = row(id);
		Instant now = now();
		boolean claimed;
		try {
			claimed = store.transition(id, EnumSet.of(Remediation.Status.APPLIED, Remediation.Status.VERIFIED,
					Remediation.Status.FAILED), Remediation.Status.EXECUTING, now, null);
		}
		catch (DuplicateKeyException e) {
			throw new RemediationException(Reason.TARGET_BUSY,
					"Another remediation is executing on target " + row.targetId() + "; try again when it is done");
		}
		if (!claimed) {
			throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " is " + row(id).status()
					+ "; only APPLIED, VERIFIED or FAILED remediations can be rolled back");
		}
		UUID executionId = store.startExecution(id, Execution.Kind.ROLLBACK, actor, now);
		try (TargetSession session = targets.openRemediationSession(row.targetId())) {
			Connection connection = session.connection();
			if (!tryTargetLock(connection)) {
				finishRollback(row, executionId, false, List.of(), "Another Tidemark holds the remediation lock", null,
						Remediation.Status.FAILED, actor);
				return store.execution(executionId).orElseThrow();
			}
			Map<String, Plan.Step> steps = row.plan().steps().stream()
				.collect(Collectors.toMap(Plan.Step::id, step -> step));
			List<LiquibaseRunner.ChangesetRun> recorded = liquibase.recorded(connection, id);
			int count = 0;
			String stoppedAt = null;
			for (int i = recorded.size() - 1; i >= 0; i--) {
				LiquibaseRunner.ChangesetRun run = recorded.get(i);
				Plan.Step step = steps.get(run.id());
				// a step that left nothing to undo (a guard that found no INVALID index, a VALIDATE) is passed
				// whatever it recorded; any other must have EXECUTED here and have a rollback
				boolean nothingToUndo = step != null && step.rollback().kind() == Plan.Rollback.Kind.NOTHING_TO_UNDO;
				if (!nothingToUndo && (!"EXECUTED".equals(run.execType()) || step == null
						|| step.rollback().kind() == Plan.Rollback.Kind.NONE)) {
					stoppedAt = run.id() + (step == null ? "" : " (" + ("EXECUTED".equals(run.execType())
							? "no automatic rollback: " + step.rollback().text() : "marked ran: its drift was already gone")
							+ ")");
					break;
				}
				count++;
			}
			LiquibaseRunner.Result result = count == 0 ? new LiquibaseRunner.Result(true, recorded, null, null, List.of())
					: liquibase.rollback(connection, id, row.changelog(), count);
			unlockTarget(connection);
			Map<String, LiquibaseRunner.ChangesetOutcome> outcomes = new HashMap<>();
			result.outcomes().forEach(o -> outcomes.put(o.id(), o));
			List<Execution.Changeset> undone = recorded.subList(recorded.size() - count, recorded.size()).stream()
				.map(r -> {
					LiquibaseRunner.ChangesetOutcome o = outcomes.get(r.id());
					Plan.Step step = steps.get(r.id());
					String sql = step == null || step.rollback().kind() != Plan.Rollback.Kind.SQL ? null
							: step.rollback().text();
					return o == null ? new Execution.Changeset(r.id(), result.succeeded() ? "ROLLED_BACK" : r.execType(),
							null, sql, null, null)
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
		scans.run(row.targetId(), "remediation:" + id);
		return store.execution(executionId).orElseThrow();
	}

	private void finishRollback(RemediationStore.Row row, UUID executionId, boolean succeeded,
			List<Execution.Changeset> changesets, String reason, @Nullable String sqlState, Remediation.Status status,
			String actor) {
		Instant at = now();
		transactions.executeWithoutResult(tx -> {
			store.finishExecution(executionId, succeeded ? Execution.Status.SUCCEEDED : Execution.Status.FAILED, at, 1,
					changesets, succeeded ? null : reason, sqlState);
			store.setOutcome(row.id(), status, at, reason, List.of());
			events.publishEvent(new RemediationEvent(row.id(), row.targetId(), "rollback", actor, status.name(), reason));
		});
	}

	@Override
	public List<Execution> executions(UUID id) {
		row(id);
		return store.executions(id);
	}

	/**
	 * A Tidemark that stopped mid-execution left remediations EXECUTING. On start each is reconciled from the
	 * target's changelog table, never re-run: all changesets recorded → APPLIED, else FAILED with what was
	 * recorded (executing again resumes safely: each changeset's precondition skips work already done). One that
	 * another replica is still executing (it holds the target's advisory lock) is left alone.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void reconcileInterruptedExecutions() {
		for (RemediationStore.Row row : store.withStatus(Remediation.Status.EXECUTING)) {
			try {
				reconcile(row);
			}
			catch (RuntimeException e) {
				log.warn("Could not reconcile remediation {} yet: {}", row.id(), e.getMessage());
			}
		}
	}

	void reconcile(RemediationStore.Row row) {
		Instant at = now();
		List<LiquibaseRunner.ChangesetRun> recorded;
		try (TargetSession session = targets.openRemediationSession(row.targetId())) {
			if (!tryTargetLock(session.connection())) {
				return;
			}
			recorded = liquibase.recorded(session.connection(), row.id());
			unlockTarget(session.connection());
		}
		int total = row.plan().steps().size();
		boolean complete = recorded.size() >= total;
		String reason = complete ? "Reconciled after a restart: all " + total + " changeset(s) are recorded on the target"
				: "Interrupted by a restart: " + recorded.size() + " of " + total + " changeset(s) recorded on the "
						+ "target; nothing was re-run. Execute again to resume (each changeset's precondition skips "
						+ "work already done)";
		UUID executionId = store.startExecution(row.id(), Execution.Kind.RECONCILE, "tidemark", at);
		transactions.executeWithoutResult(status -> {
			store.failRunningExecutions(row.id(), at, "Tidemark stopped during this execution");
			store.finishExecution(executionId, complete ? Execution.Status.SUCCEEDED : Execution.Status.FAILED, at, 1,
					recorded.stream().map(r -> new Execution.Changeset(r.id(), r.execType())).toList(),
					complete ? null : reason, null);
			store.setOutcome(row.id(), complete ? Remediation.Status.APPLIED : Remediation.Status.FAILED, at, reason,
					List.of());
			events.publishEvent(new RemediationEvent(row.id(), row.targetId(), "reconcile", "tidemark",
					complete ? "APPLIED" : "FAILED", reason));
		});
		log.warn("Remediation {}: {}", row.id(), reason);
	}

	private int validApprovals(UUID id, Instant now) {
		return (int) store.decisions(id, now).stream()
			.filter(d -> d.kind() == Remediation.Decision.Kind.APPROVAL && !d.expired())
			.count();
	}

	private static boolean tryTargetLock(Connection connection) {
		try (Statement st = connection.createStatement();
				ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + TARGET_LOCK_KEY + ")")) {
			rs.next();
			return rs.getBoolean(1);
		}
		catch (SQLException e) {
			// a target failure, so callers record it (an exception of our own would leave EXECUTING behind)
			throw new TargetConnectionException(TargetConnectionException.Reason.OTHER,
					"Could not take the remediation lock on the target: " + e.getMessage(), e.getSQLState(), e);
		}
	}

	private static void unlockTarget(Connection connection) {
		try (Statement st = connection.createStatement()) {
			st.execute("SELECT pg_advisory_unlock(" + TARGET_LOCK_KEY + ")");
		}
		catch (SQLException ignored) {
			// closing the session releases it anyway
		}
	}

	private Remediation view(RemediationStore.Row row) {
		Instant now = now();
		List<Remediation.Decision> decisions = store.decisions(row.id(), now);
		int valid = (int) decisions.stream()
			.filter(d -> d.kind() == Remediation.Decision.Kind.APPROVAL && !d.expired())
			.count();
		return new Remediation(row.id(), row.targetId(), row.status(), row.risk(), row.requiredApprovals(), valid,
				row.proposedBy(), row.proposedAt(), row.updatedAt(), row.findingIds(), row.plan().touchedObjects(),
				row.plan().steps().stream().map(s -> new Remediation.StepSummary(s.id(), s.findingId(), s.description(),
						s.risk(), s.transactional(), s.rollback().kind() == Plan.Rollback.Kind.SQL ? s.rollback().text()
								: s.rollback().kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": "
										+ s.rollback().text()))
					.toList(),
				decisions, row.statusReason(), row.remainingFindings());
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

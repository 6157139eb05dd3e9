package dev.tidemark.remediation.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.tidemark.common.DaemonThreads;
import dev.tidemark.remediation.Execution;
import dev.tidemark.remediation.Remediation;
import dev.tidemark.remediation.RemediationEvent;
import dev.tidemark.targets.TargetConnectionException;
import dev.tidemark.targets.TargetSession;
import dev.tidemark.targets.Targets;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Continuous reconciliation: every {@code reconcileInterval} each replica claims EXECUTING remediations whose
 * executor's lease ran out (a killed or partitioned replica) and settles them from the target's changelog table,
 * never re-running anything: all changesets recorded → APPLIED and verified, else FAILED ("Execute again to
 * resume"). While a statement the dead executor started still runs on the target (its session holds the
 * remediation lock) the remediation stays EXECUTING and says which; an unreachable target is retried with back-off.
 * One left APPLIED whose verification scan never finished (its executor stopped in between) is verified.
 * One remediation's trouble never holds up another's: each is claimed, tried once and released.
 */
@Component
class Reconciler {

	private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

	/** Remediations settled per round at most, so one round cannot run unbounded. */
	private static final int PER_ROUND = 50;

	private final RemediationStore store;

	private final ExecutorLeases leases;

	private final Targets targets;

	private final LiquibaseRunner liquibase;

	private final Verification verification;

	private final RemediationSettings settings;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final ScheduledExecutorService rounds = DaemonThreads.scheduler("tidemark-reconciler");

	Reconciler(RemediationStore store, ExecutorLeases leases, Targets targets, LiquibaseRunner liquibase,
			Verification verification, RemediationSettings settings, TransactionTemplate transactions,
			ApplicationEventPublisher events, Clock clock) {
		this.store = store;
		this.leases = leases;
		this.targets = targets;
		this.liquibase = liquibase;
		this.verification = verification;
		this.settings = settings;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		long every = settings.reconcileInterval().toMillis();
		rounds.scheduleWithFixedDelay(this::round, 0, every, TimeUnit.MILLISECONDS);
	}

	@PreDestroy
	void stop() {
		rounds.shutdownNow();
	}

	/**
	 * One round: every remediation whose executor is gone and whose back-off has passed, once each; then every one
	 * left APPLIED by an executor that stopped before its verification scan finished, verified now.
	 */
	void round() {
		try {
			for (int i = 0; i < PER_ROUND; i++) {
				Optional<RemediationStore.Row> claimed = store.claimExpired(leases.executorId(), settings.leaseDuration(),
						null);
				if (claimed.isEmpty()) {
					break;
				}
				reconcile(claimed.get());
			}
			for (int i = 0; i < PER_ROUND; i++) {
				Optional<RemediationStore.Row> unverified = store.claimUnverified(settings.leaseDuration());
				if (unverified.isEmpty()) {
					break;
				}
				verification.verify(unverified.get(), "tidemark");
			}
		}
		catch (RuntimeException e) {
			log.warn("Reconciliation round failed: {}", e.getMessage(), e);
		}
	}

	/**
	 * For an execution that found its target busy: if the remediation executing there has lost its executor,
	 * reconcile it now rather than at the next round. True when the target is no longer busy with it.
	 */
	boolean reconcileNowIfOrphaned(UUID targetId) {
		Optional<RemediationStore.Row> executing = store.executingOn(targetId);
		if (executing.isEmpty()) {
			return true;
		}
		Optional<RemediationStore.Row> claimed = store.claimExpired(leases.executorId(), settings.leaseDuration(),
				executing.get().id());
		if (claimed.isEmpty()) {
			return false; // a live executor holds it
		}
		return reconcile(claimed.get());
	}

	/** True when the remediation left EXECUTING. */
	boolean reconcile(RemediationStore.Row row) {
		String me = leases.executorId();
		leases.hold(row.id());
		try {
			List<LiquibaseRunner.ChangesetRun> recorded;
			try (TargetSession session = targets.openRemediationSession(row.targetId())) {
				if (!TargetBinding.sameDatabase(row.databaseIdentity(), session)) {
					// what another database recorded says nothing of this execution: wait for the one it ran on
					int attempts = row.reconcileAttempts() + 1;
					Duration backoff = settings.reconcileBackoff(attempts);
					String reason = "Its executor stopped and " + TargetBinding.otherDatabase(row.databaseIdentity(),
							session) + ", so what it applied cannot be read (attempt " + attempts + "). Next try in "
							+ backoff.toSeconds() + " s.";
					store.postponeReconciliation(row.id(), me, reason, null, attempts, backoff);
					log.warn("Remediation {}: {}", row.id(), reason);
					return false;
				}
				if (!TargetLock.tryLock(session.connection())) {
					Optional<Remediation.OrphanedStatement> orphan = TargetLock.holder(session.connection());
					String reason = orphan.map(o -> "Its executor stopped; a statement it started still runs on the "
							+ "target (pid " + o.pid() + ", " + o.state() + (o.since() == null ? "" : " since " + o.since())
							+ "): " + abbreviate(o.statement()) + ". It is reconciled once that statement ends.")
						.orElse("Its executor stopped; another session holds the target's remediation lock. It is "
								+ "reconciled once the lock is free.");
					store.postponeReconciliation(row.id(), me, reason, orphan.orElse(null), 0,
							settings.reconcileInterval());
					log.info("Remediation {}: {}", row.id(), reason);
					return false;
				}
				try {
					recorded = liquibase.recorded(session.connection(), row.id());
				}
				finally {
					TargetLock.unlock(session.connection());
				}
			}
			catch (TargetConnectionException | IllegalStateException e) {
				int attempts = row.reconcileAttempts() + 1;
				Duration backoff = settings.reconcileBackoff(attempts);
				String reason = "Its executor stopped and the target could not be read to reconcile it (attempt "
						+ attempts + "): " + e.getMessage() + ". Next try in " + backoff.toSeconds() + " s.";
				store.postponeReconciliation(row.id(), me, reason, null, attempts, backoff);
				log.warn("Remediation {}: {}", row.id(), reason);
				return false;
			}
			boolean complete = conclude(row, recorded, me);
			if (complete) {
				verification.verify(row, "tidemark");
			}
			return true;
		}
		finally {
			leases.release(row.id());
		}
	}

	/**
	 * Settles from what the target recorded. An interrupted execution: all recorded → APPLIED (true: verify it),
	 * else FAILED. An interrupted rollback (its changesets leave the table as they are undone): none left →
	 * ROLLED_BACK, else FAILED, to roll back again or execute again.
	 */
	private boolean conclude(RemediationStore.Row row, List<LiquibaseRunner.ChangesetRun> recorded, String me) {
		Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
		int total = row.plan().steps().size();
		long distinct = recorded.stream().map(LiquibaseRunner.ChangesetRun::id).distinct().count();
		boolean rollback = store.runningExecutionKind(row.id()).orElse(null) == Execution.Kind.ROLLBACK;
		Remediation.Status status;
		String reason;
		if (rollback) {
			status = distinct == 0 ? Remediation.Status.ROLLED_BACK : Remediation.Status.FAILED;
			reason = distinct == 0 ? "Reconciled after its executor stopped: the rollback had undone every changeset"
					: "Rollback interrupted (its executor stopped): " + distinct + " of " + total + " changeset(s) "
							+ "still recorded on the target; nothing was re-run. Roll back again to finish, or execute "
							+ "again to resume the repair";
		}
		else {
			status = distinct >= total ? Remediation.Status.APPLIED : Remediation.Status.FAILED;
			reason = distinct >= total
					? "Reconciled after its executor stopped: all " + total + " changeset(s) are recorded on the target"
					: "Interrupted (its executor stopped): " + distinct + " of " + total + " changeset(s) recorded on "
							+ "the target; nothing was re-run. Execute again to resume: recorded changesets are "
							+ "skipped, each other changeset's precondition skips work already done, and an index the "
							+ "interrupted build left is dropped and built again";
		}
		boolean settled = Boolean.TRUE.equals(transactions.execute(tx -> {
			if (!store.finishExecuting(row.id(), me, status, at, reason, List.of())) {
				return false; // settled meanwhile
			}
			store.failRunningExecutions(row.id(), at, "Its executor stopped during this execution");
			UUID executionId = store.startExecution(row.id(), Execution.Kind.RECONCILE, "tidemark", at);
			boolean succeeded = status != Remediation.Status.FAILED;
			store.finishExecution(executionId, succeeded ? Execution.Status.SUCCEEDED : Execution.Status.FAILED, at, 1,
					recorded.stream().map(r -> new Execution.Changeset(r.id(), r.execType())).toList(),
					succeeded ? null : reason, null);
			events.publishEvent(new RemediationEvent(row.id(), row.targetId(), "reconcile", "tidemark", status.name(),
					reason));
			return true;
		}));
		log.warn("Remediation {}: {}", row.id(), reason);
		return settled && status == Remediation.Status.APPLIED;
	}

	private static String abbreviate(String statement) {
		String oneLine = statement.replaceAll("\\s+", " ");
		return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
	}
}

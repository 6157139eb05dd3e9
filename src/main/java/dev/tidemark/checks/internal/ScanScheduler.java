package dev.tidemark.checks.internal;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tidemark.checks.Scans;
import dev.tidemark.common.DaemonThreads;
import dev.tidemark.targets.TargetNotFoundException;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs scheduled scans (a target's {@code scanIntervalMinutes} > 0) on a bounded pool of
 * {@code tidemark.checks.schedule-concurrency} workers. Each worker claims ONE due target at a time through the
 * store with {@code FOR UPDATE SKIP LOCKED}, the claim moving its next run forward in the same transaction, scans
 * it, and claims the next until none is due: replicas sharing a store never scan one target twice at once, and a
 * claim is taken only when a worker is free to start it, so the lag (start - due) measures the real delay. Each
 * scan is independent: one failing target records a failed scan and the others go on.
 */
@Component
class ScanScheduler implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(ScanScheduler.class);

	private static final String REPLICA = ManagementFactory.getRuntimeMXBean().getName();

	private final JdbcClient jdbc;

	private final Scans scans;

	private final FindingStore findings;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ScanMetrics metrics;

	private final String replica;

	private final int concurrency;

	private final ExecutorService workers;

	private final AtomicInteger busy = new AtomicInteger();

	private final List<Future<?>> running = new ArrayList<>();

	/**
	 * Seconds from the moment a target gains its schedule to its first scheduled run, in {@code [0, interval)}: the
	 * first 32 bits of the MD5 of its id, modulo the interval. Derived from the id, so every replica computes the
	 * same and a test or benchmark can recompute it (MD5 only as a stable, well-spread hash).
	 */
	static final String FIRST_RUN_OFFSET_SECONDS =
			"('x' || left(md5(t.id::text), 8))::bit(32)::bigint % (t.minutes * 60)";

	@Autowired
	ScanScheduler(JdbcClient jdbc, Scans scans, FindingStore findings, TransactionTemplate transactions, Clock clock,
			ScanMetrics metrics, @Value("${tidemark.checks.schedule-concurrency:4}") int concurrency) {
		this(jdbc, scans, findings, transactions, clock, metrics, concurrency, REPLICA);
	}

	/** @param replica who claims, recorded on the schedule row (a second instance in one JVM in tests) */
	ScanScheduler(JdbcClient jdbc, Scans scans, FindingStore findings, TransactionTemplate transactions, Clock clock,
			ScanMetrics metrics, int concurrency, String replica) {
		if (concurrency < 1) {
			throw new IllegalArgumentException("tidemark.checks.schedule-concurrency must be at least 1");
		}
		this.jdbc = jdbc;
		this.scans = scans;
		this.findings = findings;
		this.transactions = transactions;
		this.clock = clock;
		this.metrics = metrics;
		this.concurrency = concurrency;
		this.replica = replica;
		this.workers = Executors.newFixedThreadPool(concurrency, DaemonThreads.named("tidemark-scan", true));
	}

	/** A claimed target and when it was due. */
	record Claim(UUID targetId, Instant dueAt) {
	}

	@Value("${tidemark.checks.schedule-poll:30s}")
	private Duration poll = Duration.ofSeconds(30);

	@Value("${tidemark.checks.schedule-initial-delay:10s}")
	private Duration initialDelay = Duration.ofSeconds(10);

	/**
	 * Polls every {@code schedule-poll} on average, each wait drawn between half and one and a half of it. With a
	 * fixed period, replicas polling one store keep one order (A always 1.2 s after B), and the one that polls
	 * after the longer gap claims most due targets (25/75 measured); a random phase shares them evenly over time.
	 */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addTriggerTask(this::tick, context -> {
			Instant last = context.lastCompletion();
			if (last == null) {
				return Instant.now().plus(initialDelay);
			}
			return last.plusMillis((long) (poll.toMillis() * (0.5 + ThreadLocalRandom.current().nextDouble())));
		});
	}

	void tick() {
		findings.reopenExpiredSuppressions(clock.instant());
		syncSchedules();
		// start workers up to the pool size; busy ones go on claiming until nothing is due
		synchronized (running) {
			running.removeIf(Future::isDone);
			while (busy.get() < concurrency) {
				busy.incrementAndGet();
				running.add(workers.submit(this::work));
			}
		}
	}

	private void work() {
		try {
			List<Claim> claimed;
			while (!(claimed = claimDue(1)).isEmpty()) {
				Claim claim = claimed.get(0);
				metrics.scanStarted(Duration.between(claim.dueAt(), clock.instant()));
				try {
					scans.run(claim.targetId(), "scheduler");
				}
				catch (TargetNotFoundException e) {
					// removed since it was claimed: its schedule row went with it
				}
				catch (RuntimeException e) {
					log.error("Scheduled scan of target {} failed", claim.targetId(), e);
				}
			}
		}
		catch (RuntimeException e) {
			log.error("Claiming scheduled scans failed; the next poll tries again", e);
		}
		finally {
			busy.decrementAndGet();
		}
	}

	/** Waits until the workers started so far have run out of due targets (for tests and shutdown). */
	void awaitIdle() throws InterruptedException, ExecutionException {
		List<Future<?>> started;
		synchronized (running) {
			started = List.copyOf(running);
		}
		for (Future<?> future : started) {
			future.get();
		}
	}

	@PreDestroy
	void stop() {
		workers.shutdownNow();
	}

	/**
	 * Adds schedule rows for targets that gained an interval, drops rows of targets that lost it: two set-based
	 * statements, so a fleet of targets costs the same two statements per poll. A new row is due at
	 * {@link #FIRST_RUN_OFFSET_SECONDS its target's offset} into the interval, not at once: a thousand targets
	 * registered together then start spread over one interval instead of queueing behind each other. After the
	 * first run, each claim puts the next one interval ahead.
	 */
	void syncSchedules() {
		jdbc.sql("""
				INSERT INTO scan_schedule (target_id, next_run_at)
				SELECT t.id, ?::timestamptz + make_interval(secs => %s)
				FROM (SELECT id, (options ->> 'scanIntervalMinutes')::int AS minutes FROM target) t
				WHERE coalesce(t.minutes, 0) > 0
				ON CONFLICT DO NOTHING""".formatted(FIRST_RUN_OFFSET_SECONDS))
			.param(Timestamp.from(clock.instant()))
			.update();
		jdbc.sql("""
				DELETE FROM scan_schedule s USING target t
				WHERE t.id = s.target_id AND coalesce((t.options ->> 'scanIntervalMinutes')::int, 0) <= 0""")
			.update();
	}

	/**
	 * Claims up to {@code limit} due targets and moves their next run one interval ahead; hand-written SQL because
	 * {@code FOR UPDATE SKIP LOCKED} is what keeps replicas off each other's targets.
	 */
	List<Claim> claimDue(int limit) {
		Instant now = clock.instant();
		return transactions.execute(status -> jdbc.sql("""
				WITH due AS (
				    SELECT s.target_id, s.next_run_at FROM scan_schedule s
				    WHERE s.next_run_at <= ?
				    ORDER BY s.next_run_at
				    FOR UPDATE SKIP LOCKED
				    LIMIT ?
				)
				UPDATE scan_schedule s
				SET next_run_at = ?::timestamptz + make_interval(mins => greatest(1, (t.options ->> 'scanIntervalMinutes')::int)),
				    claimed_by = ?, claimed_until = ?::timestamptz + interval '10 minutes'
				FROM due, target t
				WHERE s.target_id = due.target_id AND t.id = s.target_id
				RETURNING s.target_id, due.next_run_at""")
			.params(Timestamp.from(now), limit, Timestamp.from(now), replica, Timestamp.from(now))
			.query((rs, n) -> new Claim(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant()))
			.list());
	}

}

package dev.tidemark.checks.internal;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.tidemark.checks.Scans;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetNotFoundException;
import dev.tidemark.targets.Targets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs scheduled scans (a target's {@code scanIntervalMinutes} > 0). Due targets are claimed through the store
 * with {@code FOR UPDATE SKIP LOCKED}, and the claim moves their next run forward in the same transaction, so
 * replicas sharing a store never scan one target twice at once. Each scan is independent: one failing target
 * records a failed scan and the others go on.
 */
@Component
class ScanScheduler {

	private static final Logger log = LoggerFactory.getLogger(ScanScheduler.class);

	private static final String REPLICA = ManagementFactory.getRuntimeMXBean().getName();

	private final JdbcClient jdbc;

	private final Targets targets;

	private final Scans scans;

	private final FindingStore findings;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final int batch;

	ScanScheduler(JdbcClient jdbc, Targets targets, Scans scans, FindingStore findings,
			TransactionTemplate transactions, Clock clock, @Value("${tidemark.checks.schedule-batch:5}") int batch) {
		this.jdbc = jdbc;
		this.targets = targets;
		this.scans = scans;
		this.findings = findings;
		this.transactions = transactions;
		this.clock = clock;
		this.batch = batch;
	}

	@Scheduled(fixedDelayString = "${tidemark.checks.schedule-poll:30s}",
			initialDelayString = "${tidemark.checks.schedule-initial-delay:10s}")
	void tick() {
		findings.reopenExpiredSuppressions(clock.instant());
		syncSchedules();
		for (UUID targetId : claimDue()) {
			try {
				scans.run(targetId, "scheduler");
			}
			catch (TargetNotFoundException e) {
				// removed since it was claimed: its schedule row went with it
			}
			catch (RuntimeException e) {
				log.error("Scheduled scan of target {} failed", targetId, e);
			}
		}
	}

	/** Adds schedule rows for targets that gained an interval, drops rows of targets that lost it. */
	void syncSchedules() {
		List<Target> all = targets.all();
		Timestamp now = Timestamp.from(clock.instant());
		for (Target target : all) {
			if (target.options().scanIntervalMinutes() > 0) {
				jdbc.sql("INSERT INTO scan_schedule (target_id, next_run_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
					.params(target.id(), now)
					.update();
			}
			else {
				jdbc.sql("DELETE FROM scan_schedule WHERE target_id = ?").param(target.id()).update();
			}
		}
	}

	/** Claims up to {@code batch} due targets and moves their next run one interval ahead. */
	List<UUID> claimDue() {
		Instant now = clock.instant();
		return transactions.execute(status -> jdbc.sql("""
				WITH due AS (
				    SELECT s.target_id FROM scan_schedule s
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
				RETURNING s.target_id""")
			.params(Timestamp.from(now), batch, Timestamp.from(now), REPLICA, Timestamp.from(now))
			.query(UUID.class)
			.list());
	}

}

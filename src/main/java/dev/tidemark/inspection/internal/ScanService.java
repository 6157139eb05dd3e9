package dev.tidemark.inspection.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.inspection.InspectionException;
import dev.tidemark.inspection.Scan;
import dev.tidemark.inspection.Scan.ScanError;
import dev.tidemark.inspection.ScanCompleted;
import dev.tidemark.inspection.ScanNotFoundException;
import dev.tidemark.inspection.Scans;
import dev.tidemark.inspection.SnapshotSummary;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetConnectionException;
import dev.tidemark.targets.TargetSession;
import dev.tidemark.targets.Targets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A scan records itself as RUNNING, reads the target's catalog with no store transaction open, then stores the
 * snapshot and the outcome in one transaction: an interrupted scan never leaves half its results behind.
 */
@Service
class ScanService implements Scans {

	private static final Logger log = LoggerFactory.getLogger(ScanService.class);

	private final Targets targets;

	private final CatalogReader reader;

	private final ScanStore scans;

	private final SnapshotStore snapshots;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final JdbcClient jdbc;

	private final Duration abandonedAfter;

	ScanService(Targets targets, CatalogReader reader, ScanStore scans, SnapshotStore snapshots,
			TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock, JdbcClient jdbc,
			@Value("${tidemark.inspection.abandoned-after:30m}") Duration abandonedAfter) {
		this.targets = targets;
		this.reader = reader;
		this.scans = scans;
		this.snapshots = snapshots;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
		this.jdbc = jdbc;
		this.abandonedAfter = abandonedAfter;
	}

	@Override
	public Scan run(UUID targetId, String requestedBy) {
		Target target = targets.get(targetId);
		UUID scanId = UUID.randomUUID();
		scans.insertRunning(scanId, targetId, requestedBy, now());
		CatalogSnapshot catalog;
		try (TargetSession session = targets.openInspectionSession(targetId)) {
			catalog = CatalogFilter.apply(reader.read(session.connection()), target.options());
		}
		catch (TargetConnectionException e) {
			return fail(scanId, targetId, requestedBy,
					new ScanError("target-" + e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'),
							e.getMessage(), e.sqlState()));
		}
		catch (InspectionException e) {
			return fail(scanId, targetId, requestedBy, new ScanError("inspection-failed", e.getMessage(), e.sqlState()));
		}
		catch (RuntimeException e) {
			log.error("Scan {} of target {} failed unexpectedly", scanId, targetId, e);
			return fail(scanId, targetId, requestedBy,
					new ScanError("internal-error", "The scan failed unexpectedly; see the server log for scan " + scanId,
							null));
		}
		Instant finished = now();
		SnapshotSummary stored = transactions.execute(status -> {
			SnapshotSummary s = snapshots.save(targetId, finished, catalog);
			scans.finish(scanId, Scan.Status.SUCCEEDED, finished, s.id(), null);
			events.publishEvent(new ScanCompleted(scanId, targetId, Scan.Status.SUCCEEDED, s.id(), requestedBy));
			return s;
		});
		log.info("Scan {} of target '{}' took snapshot {}", scanId, target.name(), stored.id());
		return get(scanId);
	}

	private Scan fail(UUID scanId, UUID targetId, String requestedBy, ScanError error) {
		transactions.executeWithoutResult(status -> {
			scans.finish(scanId, Scan.Status.FAILED, now(), null, error);
			events.publishEvent(new ScanCompleted(scanId, targetId, Scan.Status.FAILED, null, requestedBy));
		});
		log.warn("Scan {} of target {} failed: {} {}", scanId, targetId, error.code(), error.message());
		return get(scanId);
	}

	@Override
	public Scan get(UUID scanId) {
		return scans.find(scanId).orElseThrow(() -> new ScanNotFoundException(scanId));
	}

	@Override
	public PageOf<Scan> list(UUID targetId, PageRequest page) {
		targets.get(targetId);
		return PageOf.of(scans.page(targetId, page), page, scans.count(targetId));
	}

	/** Scans left RUNNING by a Tidemark that stopped mid-scan are closed as FAILED, so none stays RUNNING forever. */
	@EventListener(ApplicationReadyEvent.class)
	void closeAbandonedScans() {
		int closed = jdbc.sql("""
				UPDATE scan SET status = 'FAILED', finished_at = ?, error_code = 'interrupted',
				       error = 'Tidemark stopped before the scan finished; its results were not stored'
				WHERE status = 'RUNNING' AND started_at < ?""")
			.params(java.sql.Timestamp.from(now()), java.sql.Timestamp.from(now().minus(abandonedAfter)))
			.update();
		if (closed > 0) {
			log.warn("Closed {} scan(s) left RUNNING by an earlier run", closed);
		}
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}

package dev.tidemark.checks.internal;

import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import dev.tidemark.common.Futures;
import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.CheckSettings;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.FindingsReconciled;
import dev.tidemark.checks.Scan;
import dev.tidemark.checks.Scan.ScanError;
import dev.tidemark.checks.ScanCompleted;
import dev.tidemark.checks.ScanNotFoundException;
import dev.tidemark.checks.Scans;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.inspection.CatalogReading;
import dev.tidemark.inspection.InspectionException;
import dev.tidemark.inspection.Inspector;
import dev.tidemark.inspection.PreparedSnapshot;
import dev.tidemark.inspection.SnapshotNotFoundException;
import dev.tidemark.inspection.Snapshots;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.targets.CompareOptions;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetConnectionException;
import dev.tidemark.targets.Targets;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A scan records itself RUNNING, reads the target's catalog and evaluates the rules with no store transaction
 * open, then stores snapshot, findings and outcome in ONE transaction: a scan interrupted at any point (target
 * dies, a rule fails, Tidemark stops) leaves findings exactly as the last complete scan left them.
 */
@Service
class ScanService implements Scans {

	private static final Logger log = LoggerFactory.getLogger(ScanService.class);

	private final Targets targets;

	private final Inspector inspector;

	private final Snapshots snapshots;

	private final ExpectationLoader expectations;

	private final Evaluator evaluator;

	private final ScanStore scans;

	private final FindingStore findings;

	private final ScanMetrics metrics;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final CheckSettings settings;

	private final Clock clock;

	private final Duration abandonedAfter;

	private final IgnoreRuleService ignoreRules;

	/**
	 * Each target's last catalog, so a scan that finds the catalog unchanged need not load and parse the stored
	 * snapshot (at 2,000 tables that took longer than reading the catalog). Weighed by JSON size, bounded by
	 * {@code tidemark.scans.catalog-cache}; keyed by target, valid only for the snapshot it names.
	 */
	private final Cache<UUID, LastCatalog> lastCatalogs;

	private final JsonMapper json;

	/**
	 * A target's last catalog, what its clock-free rules found in it (null until a scan evaluated it), and the
	 * findings the last scan this replica stored kept (null when unknown).
	 */
	private record LastCatalog(UUID snapshotId, CatalogSnapshot catalog, long jsonBytes,
			Evaluator.@Nullable Timeless timeless, @Nullable LastResult result) {

		LastCatalog with(Evaluator.@Nullable Timeless timeless, @Nullable LastResult result) {
			return new LastCatalog(snapshotId, catalog, jsonBytes, timeless, result);
		}
	}

	/** What a stored scan kept as findings: the next scan keeping exactly these only moves their last seen. */
	private record LastResult(UUID scanId, List<Violation> kept) {
	}

	/**
	 * Everything but the clock that the rules read: equal inputs, equal clock-free results. The catalog is named
	 * by its fingerprint (equal fingerprints, equal catalogs); baseline and reference by their snapshot ids.
	 */
	private record RuleInputs(String catalogFingerprint, List<Expectation> expectations, @Nullable UUID baselineId,
			@Nullable UUID referenceId, CheckSettings settings, CompareOptions compare) {
	}

	/** Where a scan serializes its snapshot beside the rules: one virtual thread per scan, bounded by the scans. */
	private final Executor background = Executors.newVirtualThreadPerTaskExecutor();

	ScanService(Targets targets, Inspector inspector, Snapshots snapshots, ExpectationLoader expectations,
			Evaluator evaluator, ScanStore scans, FindingStore findings, ScanMetrics metrics,
			TransactionTemplate transactions, ApplicationEventPublisher events, CheckSettings settings, Clock clock,
			@Value("${tidemark.checks.abandoned-scan-after:30m}") Duration abandonedAfter,
			IgnoreRuleService ignoreRules, @Value("${tidemark.scans.catalog-cache:64MB}") DataSize catalogCache,
			JsonMapper json) {
		this.targets = targets;
		this.inspector = inspector;
		this.snapshots = snapshots;
		this.expectations = expectations;
		this.evaluator = evaluator;
		this.scans = scans;
		this.findings = findings;
		this.metrics = metrics;
		this.transactions = transactions;
		this.events = events;
		this.settings = settings;
		this.clock = clock;
		this.abandonedAfter = abandonedAfter;
		this.ignoreRules = ignoreRules;
		this.json = json;
		this.lastCatalogs = Caffeine.newBuilder()
			.maximumWeight(catalogCache.toBytes())
			.weigher((UUID target, LastCatalog last) -> (int) Math.min(Integer.MAX_VALUE, last.jsonBytes()))
			.build();
	}

	@Override
	public Scan run(UUID targetId, String requestedBy) {
		Target target = targets.get(targetId);
		UUID scanId = UUID.randomUUID();
		Instant started = now();
		scans.insertRunning(scanId, targetId, requestedBy, started);
		PhaseTimes phases = new PhaseTimes();
		Read read;
		ExpectationLoader.Loaded loaded;
		List<Violation> violations;
		IgnoreFilter.Result filtered;
		PreparedSnapshot prepared;
		Evaluator.Timeless timeless;
		try {
			read = read(targetId, phases);
			CatalogSnapshot catalog = read.catalog();
			// serializing and hashing a new snapshot needs no store and no rule: it runs beside the rules
			CompletableFuture<PreparedSnapshot> preparing = read.reusedSnapshot() != null ? null
					: CompletableFuture.supplyAsync(() -> {
						PreparedSnapshot ready = snapshots.prepare(catalog);
						phases.add(Scan.Phase.JSON, ready.jsonTime());
						phases.add(Scan.Phase.HASH, ready.hashTime());
						return ready;
					}, background);
			loaded = phases.time(Scan.Phase.EXPECTATIONS, () -> expectations.load(targetId));
			RuleInputs inputs = new RuleInputs(read.fingerprint(), loaded.expectations(), loaded.baselineId(),
					loaded.referenceId(), settings, target.options().compare());
			LastCatalog last = read.reusedSnapshot() == null ? null : lastCatalogs.getIfPresent(targetId);
			Evaluator.Evaluation evaluation = phases.time(Scan.Phase.RULES, () -> evaluator.evaluate(
					new CheckContext(catalog, loaded.expectations(), loaded.baseline(), clock.instant(), settings,
							loaded.reference(), target.options().compare()),
					inputs, last == null || !last.snapshotId().equals(read.reusedSnapshot()) ? null : last.timeless()));
			timeless = evaluation.timeless();
			violations = evaluation.violations();
			filtered = phases.time(Scan.Phase.RULES,
					() -> ignoreRules.apply(targetId, loaded.expectations(), violations, clock.instant()));
			prepared = preparing == null ? null : Futures.joined(preparing);
		}
		catch (TargetConnectionException e) {
			return fail(scanId, target, requestedBy, started,
					new ScanError("target-" + e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'),
							e.getMessage(), e.sqlState()));
		}
		catch (InspectionException e) {
			return fail(scanId, target, requestedBy, started,
					new ScanError("inspection-failed", e.getMessage(), e.sqlState()));
		}
		catch (Evaluator.RuleFailedException e) {
			log.error("Scan {} of target '{}': rule {} failed", scanId, target.name(), e.ruleId(), e);
			return fail(scanId, target, requestedBy, started, new ScanError("rule-failed",
					"Rule " + e.ruleId() + " failed; findings were left as they were. See the server log for scan "
							+ scanId, null));
		}
		catch (RuntimeException e) {
			log.error("Scan {} of target '{}' failed unexpectedly", scanId, target.name(), e);
			return fail(scanId, target, requestedBy, started, new ScanError("internal-error",
					"The scan failed unexpectedly; see the server log for scan " + scanId, null));
		}
		Instant finished = now();
		List<Violation> found = filtered.kept();
		List<String> warnings = loaded.warnings();
		UUID reusedSnapshot = read.reusedSnapshot();
		UUID stored;
		try {
			stored = store(targetId, scanId, requestedBy, finished, reusedSnapshot, prepared, found, warnings,
					filtered, read, phases);
		}
		catch (ScanStore.ScanClosedException e) {
			// swept as abandoned while it ran: the sweep's verdict stands, and the findings stay as they were
			log.warn("Scan {} of target '{}' outlived tidemark.checks.abandoned-scan-after ({}) and was closed as "
					+ "interrupted; its result was discarded", scanId, target.name(), abandonedAfter);
			metrics.scanFinished(target.name(), false, Duration.between(started, finished));
			return get(scanId);
		}
		catch (RuntimeException e) {
			// the store transaction rolled back (a deadlock with a concurrent scan of the target, the store gone):
			// close the scan now rather than leave it RUNNING for the sweep
			log.error("Scan {} of target '{}': storing its result failed", scanId, target.name(), e);
			return fail(scanId, target, requestedBy, started, new ScanError("store-failed",
					"Storing the scan's result failed; findings were left as the last complete scan left them. See "
							+ "the server log for scan " + scanId, null));
		}
		LastResult result = new LastResult(scanId, found);
		if (prepared != null) {
			lastCatalogs.put(targetId, new LastCatalog(stored, read.catalog(), prepared.jsonBytes(), timeless, result));
		}
		else {
			lastCatalogs.asMap().computeIfPresent(targetId,
					(id, last) -> last.snapshotId().equals(stored) ? last.with(timeless, result) : last);
		}
		metrics.scanFinished(target.name(), true, Duration.between(started, finished));
		try {
			metrics.openFindingsChanged(targetId, target.name());
		}
		catch (RuntimeException e) {
			// the scan is stored; the gauge catches up at its periodic refresh
			log.warn("Scan {} of target '{}': refreshing the open-findings gauge failed", scanId, target.name(), e);
		}
		metrics.phases(phases.durations());
		log.info("Scan {} of target '{}': {} finding(s), {} ignored{}; ms per phase: {}", scanId, target.name(),
				found.size(), violations.size() - found.size(), reusedSnapshot != null ? ", catalog unchanged" : "",
				phases.millis());
		return get(scanId);
	}

	private UUID store(UUID targetId, UUID scanId, String requestedBy, Instant finished, @Nullable UUID reusedSnapshot,
			@Nullable PreparedSnapshot prepared, List<Violation> found, List<String> warnings,
			IgnoreFilter.Result filtered, Read read, PhaseTimes phases) {
		return transactions.execute(status -> {
			UUID snapshotId = reusedSnapshot != null ? reusedSnapshot
					: phases.time(Scan.Phase.SNAPSHOT_WRITE, () -> snapshots.save(targetId, finished, prepared).id());
			boolean gatePassedBefore = gatePasses(findings.openBySeverity(targetId));
			FindingStore.Reconciliation outcome = phases.time(Scan.Phase.RECONCILE,
					() -> repeatsLastResult(targetId, read.previousScan(), found)
						? findings.reconcileRepeated(targetId, scanId, finished, fingerprints(found))
							.orElseGet(() -> findings.reconcile(targetId, scanId, finished, found))
						: findings.reconcile(targetId, scanId, finished, found));
			scans.succeed(scanId, finished, snapshotId, outcome, warnings, filtered.ignored(), read.fingerprint(),
					reusedSnapshot != null, phases.millis(), read.databaseIdentity());
			events.publishEvent(new FindingsReconciled(targetId, scanId, outcome.openedFindings(),
					outcome.reopenedFindings(), outcome.resolvedFindings(), gatePassedBefore,
					gatePasses(outcome.openBySeverity())));
			events.publishEvent(new ScanCompleted(scanId, targetId, Scan.Status.SUCCEEDED, snapshotId, requestedBy));
			return snapshotId;
		});
	}

	/** Whether the findings kept equal those this replica stored for the target's latest successful scan. */
	private boolean repeatsLastResult(UUID targetId, @Nullable UUID previousScan, List<Violation> found) {
		LastCatalog last = lastCatalogs.getIfPresent(targetId);
		return previousScan != null && last != null && last.result() != null
				&& last.result().scanId().equals(previousScan) && last.result().kept().equals(found);
	}

	private static Set<String> fingerprints(List<Violation> found) {
		Set<String> fingerprints = new HashSet<>();
		found.forEach(v -> fingerprints.add(Fingerprints.of(v)));
		return fingerprints;
	}

	/** What a scan evaluates: the catalog read now, or the last snapshot when the fingerprint says unchanged. */
	private record Read(CatalogSnapshot catalog, String fingerprint, @Nullable UUID reusedSnapshot,
			@Nullable UUID previousScan, @Nullable String databaseIdentity) {
	}

	private Read read(UUID targetId, PhaseTimes phases) {
		Optional<ScanStore.Fingerprinted> last = scans.latestFingerprint(targetId);
		CatalogReading reading = inspector.readUnlessUnchanged(targetId,
				last.map(ScanStore.Fingerprinted::fingerprint).orElse(null));
		phases.add(Scan.Phase.CONNECT, reading.connectTime());
		phases.add(Scan.Phase.FINGERPRINT, reading.fingerprintTime());
		if (reading.catalog() != null) {
			phases.add(Scan.Phase.CATALOG, reading.catalogTime());
			return new Read(reading.catalog(), reading.fingerprint(), null,
					last.map(ScanStore.Fingerprinted::scanId).orElse(null), reading.databaseIdentity());
		}
		UUID lastSnapshot = last.map(ScanStore.Fingerprinted::snapshotId).orElseThrow();
		try {
			CatalogSnapshot reused = phases.time(Scan.Phase.REUSE, () -> {
				LastCatalog cached = lastCatalogs.getIfPresent(targetId);
				if (cached != null && cached.snapshotId().equals(lastSnapshot)) {
					return cached.catalog();
				}
				CatalogSnapshot loaded = snapshots.get(lastSnapshot).catalog();
				lastCatalogs.put(targetId, new LastCatalog(lastSnapshot, loaded, jsonBytes(loaded), null, null));
				return loaded;
			});
			return new Read(reused, reading.fingerprint(), lastSnapshot, last.get().scanId(),
					reading.databaseIdentity());
		}
		catch (SnapshotNotFoundException e) {
			// pruned since: read the catalog again
			CatalogReading again = inspector.readUnlessUnchanged(targetId, null);
			phases.add(Scan.Phase.CONNECT, again.connectTime());
			phases.add(Scan.Phase.FINGERPRINT, again.fingerprintTime());
			phases.add(Scan.Phase.CATALOG, again.catalogTime());
			return new Read(again.catalog(), again.fingerprint(), null, last.get().scanId(), again.databaseIdentity());
		}
	}

	/** Drops every cached catalog, as a restart would (tests of the path that loads the stored snapshot). */
	void forgetCachedCatalogs() {
		lastCatalogs.invalidateAll();
	}

	/** The catalog's JSON size, counted while writing it nowhere: its weight in the cache. */
	private long jsonBytes(CatalogSnapshot catalog) {
		long[] count = new long[1];
		json.writeValue(new OutputStream() {

			@Override
			public void write(int b) {
				count[0]++;
			}

			@Override
			public void write(byte[] b, int off, int len) {
				count[0] += len;
			}
		}, catalog);
		return count[0];
	}

	private Scan fail(UUID scanId, Target target, String requestedBy, Instant started, ScanError error) {
		Instant finished = now();
		transactions.executeWithoutResult(status -> {
			// a scan the sweep closed already has its verdict, audited and announced by nobody twice
			if (scans.fail(scanId, finished, error)) {
				events.publishEvent(new ScanCompleted(scanId, target.id(), Scan.Status.FAILED, null, requestedBy));
			}
		});
		metrics.scanFinished(target.name(), false, Duration.between(started, finished));
		log.warn("Scan {} of target '{}' failed: {} {}", scanId, target.name(), error.code(), error.message());
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

	@Override
	public Map<UUID, String> databaseIdentities(Collection<UUID> targetIds) {
		return scans.databaseIdentities(targetIds);
	}

	/**
	 * Scans left RUNNING by a Tidemark that stopped mid-scan are closed as FAILED, so none stays RUNNING: at start-up,
	 * and every sweep interval while running, so a replica that died is cleaned up by the others without a restart.
	 */
	@EventListener(ApplicationReadyEvent.class)
	@Scheduled(fixedDelayString = "${tidemark.checks.abandoned-scan-sweep:5m}",
			initialDelayString = "${tidemark.checks.abandoned-scan-sweep:5m}")
	void closeAbandonedScans() {
		int closed = scans.failAbandoned(now(), now().minus(abandonedAfter));
		if (closed > 0) {
			log.warn("Closed {} scan(s) left RUNNING for over {} by a Tidemark that stopped", closed, abandonedAfter);
		}
	}

	private static boolean gatePasses(Map<Severity, Integer> openBySeverity) {
		return openBySeverity.entrySet().stream()
			.noneMatch(e -> e.getKey().atLeast(FindingsReconciled.GATE_SEVERITY) && e.getValue() > 0);
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}

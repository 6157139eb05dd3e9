package dev.tidemark.fault;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.tidemark.fault.FaultOutcomes.Outcome;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite: Tidemark as child JVMs (see {@link TidemarkProcess}) on a store of their own, repairing a big
 * table on a target cluster the suite controls ({@link TargetCluster}), while the suite kills Tidemark with
 * SIGKILL mid-build and mid-transaction, stops the target mid-build, and fires 20 executions at once. Every run must
 * end VERIFIED, or FAILED with a reason and a retry that ends VERIFIED, within two minutes; nothing may run twice,
 * no index may be duplicated or left INVALID, no row may be lost.
 * <p>
 * {@code -Dtidemark.fault.repeat=N} runs each fault N times (default 1); {@code -Dtidemark.fault.rows} and
 * {@code -Dtidemark.fault.key-length} size the table (see {@link BigTable}). Each run's outcome is appended to
 * {@code target/fault-outcomes.csv}; the children's logs are in {@code target/fault-logs/}.
 */
@Tag("fault")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionIntegrationTests {

	static final int REPEAT = Integer.getInteger("tidemark.fault.repeat", 1);

	/** "Ends within two minutes": a deadline for the failure message, not a timing assertion. */
	static final Duration ENDS_WITHIN = Duration.ofMinutes(2);

	/** Lease, heartbeat and reconcile interval of the children: small, so a dead JVM's execution is taken over fast. */
	static final Duration LEASE = Duration.ofSeconds(6);

	static final Map<String, String> CHILD_PROPERTIES = Map.of("tidemark.remediation.lease-duration", "6s",
			"tidemark.remediation.heartbeat-interval", "1s", "tidemark.remediation.reconcile-interval", "1s");

	static final Duration STARTUP = Duration.ofMinutes(2);

	private static final Pattern CREATE_INDEX = Pattern
		.compile("CREATE INDEX CONCURRENTLY IF NOT EXISTS (\"?[\\w]+\"?) ON (\\S+) (\\(.*\\));");

	private final BigTable table = new BigTable(Integer.getInteger("tidemark.fault.rows", 1_000_000),
			Integer.getInteger("tidemark.fault.key-length", 300));

	private final AtomicInteger children = new AtomicInteger();

	private final AtomicInteger databases = new AtomicInteger();

	private final ExecutorService pool = Executors.newCachedThreadPool();

	private TestPostgres.Database store;

	private TargetCluster cluster;

	/** The child that serves requests; a fault replaces it. */
	private TidemarkProcess tidemark;

	@BeforeAll
	void startStoreTargetAndTidemark() throws Exception {
		store = TestPostgres.newDatabase("fault_store");
		cluster = new TargetCluster();
		cluster.start();
		long ms = table.createTemplate(cluster);
		log("target " + cluster + ": template of " + table.rows + " rows (key length " + table.keyLength + ") in "
				+ ms + " ms");
	}

	@AfterAll
	void stopEverything() {
		if (tidemark != null) {
			tidemark.stop();
		}
		pool.shutdownNow();
		if (cluster != null) {
			cluster.close();
		}
	}

	static Stream<Integer> runs() {
		return IntStream.rangeClosed(1, REPEAT).boxed();
	}

	// ---------------------------------------------------------------- (a) kill -9 during CREATE INDEX CONCURRENTLY

	/**
	 * SIGKILL of Tidemark while its CREATE INDEX CONCURRENTLY runs on the big table, then a new JVM on the same store.
	 * The orphaned build goes on in its backend on the target; while it does, the remediation must stay EXECUTING
	 * and show it ({@code orphanedStatement}); once it ends, the remediation ends VERIFIED, or FAILED with a reason
	 * saying "Execute again to resume" and a retry that ends VERIFIED. One valid index, nothing INVALID, every row,
	 * each changeset recorded once.
	 */
	@ParameterizedTest(name = "run {0}")
	@MethodSource("runs")
	void killDuringConcurrentIndexBuild(int run) throws Exception {
		Instant began = Instant.now();
		Outcome outcome = Outcome.OTHER;
		String detail = "";
		Run r = null;
		try {
			r = prepare("kill_cic", run, null);
			String id = proposeAndApprove(r, "unindexed-foreign-key", "child_parent_fk");
			CompletableFuture<TidemarkApi.Response> execution = executeAsync(api(), id);
			int orphan = awaitStatement(r, "CREATE INDEX CONCURRENTLY%", true, execution);
			Instant killedAt = Instant.now();
			tidemark.kill();
			OrphanMonitor monitor = new OrphanMonitor(orphan, killedAt);
			log("(a) run " + run + ": killed " + tidemark + " during the build (backend " + orphan + ")");
			// A writer's lock makes the orphaned build wait before its validation phase, so it is certain to still
			// run when the new JVM reconciles: the check below waits on that state, not on the clock.
			try (Connection writer = cluster.connect(r.database())) {
				boolean held = holdBeforeValidation(writer, orphan);
				restart("after-kill-cic-" + run);
				if (held) {
					awaitOrphanedStatementShown(id, orphan);
				}
				writer.rollback();
			}
			Orphan watch = watchOrphan(id, monitor, killedAt);
			log("(a) run " + run + ": " + watch.describe());
			detail = watch.describe();
			Outcome reached = finishOrRetry(r, id, Set.of("VERIFIED"), killedAt);
			detail += "; " + reached;
			assertIndexRepaired(r, "child", "parent_code", planIndex(r, id));
			outcome = reached;
		}
		catch (AssertionError | Exception e) {
			detail = detail + " " + e.getMessage();
			throw e;
		}
		finally {
			FaultOutcomes.record("kill-9-during-create-index-concurrently", run, outcome, seconds(began), detail);
			drop(r);
		}
	}

	// ---------------------------------------------------------------- (b) kill -9 during a transactional changeset

	/**
	 * SIGKILL of Tidemark while a transactional changeset runs for seconds on the big table (VALIDATE CONSTRAINT of
	 * a CHECK whose expression is costly per row), then a new JVM. The transaction must have rolled back or committed
	 * atomically with its changelog row (validated ⇔ recorded), and the run must end VERIFIED or FAILED-then-retry
	 * VERIFIED, rows intact, each changeset recorded once.
	 */
	@ParameterizedTest(name = "run {0}")
	@MethodSource("runs")
	void killDuringTransactionalChangeset(int run) throws Exception {
		Instant began = Instant.now();
		Outcome outcome = Outcome.OTHER;
		String detail = "";
		Run r = null;
		try {
			r = prepare("kill_tx", run, List.of(
					// costly per row (a regular expression over the long key), so VALIDATE scans for seconds
					"ALTER TABLE child ADD CONSTRAINT child_code_shape CHECK (parent_code ~ '^(é|e)+[0-9]{9}$' "
							+ "AND length(note) > 0) NOT VALID"));
			String id = proposeAndApprove(r, "unvalidated-constraint", "child_code_shape");
			CompletableFuture<TidemarkApi.Response> execution = executeAsync(api(), id);
			int orphan = awaitStatement(r, "ALTER TABLE%VALIDATE CONSTRAINT%", false, execution);
			Instant killedAt = Instant.now();
			tidemark.kill();
			OrphanMonitor monitor = new OrphanMonitor(orphan, killedAt);
			log("(b) run " + run + ": killed " + tidemark + " during VALIDATE (backend " + orphan + ")");
			restart("after-kill-tx-" + run);
			Orphan watch = watchOrphan(id, monitor, killedAt);
			log("(b) run " + run + ": " + watch.describe());
			detail = watch.describe();
			// atomic: the constraint is validated exactly when its changeset is recorded
			try (Connection c = cluster.connect(r.database())) {
				boolean validated = BigTable.count(c,
						"SELECT count(*) FROM pg_constraint WHERE conname = 'child_code_shape' AND convalidated") == 1;
				List<String> recorded = BigTable.recorded(c, id);
				assertThat(recorded.stream().anyMatch(x -> x.endsWith(" EXECUTED")))
					.as("VALIDATE committed (%s) exactly when its changeset is recorded (%s)", validated, recorded)
					.isEqualTo(validated);
				detail += "; after the orphan ended: validated=" + validated + " recorded=" + recorded;
			}
			Outcome reached = finishOrRetry(r, id, Set.of("VERIFIED"), killedAt);
			detail += "; " + reached;
			try (Connection c = cluster.connect(r.database())) {
				assertThat(BigTable.count(c,
						"SELECT count(*) FROM pg_constraint WHERE conname = 'child_code_shape' AND convalidated"))
					.as("the constraint is validated").isEqualTo(1);
				assertRowsAndHistory(c);
			}
			outcome = reached;
		}
		catch (AssertionError | Exception e) {
			detail = detail + " " + e.getMessage();
			throw e;
		}
		finally {
			FaultOutcomes.record("kill-9-during-transactional-changeset", run, outcome, seconds(began), detail);
			drop(r);
		}
	}

	// ---------------------------------------------------------------- (c) target stopped mid-build

	/**
	 * {@code pg_ctl stop -m immediate} of the target while the concurrent build runs, then a start on the same port
	 * and data directory: the execution ends FAILED (the connection was lost; an INVALID index may be left), and
	 * executing again ends VERIFIED with exactly one valid index of the plan's name and definition.
	 */
	@ParameterizedTest(name = "run {0}")
	@MethodSource("runs")
	void targetStoppedDuringConcurrentIndexBuild(int run) throws Exception {
		Instant began = Instant.now();
		Outcome outcome = Outcome.OTHER;
		String detail = "";
		Run r = null;
		try {
			r = prepare("stop_target", run, null);
			String id = proposeAndApprove(r, "unindexed-foreign-key", "child_parent_fk");
			CompletableFuture<TidemarkApi.Response> execution = executeAsync(api(), id);
			awaitStatement(r, "CREATE INDEX CONCURRENTLY%", true, execution);
			Instant stoppedAt = Instant.now();
			cluster.stopImmediately();
			log("(c) run " + run + ": target stopped immediately during the build");
			try {
				TidemarkApi.Response first = execution.get(ENDS_WITHIN.toSeconds(), TimeUnit.SECONDS);
				detail = "execution answered " + first.status() + " " + abbreviate(first.body());
				if (first.status() == 201) {
					assertThat(first.json().get("status")).as("the execution that lost its target: %s", first.body())
						.isEqualTo("FAILED");
				}
				Map<?, ?> failed = awaitStatus(api(), id, Set.of("FAILED", "STALE", "VERIFIED", "APPLIED"),
						stoppedAt.plus(ENDS_WITHIN));
				assertThat(failed.get("status")).as("the execution that lost its target: %s", failed)
					.isEqualTo("FAILED");
				assertThat((String) failed.get("statusReason")).as("a reason").isNotBlank();
			}
			finally {
				cluster.start();
			}
			try (Connection c = cluster.connect(r.database())) {
				detail += "; after the restart: " + BigTable.indexesOn(c, "child", "parent_code");
			}
			Map<?, ?> retry = executeNow(api(), id);
			detail += "; retry " + retry.get("status");
			Map<?, ?> done = awaitStatus(api(), id, Set.of("VERIFIED", "FAILED", "STALE", "APPLIED"),
					Instant.now().plus(ENDS_WITHIN));
			assertThat(done.get("status")).as("after the retry: %s", done).isEqualTo("VERIFIED");
			assertIndexRepaired(r, "child", "parent_code", planIndex(r, id));
			outcome = Outcome.FAILED_THEN_RETRY_VERIFIED;
		}
		catch (AssertionError | Exception e) {
			detail = detail + " " + e.getMessage();
			throw e;
		}
		finally {
			if (!cluster.running()) {
				cluster.start();
			}
			FaultOutcomes.record("target-stopped-during-create-index-concurrently", run, outcome, seconds(began),
					detail);
			drop(r);
		}
	}

	// ---------------------------------------------------------------- (d) 20 concurrent executions

	/**
	 * One approved remediation (the big build); 20 threads released together (a latch) each POST its execution:
	 * exactly one starts (201), the 19 others are 409 problem details; it ends VERIFIED with one EXECUTE
	 * execution, one valid index, each changeset recorded once.
	 */
	@ParameterizedTest(name = "run {0}")
	@MethodSource("runs")
	void twentyConcurrentExecutionsOfOneRemediation(int run) throws Exception {
		Instant began = Instant.now();
		Outcome outcome = Outcome.OTHER;
		String detail = "";
		Run r = null;
		try {
			r = prepare("concurrent_one", run, null);
			String id = proposeAndApprove(r, "unindexed-foreign-key", "child_parent_fk");
			List<String> ids = java.util.Collections.nCopies(20, id);
			List<TidemarkApi.Response> responses = fireTogether(api(), ids);
			List<Integer> statuses = responses.stream().map(TidemarkApi.Response::status).toList();
			detail = "statuses " + statuses;
			log("(d) run " + run + ": " + detail);
			assertThat(statuses.stream().filter(st -> st == 201).count()).as("%s", statuses).isEqualTo(1);
			assertThat(statuses.stream().filter(st -> st == 409).count()).as("%s", statuses).isEqualTo(19);
			Map<?, ?> done = awaitStatus(api(), id, Set.of("VERIFIED", "FAILED", "STALE", "APPLIED"),
					began.plus(ENDS_WITHIN));
			assertThat(done.get("status")).as("%s", done).isEqualTo("VERIFIED");
			assertThat(executions(api(), id, "EXECUTE")).as("EXECUTE executions").hasSize(1);
			assertIndexRepaired(r, "child", "parent_code", planIndex(r, id));
			outcome = Outcome.VERIFIED_DIRECTLY;
		}
		catch (AssertionError | Exception e) {
			detail = detail + " " + e.getMessage();
			throw e;
		}
		finally {
			FaultOutcomes.record("twenty-concurrent-executions-one-remediation", run, outcome, seconds(began), detail);
			drop(r);
		}
	}

	/**
	 * Two approved remediations of one target (the big build and a small one); 20 threads, 12 on the first and 8 on
	 * the second, released together. At most one execution per remediation starts, never two on the target at once
	 * (their runs do not overlap), every other call is a 409 problem; the one left is executed afterwards; both end
	 * VERIFIED with one EXECUTE each, one valid index per table, each changeset recorded once.
	 */
	@ParameterizedTest(name = "run {0}")
	@MethodSource("runs")
	void twentyConcurrentExecutionsAcrossTwoRemediationsOfOneTarget(int run) throws Exception {
		Instant began = Instant.now();
		Outcome outcome = Outcome.OTHER;
		String detail = "";
		Run r = null;
		try {
			r = prepare("concurrent_two", run, null);
			String big = proposeAndApprove(r, "unindexed-foreign-key", "child_parent_fk");
			String small = proposeAndApprove(r, "unindexed-foreign-key", "child_small_parent_fk");
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				ids.add(i < 12 ? big : small);
			}
			List<TidemarkApi.Response> responses = fireTogether(api(), ids);
			Map<String, Integer> started = new HashMap<>(Map.of(big, 0, small, 0));
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < responses.size(); i++) {
				statuses.add(responses.get(i).status());
				if (responses.get(i).status() == 201) {
					started.merge(ids.get(i), 1, Integer::sum);
				}
			}
			detail = "statuses " + statuses + ", started: big " + started.get(big) + ", small " + started.get(small);
			log("(d2) run " + run + ": " + detail);
			assertThat(started.values()).as("executions started per remediation").allMatch(n -> n <= 1);
			assertThat(started.values().stream().mapToInt(Integer::intValue).sum()).as("at least one ran")
				.isPositive();
			for (String id : List.of(big, small)) {
				if (started.get(id) == 0) {
					// it lost the race to the other one on the same target: now it runs
					Map<?, ?> first = awaitStatus(api(), id.equals(big) ? small : big,
							Set.of("VERIFIED", "FAILED", "STALE", "APPLIED"), began.plus(ENDS_WITHIN));
					assertThat(first.get("status")).as("%s", first).isEqualTo("VERIFIED");
					executeNow(api(), id);
				}
				Map<?, ?> done = awaitStatus(api(), id, Set.of("VERIFIED", "FAILED", "STALE", "APPLIED"),
						Instant.now().plus(ENDS_WITHIN));
				assertThat(done.get("status")).as("%s", done).isEqualTo("VERIFIED");
			}
			List<Map<?, ?>> runs = new ArrayList<>();
			for (String id : List.of(big, small)) {
				List<Map<?, ?>> executions = executions(api(), id, "EXECUTE");
				assertThat(executions).as("EXECUTE executions of %s", id).hasSize(1);
				runs.addAll(executions);
			}
			Instant firstStart = Instant.parse((String) runs.get(0).get("startedAt"));
			Instant firstEnd = Instant.parse((String) runs.get(0).get("finishedAt"));
			Instant secondStart = Instant.parse((String) runs.get(1).get("startedAt"));
			Instant secondEnd = Instant.parse((String) runs.get(1).get("finishedAt"));
			assertThat(!secondStart.isBefore(firstEnd) || !firstStart.isBefore(secondEnd))
				.as("the two executions on one target never overlap: %s", runs).isTrue();
			assertIndexRepaired(r, "child", "parent_code", planIndex(r, big));
			assertIndexRepaired(r, "child_small", "parent_code", planIndex(r, small));
			outcome = Outcome.VERIFIED_DIRECTLY;
		}
		catch (AssertionError | Exception e) {
			detail = detail + " " + e.getMessage();
			throw e;
		}
		finally {
			FaultOutcomes.record("twenty-concurrent-executions-two-remediations", run, outcome, seconds(began),
					detail);
			drop(r);
		}
	}

	/**
	 * One POST …/executions per element of {@code ids}, each from its own thread, all released together by a latch
	 * once every thread waits on it; every 409 must be a problem detail.
	 */
	private List<TidemarkApi.Response> fireTogether(TidemarkApi api, List<String> ids) throws Exception {
		CountDownLatch ready = new CountDownLatch(ids.size());
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<TidemarkApi.Response>> calls = new ArrayList<>();
		for (String id : ids) {
			calls.add(CompletableFuture.supplyAsync(() -> {
				try {
					ready.countDown();
					go.await();
					return api.post("operator", "/api/v1/remediations/" + id + "/executions", null);
				}
				catch (IOException | InterruptedException e) {
					throw new IllegalStateException(e);
				}
			}, pool));
		}
		assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads ready").isTrue();
		go.countDown();
		List<TidemarkApi.Response> responses = new ArrayList<>();
		for (CompletableFuture<TidemarkApi.Response> call : calls) {
			TidemarkApi.Response response = call.get(ENDS_WITHIN.toSeconds(), TimeUnit.SECONDS);
			responses.add(response);
			if (response.status() != 201) {
				assertThat(response.status()).as("%s", response.body()).isEqualTo(409);
				assertThat(response.json().get("type")).as("a problem detail: %s", response.body())
					.asString().startsWith("https://tidemark.dev/problems/");
			}
		}
		return responses;
	}

	// ---------------------------------------------------------------- the run

	/** A database copied from the template, registered with the current Tidemark and scanned. */
	record Run(String database, String targetId, long rows, long smallRows) {
	}

	/** The API of the child serving now (a fault replaces it). */
	private TidemarkApi api() {
		return new TidemarkApi(tidemark);
	}

	private Run prepare(String prefix, int run, List<String> extraSql) throws Exception {
		ensureTidemark();
		String db = "fault_" + prefix + "_" + run + "_" + databases.incrementAndGet();
		cluster.createDatabase(db, BigTable.TEMPLATE);
		long rows;
		long smallRows;
		try (Connection c = cluster.connect(db)) {
			if (extraSql != null) {
				for (String sql : extraSql) {
					c.createStatement().execute(sql);
				}
			}
			rows = BigTable.count(c, "SELECT count(*) FROM child");
			smallRows = BigTable.count(c, "SELECT count(*) FROM child_small");
		}
		TidemarkApi api = api();
		Map<String, Object> target = new LinkedHashMap<>();
		target.put("name", db);
		target.put("jdbcUrl", cluster.jdbcUrl(db));
		target.put("username", TargetCluster.username());
		target.put("password", "unused-by-trust-auth");
		target.put("labels", Map.of("env", "fault"));
		String targetId = (String) api.postJson("operator", "/api/v1/targets", target, 201).get("id");
		Map<?, ?> scan = api.postJson("operator", "/api/v1/targets/" + targetId + "/scans", null, 201);
		assertThat(scan.get("status")).as("first scan %s", scan).isEqualTo("SUCCEEDED");
		return new Run(db, targetId, rows, smallRows);
	}

	private String proposeAndApprove(Run r, String ruleId, String objectContains) throws IOException {
		Map<?, ?> page = api().getJson("/api/v1/findings?targetId=" + r.targetId() + "&status=OPEN&size=500");
		List<String> ids = ((List<?>) page.get("items")).stream()
			.map(f -> (Map<?, ?>) f)
			.filter(f -> ruleId.equals(f.get("ruleId")) && String.valueOf(f.get("objectText")).contains(objectContains))
			.map(f -> (String) f.get("id"))
			.toList();
		assertThat(ids).as("%s finding on %s among %s", ruleId, objectContains, page.get("items")).hasSize(1);
		Map<?, ?> proposed = api().postJson("operator", "/api/v1/remediations", Map.of("findingIds", ids), 201);
		String id = (String) proposed.get("id");
		Map<?, ?> approved = api().postJson("approver", "/api/v1/remediations/" + id + "/approvals",
				Map.of("comment", "fault suite"), 200);
		assertThat(approved.get("status")).as("%s", approved).isEqualTo("APPROVED");
		return id;
	}

	private CompletableFuture<TidemarkApi.Response> executeAsync(TidemarkApi api, String id) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return api.post("operator", "/api/v1/remediations/" + id + "/executions", null);
			}
			catch (IOException e) {
				// the JVM that answers it was killed: that is the point
				return new TidemarkApi.Response(-1, e.toString());
			}
		}, pool);
	}

	/** An execution that must start (201); its body. */
	private Map<?, ?> executeNow(TidemarkApi api, String id) throws IOException {
		return api.postJson("operator", "/api/v1/remediations/" + id + "/executions", null, 201);
	}

	/**
	 * The pid of Tidemark's backend on the run's database running a statement {@code LIKE pattern}; for an index
	 * build, once pg_stat_progress_create_index says it is building (past its waits). Polled, with a deadline; fails
	 * early if the execution ends first.
	 */
	private int awaitStatement(Run r, String pattern, boolean indexBuild,
			CompletableFuture<TidemarkApi.Response> execution) throws Exception {
		String sql = indexBuild ? """
				SELECT a.pid FROM pg_stat_activity a JOIN pg_stat_progress_create_index p ON p.pid = a.pid
				WHERE a.datname = ? AND a.application_name = 'tidemark' AND a.state = 'active' AND a.query ILIKE ?
				AND p.phase LIKE 'building index%'""" : """
				SELECT a.pid FROM pg_stat_activity a WHERE a.datname = ? AND a.application_name = 'tidemark'
				AND a.state = 'active' AND a.query ILIKE ?""";
		Instant deadline = Instant.now().plus(ENDS_WITHIN);
		try (Connection c = cluster.connect("postgres"); PreparedStatement ps = c.prepareStatement(sql)) {
			ps.setString(1, r.database());
			ps.setString(2, pattern);
			while (Instant.now().isBefore(deadline)) {
				try (ResultSet rs = ps.executeQuery()) {
					if (rs.next()) {
						return rs.getInt(1);
					}
				}
				if (execution.isDone()) {
					throw new AssertionError("The execution ended before a statement like '" + pattern
							+ "' was seen running: " + execution.get());
				}
				TidemarkProcess.pause(20);
			}
		}
		throw new AssertionError("No statement like '" + pattern + "' ran on " + r.database() + " within "
				+ ENDS_WITHIN + "; " + tidemark + ":\n" + tidemark.tail(40));
	}

	/** What was seen of the orphaned backend and the remediation while it ran. */
	record Orphan(int pid, boolean outlivedRestart, boolean outlivedLease, boolean sawOrphanedStatement,
			Duration ranAfterKill) {

		String describe() {
			return "orphan backend " + pid + " ran " + ranAfterKill.toMillis() + " ms after the kill"
					+ (!outlivedRestart ? ", ended before the new JVM was up"
							: !outlivedLease ? ", ended after the new JVM was up but before orphanedStatement was due"
									: ", ran past lease + reconcile: orphanedStatement "
											+ (sawOrphanedStatement ? "shown" : "NOT shown"));
		}
	}

	/**
	 * Watches, from right after the kill, whether the killed JVM's backend still runs its statement (its own
	 * connection, polled every 50 ms); {@link #endedAt()} is when it was first seen gone.
	 */
	private final class OrphanMonitor {

		final int pid;

		private volatile Instant endedAt;

		private final CompletableFuture<Void> task;

		OrphanMonitor(int pid, Instant killedAt) {
			this.pid = pid;
			this.task = CompletableFuture.runAsync(() -> {
				Instant deadline = killedAt.plus(ENDS_WITHIN);
				try (Connection c = cluster.connect("postgres"); PreparedStatement alive = c.prepareStatement(
						"SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'active'")) {
					alive.setInt(1, pid);
					while (Instant.now().isBefore(deadline)) {
						try (ResultSet rs = alive.executeQuery()) {
							rs.next();
							if (rs.getLong(1) == 0) {
								endedAt = Instant.now();
								return;
							}
						}
						TidemarkProcess.pause(50);
					}
				}
				catch (SQLException e) {
					throw new IllegalStateException(e);
				}
			}, pool);
		}

		boolean running() {
			if (task.isCompletedExceptionally()) {
				task.join();
			}
			return endedAt == null && !task.isDone();
		}

		Instant endedAt() {
			return endedAt;
		}
	}

	/**
	 * Takes ROW EXCLUSIVE on {@code child} in an open transaction: a concurrent build still in its first phases then
	 * waits for it before validating. True when the orphan's progress shows it had not got past that point.
	 */
	private static boolean holdBeforeValidation(Connection writer, int orphanPid) throws Exception {
		writer.setAutoCommit(false);
		try (Statement st = writer.createStatement()) {
			st.execute("LOCK TABLE child IN ROW EXCLUSIVE MODE");
			try (ResultSet rs = st.executeQuery("SELECT phase FROM pg_stat_progress_create_index WHERE pid = "
					+ orphanPid)) {
				String phase = rs.next() ? rs.getString(1) : "";
				return phase.equals("initializing") || phase.startsWith("waiting for writers before build")
						|| phase.startsWith("building index");
			}
		}
	}

	/** The new JVM reports the orphaned build (pid, statement, since) while the build is held. */
	private void awaitOrphanedStatementShown(String id, int pid) throws Exception {
		Instant deadline = Instant.now().plus(ENDS_WITHIN);
		while (true) {
			Map<?, ?> remediation = api().getJson("/api/v1/remediations/" + id);
			if (remediation.get("orphanedStatement") instanceof Map<?, ?> o) {
				assertThat(remediation.get("status")).isEqualTo("EXECUTING");
				assertThat(((Number) o.get("pid")).intValue()).as("orphanedStatement %s", o).isEqualTo(pid);
				assertThat((String) o.get("statement")).contains("CREATE INDEX CONCURRENTLY");
				assertThat(o.get("since")).isNotNull();
				assertThat((String) remediation.get("statusReason")).contains("pid " + pid);
				return;
			}
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("The orphaned build (backend " + pid + ") is held on the target, but the "
						+ "remediation never showed it: " + remediation);
			}
			TidemarkProcess.pause(250);
		}
	}

	/**
	 * While the killed JVM's backend still runs (and the new JVM is up), the remediation must be EXECUTING, and
	 * whatever it shows as {@code orphanedStatement} must be that backend. Returns once the backend has ended.
	 * (Whether it is shown at all is asserted where the orphan is held on purpose: timing is not a test here.)
	 */
	private Orphan watchOrphan(String id, OrphanMonitor monitor, Instant killedAt) throws Exception {
		Instant up = Instant.now();
		// lease, one reconcile interval, and slack for a loaded two-core machine
		Instant mustShow = (up.isAfter(killedAt.plus(LEASE)) ? up : killedAt.plus(LEASE)).plusSeconds(4);
		Instant deadline = killedAt.plus(ENDS_WITHIN);
		boolean shown = false;
		int pid = monitor.pid;
		try (Connection c = cluster.connect("postgres"); PreparedStatement alive = c.prepareStatement(
				"SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'active'")) {
			alive.setInt(1, pid);
			while (monitor.running()) {
				if (Instant.now().isAfter(deadline)) {
					throw new AssertionError("The killed JVM's backend " + pid + " still ran " + ENDS_WITHIN
							+ " after the kill");
				}
				Map<?, ?> remediation = api().getJson("/api/v1/remediations/" + id);
				// the orphan may have ended between the two reads: only what was seen while it still ran counts, so
				// ask the target now (the monitor's answer may be 50 ms old)
				boolean stillRunning;
				try (ResultSet rs = alive.executeQuery()) {
					rs.next();
					stillRunning = rs.getLong(1) > 0;
				}
				if (stillRunning) {
					assertThat(remediation.get("status"))
						.as("while the orphaned statement (backend %d) still runs on the target: %s", pid, remediation)
						.isEqualTo("EXECUTING");
					if (remediation.get("orphanedStatement") instanceof Map<?, ?> o) {
						shown = true;
						assertThat(((Number) o.get("pid")).intValue()).as("orphanedStatement %s", o).isEqualTo(pid);
						assertThat(o.get("statement")).as("orphanedStatement %s", o).isNotNull();
						assertThat(o.get("since")).as("orphanedStatement %s", o).isNotNull();
						String reason = String.valueOf(remediation.get("statusReason")).toLowerCase(Locale.ROOT);
						assertThat(reason.contains(String.valueOf(pid)) || reason.contains("running")
								|| reason.contains("orphan"))
							.as("statusReason names the orphaned statement: %s", remediation.get("statusReason"))
							.isTrue();
					}
				}
				TidemarkProcess.pause(250);
			}
		}
		Instant ended = monitor.endedAt();
		if (ended == null) {
			throw new AssertionError("The killed JVM's backend " + pid + " still ran " + ENDS_WITHIN + " after the kill");
		}
		return new Orphan(pid, ended.isAfter(up), ended.isAfter(mustShow), shown, Duration.between(killedAt, ended));
	}

	/**
	 * After an interruption: waits (deadline) until the remediation is VERIFIED, or FAILED with "Execute again to
	 * resume"; then executes again and waits for VERIFIED.
	 */
	private Outcome finishOrRetry(Run r, String id, Set<String> expected, Instant since) throws Exception {
		Map<?, ?> settled = awaitStatus(api(), id, Set.of("VERIFIED", "FAILED", "STALE", "ROLLED_BACK"),
				since.plus(ENDS_WITHIN));
		if (expected.contains(settled.get("status"))) {
			return Outcome.VERIFIED_DIRECTLY;
		}
		assertThat(settled.get("status")).as("the interrupted remediation: %s", settled).isEqualTo("FAILED");
		assertThat((String) settled.get("statusReason")).as("%s", settled).contains("Execute again to resume");
		Map<?, ?> retry = executeNow(api(), id);
		Map<?, ?> done = awaitStatus(api(), id, Set.of("VERIFIED", "FAILED", "STALE", "ROLLED_BACK"),
				Instant.now().plus(ENDS_WITHIN));
		assertThat(done.get("status")).as("after the retry (execution %s): %s", retry, done).isEqualTo("VERIFIED");
		return Outcome.FAILED_THEN_RETRY_VERIFIED;
	}

	/** Polls the remediation until its status is one of {@code statuses}; fails at the deadline with the last one. */
	private Map<?, ?> awaitStatus(TidemarkApi api, String id, Set<String> statuses, Instant deadline) throws Exception {
		Map<?, ?> last = null;
		while (Instant.now().isBefore(deadline)) {
			TidemarkApi.Response response = api.get("viewer", "/api/v1/remediations/" + id);
			if (response.status() == 200) {
				last = response.json();
				if (statuses.contains(last.get("status"))) {
					return last;
				}
			}
			TidemarkProcess.pause(250);
		}
		throw new AssertionError("Remediation " + id + " did not reach " + statuses + " in time; last seen: " + last
				+ "\n" + tidemark + ":\n" + tidemark.tail(30));
	}

	private List<Map<?, ?>> executions(TidemarkApi api, String id, String kind) throws IOException {
		TidemarkApi.Response response = api.get("viewer", "/api/v1/remediations/" + id + "/executions");
		assertThat(response.status()).isEqualTo(200);
		return response.jsonList().stream().<Map<?, ?>>map(e -> (Map<?, ?>) e).filter(e -> kind.equals(e.get("kind"))).toList();
	}

	/** The index the plan builds: name, table and key list of its CREATE INDEX CONCURRENTLY. */
	record PlannedIndex(String name, String keys) {
	}

	private PlannedIndex planIndex(Run r, String id) throws IOException {
		TidemarkApi.Response changelog = api().get("viewer", "/api/v1/remediations/" + id + "/changelog");
		assertThat(changelog.status()).isEqualTo(200);
		Matcher m = CREATE_INDEX.matcher(changelog.body());
		assertThat(m.find()).as("a CREATE INDEX CONCURRENTLY in\n%s", changelog.body()).isTrue();
		return new PlannedIndex(m.group(1).replace("\"", ""), m.group(3).replace("\"", ""));
	}

	/**
	 * Exactly one index on {@code table(column)}, VALID, of the plan's name and keys; nothing INVALID on the table;
	 * every row still there; each changeset recorded at most once.
	 */
	private void assertIndexRepaired(Run r, String table, String column, PlannedIndex planned) throws SQLException {
		try (Connection c = cluster.connect(r.database())) {
			List<String> indexes = BigTable.indexesOn(c, table, column);
			assertThat(indexes).as("indexes on %s(%s)", table, column).singleElement().satisfies(index -> {
				assertThat(index).startsWith(planned.name() + " VALID ");
				assertThat(index).endsWith("USING btree " + planned.keys());
			});
			assertThat(BigTable.invalidIndexes(c, table)).as("INVALID indexes on %s", table).isEmpty();
			assertRowsAndHistory(c);
		}
	}

	private void assertRowsAndHistory(Connection c) throws SQLException {
		assertThat(BigTable.count(c, "SELECT count(*) FROM child")).as("rows of child").isEqualTo(table.rows);
		assertThat(BigTable.count(c, "SELECT count(*) FROM child_small")).as("rows of child_small")
			.isEqualTo(table.smallRows());
		assertThat(BigTable.changesetsRecordedTwice(c)).as("changesets recorded more than once").isEmpty();
	}

	// ---------------------------------------------------------------- children

	private void ensureTidemark() {
		if (tidemark == null || !tidemark.isAlive()) {
			restart("tidemark");
		}
	}

	private void restart(String name) {
		Instant t = Instant.now();
		tidemark = TidemarkProcess.start(children.incrementAndGet() + "-" + name, store, CHILD_PROPERTIES, STARTUP);
		log("started " + tidemark + " in " + Duration.between(t, Instant.now()).toMillis() + " ms");
	}

	private void drop(Run r) {
		if (r == null || !cluster.running()) {
			return;
		}
		try {
			cluster.dropDatabase(r.database());
		}
		catch (RuntimeException e) {
			log("could not drop " + r.database() + ": " + e.getMessage());
		}
	}

	private static double seconds(Instant began) {
		return Duration.between(began, Instant.now()).toMillis() / 1000.0;
	}

	private static String abbreviate(String s) {
		return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
	}

	private static void log(String message) {
		System.out.println("[fault] " + Instant.now() + " " + message);
	}
}

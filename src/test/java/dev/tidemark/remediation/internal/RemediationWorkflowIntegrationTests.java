package dev.tidemark.remediation.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import dev.tidemark.remediation.ChangelogWriter;
import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.ConcurrentWriters;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 5 end to end over HTTP: scan → exact findings → propose → approve (not the proposer) → execute →
 * re-scan → VERIFIED, data intact, and the scenario's own check (deleting a post works, its reactions stay). Plus
 * the workflow's guards.
 */
class RemediationWorkflowIntegrationTests extends RemediationApiTest {

	@Autowired
	DataSource dataSource;

	@Test
	void scenario5IsRepairedEndToEndAndDeletingAPostKeepsItsReactions() throws Exception {
		Scenario s = scenario5("env", "test");
		assertThat(s.findingIds()).hasSize(11);

		Map<?, ?> proposed = propose(s.findingIds(), "operator");
		assertThat(proposed.get("status")).isEqualTo("PROPOSED");
		assertThat(proposed.get("requiredApprovals")).isEqualTo(1);
		assertThat((List<?>) proposed.get("steps")).isNotEmpty();
		String id = (String) proposed.get("id");
		String changelog = as("viewer").get().uri("/api/v1/remediations/{id}/changelog", id).exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(changelog).startsWith("-- liquibase formatted sql").contains("CREATE UNIQUE INDEX CONCURRENTLY")
			.contains("-- preconditions onFail:MARK_RAN");
		assertThat(as("viewer").get().uri("/api/v1/remediations/{id}/preview", id).exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()).contains("ALTER TABLE");

		decide(id, "approver", "approvals", "looks right", "CHG-1001").expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("APPROVED");
		Map<?, ?> execution = execute(id, "operator");
		assertThat(execution.get("status")).as("execution %s", execution).isEqualTo("SUCCEEDED");
		assertThat((List<?>) execution.get("changesets")).hasSameSizeAs((List<?>) proposed.get("steps"))
			.allSatisfy(c -> {
				Map<?, ?> changeset = (Map<?, ?>) c;
				assertThat(changeset.get("result")).as("%s", changeset).isIn("EXECUTED", "MARK_RAN");
				assertThat(((Number) changeset.get("durationMs")).longValue()).isNotNegative();
				assertThat((String) changeset.get("sql")).isNotBlank();
				assertThat(changeset.get("sqlState")).isNull();
			});
		Map<?, ?> done = get("/api/v1/remediations/" + id);
		assertThat(done.get("status")).as("remediation %s", done).isEqualTo("VERIFIED");

		try (Connection c = connect(s.db())) {
			assertThat(count(c, "SELECT count(*) FROM post_reactions")).isEqualTo(4);
			c.createStatement().execute("DELETE FROM posts WHERE id = 1");
			assertThat(count(c, "SELECT count(*) FROM post_reactions WHERE post_id IS NULL")).isEqualTo(2);
			assertThat(count(c, "SELECT count(*) FROM post_reactions")).isEqualTo(4);
		}
		List<?> executions = as("viewer").get().uri("/api/v1/remediations/{id}/executions", id).exchange()
			.expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
		assertThat(executions).hasSize(1);
		assertThat(((Map<?, ?>) executions.get(0)).get("status")).isEqualTo("SUCCEEDED");

		// The audit trail names each step's actor: people for the decisions, Tidemark for the verification scan.
		List<String> trail = ((List<?>) get("/api/v1/audit-events?targetId=" + s.targetId() + "&size=100").get("items"))
			.stream()
			.map(e -> (Map<?, ?>) e)
			.filter(e -> ((String) e.get("action")).startsWith("remediation.") || "scan.run".equals(e.get("action")))
			.map(e -> e.get("action") + " " + e.get("actor") + " " + e.get("actorKind") + " " + e.get("outcome"))
			.toList()
			.reversed();
		assertThat(trail).containsExactly("scan.run operator USER SUCCEEDED",
				"remediation.propose operator USER PROPOSED", "remediation.approve approver USER APPROVED",
				"remediation.execute operator USER STARTED", "remediation.execute operator USER APPLIED",
				"scan.run remediation:" + id + " SYSTEM SUCCEEDED", "remediation.verify operator USER VERIFIED");
	}

	@Test
	void approvalsFollowFourEyesOnePerPersonIdempotencyAndTheTargetsLabels() throws Exception {
		Scenario s = scenario5("env", "prod");
		String id = (String) propose(List.of(s.finding("missing-column", "scores.duration_sec")), "admin").get("id");
		assertThat(get("/api/v1/remediations/" + id).get("requiredApprovals")).isEqualTo(2);

		decide(id, "admin", "approvals", "my own", null).expectStatus().isForbidden()
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/remediation-not-allowed");
		decide(id, "operator", "approvals", "not an approver", null).expectStatus().isForbidden();

		Map<?, ?> first = as("approver").post().uri("/api/v1/remediations/{id}/approvals", id)
			.header("Idempotency-Key", "pipeline-run-77").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("comment", "ok")).exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		Map<?, ?> retried = as("approver").post().uri("/api/v1/remediations/{id}/approvals", id)
			.header("Idempotency-Key", "pipeline-run-77").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("comment", "ok")).exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		assertThat(retried).isEqualTo(first);
		assertThat(first.get("status")).isEqualTo("PROPOSED");
		decide(id, "approver", "approvals", "again", null).expectStatus().isEqualTo(409);
		execute409(id);

		decide(id, "approver2", "approvals", "second pair of eyes", null).expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("APPROVED").jsonPath("$.validApprovals").isEqualTo(2);
		assertThat(execute(id, "operator").get("status")).isEqualTo("SUCCEEDED");
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("VERIFIED");
	}

	@Test
	void anIdempotencyKeyReusedForADifferentRequestIsRefusedAndTheSameRequestStillReplays() throws Exception {
		Scenario s = scenario5("env", "test");
		String first = s.finding("missing-column", "scores.duration_sec");
		String other = s.finding("missing-column", "users.boost_penalty_until");
		Map<?, ?> proposed = proposeWithKey("deploy-42", List.of(first)).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		Map<?, ?> replayed = proposeWithKey("deploy-42", List.of(first)).expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(replayed.get("id")).isEqualTo(proposed.get("id"));
		long remediations = store.sql("SELECT count(*) FROM remediation").query(Long.class).single();

		proposeWithKey("deploy-42", List.of(other)).expectStatus().isEqualTo(422)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/idempotency-key-reused")
			.jsonPath("$.detail").value(d -> assertThat((String) d)
				.contains("Idempotency-Key 'deploy-42' was used for a different request"));
		assertThat(store.sql("SELECT count(*) FROM remediation").query(Long.class).single()).isEqualTo(remediations);

		String id = (String) proposed.get("id");
		approveWithKey(id, "approve-1", "ok").expectStatus().isOk();
		approveWithKey(id, "approve-1", "ok").expectStatus().isOk();
		approveWithKey(id, "approve-1", "a different comment").expectStatus().isEqualTo(422)
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/idempotency-key-reused");
		// the same key on another path is another request too
		as("approver").post().uri("/api/v1/remediations/{id}/rejections", id).header("Idempotency-Key", "approve-1")
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("comment", "ok")).exchange()
			.expectStatus().isEqualTo(422);
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("APPROVED");
	}

	private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec proposeWithKey(String key,
			List<String> findingIds) {
		return as("operator").post().uri("/api/v1/remediations").header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("findingIds", findingIds)).exchange();
	}

	private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec approveWithKey(String id, String key,
			String comment) {
		return as("approver").post().uri("/api/v1/remediations/{id}/approvals", id).header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("comment", comment)).exchange();
	}

	@Test
	void ofTwoConcurrentRejectionsOneWinsAndTheOtherIsAStateConflictThatLeavesNoDecision() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = (String) propose(List.of(s.finding("missing-column", "scores.duration_sec")), "operator").get("id");

		// both read the remediation, then wait to insert their decision (its foreign key locks the remediation's row)
		List<EntityExchangeResult<String>> results = ConcurrentWriters.race(dataSource,
				"SELECT 1 FROM remediation WHERE id = '" + id + "' FOR UPDATE",
				List.of(() -> reject(id, "approver", "first"), () -> reject(id, "approver2", "second")));

		// both wait on a shared lock (the foreign key's KEY SHARE), so either may win: exactly one does
		List<String> comments = List.of("first", "second");
		int winner = results.get(0).getStatus() == HttpStatus.OK ? 0 : 1;
		assertThat(results.get(winner).getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(results.get(1 - winner).getStatus()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(results.get(1 - winner).getResponseBody())
			.contains("https://tidemark.dev/problems/remediation-state-conflict");
		Map<?, ?> remediation = get("/api/v1/remediations/" + id);
		assertThat(remediation.get("status")).isEqualTo("REJECTED");
		assertThat((List<?>) remediation.get("decisions")).singleElement()
			.satisfies(d -> assertThat(((Map<?, ?>) d).get("comment")).isEqualTo(comments.get(winner)));
	}

	private EntityExchangeResult<String> reject(String id, String user, String comment) {
		return decide(id, user, "rejections", comment, null).expectBody(String.class).returnResult();
	}

	@Test
	void aRejectionVetoesAndFindingsWithoutASafeRepairAreRefusedWithTheReason() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = (String) propose(List.of(s.finding("missing-column", "posts.is_hidden")), "operator").get("id");
		decide(id, "approver", "rejections", "not during the sale", null).expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("REJECTED");
		decide(id, "approver2", "approvals", "too late", null).expectStatus().isEqualTo(409);
		execute409(id);

		TestPostgres.Database db = TestPostgres.newDatabase("refused");
		try (Connection c = connect(db)) {
			SqlScript.run(c, resource("scenarios/research-crawler/drifted.sql"));
		}
		String targetId = register(db, Map.of("env", "test"));
		putContract(targetId, "research-crawler");
		scan(targetId);
		String unvalidated = findingIds(targetId, "unvalidated-constraint").get(0);
		as("operator").post().uri("/api/v1/remediations").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("findingIds", List.of(unvalidated))).exchange()
			.expectStatus().isEqualTo(422)
			.expectBody()
			.jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/remediation-refused")
			.jsonPath("$.refusals[0].instead").value(i -> assertThat((String) i).isNotBlank());
	}

	@Test
	void aNameWithLineBreaksIsCheckedAndUndoneByItsExactNameOnTheChangelogsOneLineSteps() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("line_break_name");
		try (Connection c = connect(db)) {
			SqlScript.run(c, "CREATE TABLE public.scores (id integer PRIMARY KEY);"
					+ " CREATE TABLE public.users (id integer PRIMARY KEY);");
		}
		String targetId = register(db, Map.of("env", "test"));
		// flattened, the precondition and rollback would name "nl DROP TABLE public.users; --", another column
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId)
			.contentType(MediaType.parseMediaType("application/yaml"))
			.body("tables:\n  - name: public.scores\n    columns:\n      - name: \"nl\\nDROP TABLE public.users;\\n--\"\n"
					+ "        type: integer\n        nullable: true\n")
			.exchange().expectStatus().isOk();
		scan(targetId);
		List<String> missing = findingIds(targetId, "missing-column");
		assertThat(missing).hasSize(1);

		String id = (String) propose(missing, "operator").get("id");
		String changelog = as("viewer").get().uri("/api/v1/remediations/{id}/changelog", id).exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		// the precondition without backslashes (Liquibase drops them there), the rollback with an escaped name
		assertThat(changelog).contains("('nl' || chr(10) || 'DROP TABLE public.users;' || chr(10) || '--')")
			.contains("U&\"nl\\000aDROP TABLE public.users;\\000a--\"");
		decide(id, "approver", "approvals", "go", null).expectStatus().isOk();
		executeToVerified(id);
		try (Connection c = connect(db)) {
			assertThat(count(c, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.scores'::regclass"
					+ " AND attname = E'nl\\nDROP TABLE public.users;\\n--'")).isEqualTo(1);
		}

		decide(id, "approver", "rollback-approvals", "undo", null).expectStatus().isOk();
		Map<?, ?> rollback = as("operator").post().uri("/api/v1/remediations/{id}/rollback", id).exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		assertThat(rollback.get("status")).as("%s", rollback).isEqualTo("SUCCEEDED");
		try (Connection c = connect(db)) {
			assertThat(count(c, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.scores'::regclass"
					+ " AND attnum > 0 AND NOT attisdropped")).as("only id is left").isEqualTo(1);
			assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 'users'")).isEqualTo(1);
		}
	}

	@Test
	void whatCannotBeWrittenOnOneLineIsToldApartFromWhatIsEscaped() {
		assertThat(ChangelogWriter.fitsOneLine("SELECT 1 FROM t WHERE a = 'x''y\nz' AND \"q\nr\" = $$p$$")).isTrue();
		for (String broken : List.of("SELECT $f$a\nb$f$", "SELECT $$a\nb$$", "SELECT 1 -- note\nFROM t")) {
			assertThat(ChangelogWriter.fitsOneLine(broken)).as(broken).isFalse();
		}
	}

	@Test
	void ofTwentyConcurrentExecutionsExactlyOneRunsAndAChangedCatalogMakesAPlanStale() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = (String) propose(List.of(s.finding("missing-column", "users.boost_penalty_until")), "operator").get("id");
		decide(id, "approver", "approvals", "go", null).expectStatus().isOk();

		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			calls.add(CompletableFuture.supplyAsync(() -> {
				try {
					start.await();
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return as("operator").post().uri("/api/v1/remediations/{id}/executions", id).exchange()
					.returnResult(String.class).getStatus().value();
			}, BLOCKING)); // 20 threads at once, not the common pool's one
		}
		start.countDown();
		List<Integer> statuses = new ArrayList<>();
		for (CompletableFuture<Integer> call : calls) {
			statuses.add(call.get());
		}
		assertThat(statuses.stream().filter(st -> st == 201).count()).as("%s", statuses).isEqualTo(1);
		assertThat(statuses.stream().filter(st -> st == 409).count()).as("%s", statuses).isEqualTo(19);
		assertThat(store.sql("SELECT count(*) FROM remediation_execution WHERE remediation_id = ?::uuid AND kind = 'EXECUTE'")
			.param(id).query(Long.class).single()).isEqualTo(1);

		String stale = (String) propose(List.of(s.finding("missing-column", "users.challenge_penalty_until")), "operator")
			.get("id");
		decide(stale, "approver", "approvals", "go", null).expectStatus().isOk();
		try (Connection c = connect(s.db())) {
			c.createStatement().execute("ALTER TABLE users ADD COLUMN nickname text");
		}
		as("operator").post().uri("/api/v1/remediations/{id}/executions", stale).exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/remediation-stale");
		assertThat(get("/api/v1/remediations/" + stale).get("status")).isEqualTo("STALE");
	}

	@Test
	void anExecutionInterruptedByARestartIsReconciledFromTheTargetNeverRerunAndARetrySucceeds() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = (String) propose(List.of(s.finding("missing-column", "credit_txns.idempotency_key")), "operator")
			.get("id");
		decide(id, "approver", "approvals", "go", null).expectStatus().isOk();
		// As if a Tidemark from before leases died right after claiming the execution: no executor, no lease.
		store.sql("UPDATE remediation SET status = 'EXECUTING' WHERE id = ?::uuid").param(id).update();

		reconciler.reconcileNowIfOrphaned(java.util.UUID.fromString(s.targetId()));
		await("reconciliation", () -> !"EXECUTING".equals(get("/api/v1/remediations/" + id).get("status")));

		Map<?, ?> reconciled = get("/api/v1/remediations/" + id);
		assertThat(reconciled.get("status")).isEqualTo("FAILED");
		assertThat((String) reconciled.get("statusReason")).contains("0 of").contains("nothing was re-run");
		try (Connection c = connect(s.db())) {
			assertThat(count(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'credit_txns' "
					+ "AND column_name = 'idempotency_key'")).isZero();
		}
		assertThat(execute(id, "operator").get("status")).isEqualTo("SUCCEEDED");
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("VERIFIED");
	}

	@Test
	void aRollbackUndoesWhatHasARollbackAndTheFindingReopens() throws Exception {
		Scenario s = scenario5("env", "test");
		String findingId = s.finding("missing-index", "post_reactions");
		String id = (String) propose(List.of(findingId), "operator").get("id");
		decide(id, "approver", "approvals", "go", null).expectStatus().isOk();
		assertThat(execute(id, "operator").get("status")).isEqualTo("SUCCEEDED");
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("VERIFIED");
		assertThat(get("/api/v1/findings/" + findingId).get("status")).isEqualTo("RESOLVED");

		// a rollback drops what the repair created: a second person agrees first, never the one who runs it
		as("operator").post().uri("/api/v1/remediations/{id}/rollback", id).exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("rollback approval"));
		decide(id, "operator", "rollback-approvals", "operators approve nothing", null).expectStatus().isForbidden();
		decide(id, "admin", "rollback-approvals", "the index slows writes; undo it", "CHG-7").expectStatus().isOk();
		decide(id, "admin", "rollback-approvals", "again", null).expectStatus().isEqualTo(409);
		as("admin").post().uri("/api/v1/remediations/{id}/rollback", id).exchange()
			.expectStatus().isForbidden(); // its own approval does not count for the one who runs it
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("VERIFIED");
		Map<?, ?> rollback = as("operator").post().uri("/api/v1/remediations/{id}/rollback", id).exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		assertThat(rollback.get("kind")).isEqualTo("ROLLBACK");
		assertThat(rollback.get("status")).as("rollback %s", rollback).isEqualTo("SUCCEEDED");
		assertThat((List<?>) rollback.get("changesets")).isNotEmpty().allSatisfy(c -> {
			Map<?, ?> changeset = (Map<?, ?>) c;
			assertThat(changeset.get("result")).isEqualTo("ROLLED_BACK");
			assertThat(changeset.get("durationMs")).isNotNull();
		});
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("ROLLED_BACK");
		assertThat(get("/api/v1/findings/" + findingId).get("status")).isEqualTo("OPEN");
		try (Connection c = connect(s.db())) {
			assertThat(count(c, "SELECT count(*) FROM pg_indexes WHERE tablename = 'post_reactions' "
					+ "AND indexdef LIKE '%post_id IS NOT NULL%'")).isZero();
		}
	}

	@Test
	void aTargetConnectionKilledMidwayFailsWithTheReasonLeavesTheTargetConsistentAndARetrySucceeds() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = (String) propose(List.of(s.finding("missing-column", "scores.duration_sec")), "operator").get("id");
		decide(id, "approver", "approvals", "go", null).expectStatus().isOk();
		try (Connection blocker = connect(s.db()); Connection killer = connect(s.db())) {
			// A long transaction holds the table, so the repair's ALTER waits; then its session is killed.
			blocker.setAutoCommit(false);
			blocker.createStatement().execute("LOCK TABLE scores IN ACCESS SHARE MODE");
			CompletableFuture<Map<?, ?>> execution = CompletableFuture.supplyAsync(() -> execute(id, "operator"), BLOCKING);
			long killed = 0;
			for (int i = 0; i < 100 && killed == 0; i++) {
				Thread.sleep(50);
				killed = count(killer, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
						+ "WHERE application_name = 'tidemark' AND wait_event_type = 'Lock'");
			}
			assertThat(killed).as("the repair's session was found waiting and killed").isEqualTo(1);
			Map<?, ?> failed = execution.get();
			assertThat(failed.get("status")).isEqualTo("FAILED");
			assertThat((String) failed.get("error")).isNotBlank();
			blocker.rollback();
		}
		Map<?, ?> afterFailure = get("/api/v1/remediations/" + id);
		assertThat(afterFailure.get("status")).isEqualTo("FAILED");
		try (Connection c = connect(s.db())) {
			assertThat(count(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'scores' "
					+ "AND column_name = 'duration_sec'")).as("the transactional changeset rolled back").isZero();
			assertThat(count(c, "SELECT count(*) FROM scores")).isEqualTo(3);
		}
		assertThat(execute(id, "operator").get("status")).isEqualTo("SUCCEEDED");
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("VERIFIED");
	}

	@Test
	void aLockTimeoutIsRetriedABoundedNumberOfTimesAndSucceedsOnceTheLockIsFree() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = (String) propose(List.of(s.finding("missing-column", "scores.duration_sec")), "operator").get("id");
		decide(id, "approver", "approvals", "go", null).expectStatus().isOk();
		try (Connection blocker = connect(s.db())) {
			blocker.setAutoCommit(false);
			blocker.createStatement().execute("LOCK TABLE scores IN ACCESS SHARE MODE");
			// held throughout: every attempt times out (lock_timeout 2 s), then the retries run out
			Map<?, ?> exhausted = execute(id, "operator");
			assertThat(exhausted.get("status")).isEqualTo("FAILED");
			assertThat(exhausted.get("sqlState")).isEqualTo("55P03");
			assertThat(exhausted.get("attempts")).isEqualTo(4);

			// released while a later attempt waits: that attempt gets the lock. Waits on the target's state (the
			// repair's statement waiting on the lock with a newer start than the first wait), never on the clock.
			CompletableFuture<Map<?, ?>> retried = CompletableFuture.supplyAsync(() -> execute(id, "operator"), BLOCKING);
			try (Connection watcher = connect(s.db())) {
				String waiting = "SELECT max(query_start)::text FROM pg_stat_activity WHERE application_name = "
						+ "'tidemark' AND wait_event_type = 'Lock' AND datname = current_database()";
				String[] firstWait = new String[1];
				await("the first attempt waiting on the lock", () -> (firstWait[0] = text(watcher, waiting)) != null);
				await("a later attempt waiting on the lock", () -> {
					String now = text(watcher, waiting);
					return now != null && !now.equals(firstWait[0]);
				});
			}
			blocker.rollback();
			Map<?, ?> execution = retried.get();
			assertThat(execution.get("status")).as("%s", execution).isEqualTo("SUCCEEDED");
			assertThat((Integer) execution.get("attempts")).isBetween(2, 4);
		}
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("VERIFIED");
	}

	@Test
	void aConcurrentBuildThatFailsLeavesAnInvalidIndexThatIsReportedAndTheRetryDropsAndRebuilds() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = (String) propose(List.of(s.finding("missing-primary-key", "post_reactions")), "operator").get("id");
		decide(id, "approver", "approvals", "go", null).expectStatus().isOk();
		try (Connection c = connect(s.db())) {
			// a duplicate id arrives after the plan: the concurrent unique build fails and leaves its index INVALID
			c.createStatement().execute("INSERT INTO post_reactions (id, post_id, user_id, emoji) "
					+ "SELECT id, post_id, user_id, '🔁' FROM post_reactions ORDER BY id LIMIT 1");
		}
		Map<?, ?> failed = execute(id, "operator");
		assertThat(failed.get("status")).isEqualTo("FAILED");
		assertThat(failed.get("sqlState")).isEqualTo("23505");
		// per changeset: the guard found nothing, the build failed with its SQLSTATE and message, the rest never ran
		List<Map<?, ?>> changesets = ((List<?>) failed.get("changesets")).stream().<Map<?, ?>>map(c -> (Map<?, ?>) c)
			.toList();
		assertThat(changesets).extracting(c -> (Object) c.get("result")).startsWith("MARK_RAN", "FAILED")
			.contains("NOT_RUN");
		assertThat(changesets.get(1).get("sqlState")).isEqualTo("23505");
		assertThat((String) changesets.get(1).get("message")).contains("is duplicated");
		assertThat((String) changesets.get(1).get("sql")).contains("CREATE UNIQUE INDEX CONCURRENTLY");
		assertThat(changesets.get(2).get("durationMs")).isNull();
		Map<?, ?> afterFailure = get("/api/v1/remediations/" + id);
		assertThat(afterFailure.get("status")).isEqualTo("FAILED");
		String invalid;
		try (Connection c = connect(s.db()); ResultSet rs = c.createStatement().executeQuery(
				"SELECT i.indexrelid::regclass::text FROM pg_index i WHERE i.indrelid = 'post_reactions'::regclass "
						+ "AND NOT i.indisvalid")) {
			assertThat(rs.next()).as("the failed build left an INVALID index").isTrue();
			invalid = rs.getString(1);
		}
		assertThat((String) afterFailure.get("statusReason")).contains("INVALID", invalid);

		try (Connection c = connect(s.db())) {
			// the team resolves the duplicate (reactions cannot be deleted here: a trigger refuses)
			c.createStatement().execute("UPDATE post_reactions SET id = 1000 WHERE emoji = '🔁'");
		}
		Map<?, ?> retried = execute(id, "operator");
		assertThat(retried.get("status")).as("retry %s", retried).isEqualTo("SUCCEEDED");
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("VERIFIED");
		try (Connection c = connect(s.db())) {
			assertThat(count(c, "SELECT count(*) FROM pg_index WHERE indrelid = 'post_reactions'::regclass "
					+ "AND NOT indisvalid")).isZero();
			assertThat(count(c, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'post_reactions'::regclass "
					+ "AND contype = 'p'")).isEqualTo(1);
			assertThat(count(c, "SELECT count(*) FROM post_reactions")).isEqualTo(5);
		}
	}

	@Autowired
	Reconciler reconciler;

	private static String text(Connection c, String sql) {
		try (ResultSet rs = c.createStatement().executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
		catch (java.sql.SQLException e) {
			throw new IllegalStateException(e);
		}
	}
}

package dev.tidemark.remediation.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.tidemark.support.SqlScript;
import dev.tidemark.targets.JdbcDatabases;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The two promises under abuse and faults: four eyes are two people whatever credentials they use, and an execution
 * whose executor is gone is settled from the target without blocking anyone, then resumes instead of going stale.
 */
class RemediationTrustIntegrationTests extends RemediationApiTest {

	@Autowired
	Reconciler reconciler;

	// --- four eyes per human ---

	@Test
	void anAdminCannotApproveTheirOwnProposalWithATokenTheyCreated() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = (String) propose(List.of(s.finding("missing-column", "scores.duration_sec")), "admin").get("id");
		String token = token("admin", "self-approval", "APPROVER");

		decideWith(withToken(token), id, "approvals").expectStatus().isForbidden()
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/remediation-not-allowed");
		decideWith(withToken(token), id, "rejections").expectStatus().isForbidden();
		Map<?, ?> remediation = get("/api/v1/remediations/" + id);
		assertThat(remediation.get("status")).isEqualTo("PROPOSED");
		assertThat(remediation.get("validApprovals")).isEqualTo(0);
		assertThat((List<?>) remediation.get("decisions")).isEmpty();
	}

	@Test
	void oneHumanCountsOnceWhateverCredentialsTheyUse() throws Exception {
		Scenario s = scenario5("env", "prod"); // two approvals
		String id = (String) propose(List.of(s.finding("missing-column", "scores.duration_sec")), "operator").get("id");
		decide(id, "admin", "approvals", "basic", null).expectStatus().isOk()
			.expectBody().jsonPath("$.validApprovals").isEqualTo(1);

		decideWith(withToken(token("admin", "second-hat", "APPROVER")), id, "approvals").expectStatus().isEqualTo(409);
		decideWith(withToken(token("admin", "third-hat", "APPROVER")), id, "approvals").expectStatus().isEqualTo(409);
		Map<?, ?> remediation = get("/api/v1/remediations/" + id);
		assertThat(remediation.get("status")).isEqualTo("PROPOSED");
		assertThat(remediation.get("validApprovals")).isEqualTo(1);
		execute409(id);

		decide(id, "approver", "approvals", "second person", null).expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("APPROVED").jsonPath("$.validApprovals").isEqualTo(2);
	}

	@Test
	void aTokenActsForTheHumanWhoCreatedItWhoeverPresentsIt() throws Exception {
		Scenario s = scenario5("env", "prod");
		// admin's token, presented by admin2 (or anyone who holds it): it proposes as admin
		String adminsToken = token("admin", "admins-pipeline", "OPERATOR", "APPROVER");
		Map<?, ?> proposed = withToken(adminsToken).post().uri("/api/v1/remediations")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("findingIds", List.of(s.finding("missing-column", "scores.duration_sec"))))
			.exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
		String id = (String) proposed.get("id");
		assertThat((String) proposed.get("proposedBy")).startsWith("token:admins-pipeline-");
		assertThat(proposed.get("proposedByHuman")).isEqualTo("admin");

		decide(id, "admin", "approvals", "it was my token", null).expectStatus().isForbidden();
		decideWith(withToken(token("admin", "admins-other", "APPROVER")), id, "approvals").expectStatus().isForbidden();
		// admin2's own token is admin2, a second person
		decideWith(withToken(token("admin2", "admin2s-token", "APPROVER")), id, "approvals").expectStatus().isOk();
		decide(id, "admin2", "approvals", "again with basic", null).expectStatus().isEqualTo(409);
		decide(id, "approver", "approvals", "third", null).expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("APPROVED");
		Map<?, ?> approved = get("/api/v1/remediations/" + id);
		assertThat(((List<?>) approved.get("decisions")).stream().map(d -> (String) ((Map<?, ?>) d).get("human")).toList())
			.containsExactly("admin2", "approver");
	}

	@Test
	void anExpiredApprovalNoLongerCountsAndItsApproverMayApproveAgain() throws Exception {
		Scenario s = scenario5("env", "prod"); // two approvals
		String id = (String) propose(List.of(s.finding("missing-column", "scores.duration_sec")), "operator").get("id");
		decide(id, "approver", "approvals", "first", null).expectStatus().isOk();
		expire(id, "approver", "APPROVAL"); // as if the TTL (24 h) had passed

		decide(id, "approver2", "approvals", "second", null).expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("PROPOSED").jsonPath("$.validApprovals").isEqualTo(1);
		execute409(id);
		decide(id, "approver", "approvals", "again", null).expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("APPROVED").jsonPath("$.validApprovals").isEqualTo(2);
		assertThat(store.sql("SELECT count(*) FROM remediation_decision WHERE remediation_id = ?::uuid AND human = ?")
			.params(id, "approver").query(Long.class).single()).isEqualTo(1);
		// one that has not expired is still one decision per person
		decide(id, "approver", "approvals", "a third time", null).expectStatus().isEqualTo(409);
		executeToVerified(id);

		decide(id, "approver", "rollback-approvals", "undo", null).expectStatus().isOk();
		expire(id, "approver", "ROLLBACK_APPROVAL");
		decide(id, "approver2", "rollback-approvals", "undo", null).expectStatus().isOk();
		as("operator").post().uri("/api/v1/remediations/{id}/rollback", id).exchange().expectStatus().isForbidden();
		decide(id, "approver", "rollback-approvals", "undo, again", null).expectStatus().isOk();
		Map<?, ?> rollback = as("operator").post().uri("/api/v1/remediations/{id}/rollback", id).exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		assertThat(rollback.get("status")).as("%s", rollback).isEqualTo("SUCCEEDED");
	}

	private void expire(String id, String human, String kind) {
		// its expiry moved to the instant it was given, which is past: nothing else about it changes
		assertThat(store.sql("UPDATE remediation_decision SET expires_at = decided_at "
				+ "WHERE remediation_id = ?::uuid AND human = ? AND kind = ?")
			.params(id, human, kind).update()).isEqualTo(1);
	}

	@Test
	void aRejectionThroughATokenVetoesForItsHuman() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = (String) propose(List.of(s.finding("missing-column", "scores.duration_sec")), "operator").get("id");
		decideWith(withToken(token("admin", "veto", "APPROVER")), id, "rejections").expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("REJECTED");
		decide(id, "approver", "approvals", "too late", null).expectStatus().isEqualTo(409);
	}

	// --- bound to the target it was proposed for ---

	@Test
	void approvalsDoNotFollowATargetPointedAtAnotherDatabase() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = approved(s, "missing-column", "scores.duration_sec");
		TestPostgres.Database other = TestPostgres.newDatabase("remedy_other");
		try (Connection c = connect(other)) {
			SqlScript.run(c, resource("scenarios/word-game/drifted.sql")); // the same drift: the plan would apply
		}
		replaceTarget(s, other, Map.of("env", "test"));

		as("operator").post().uri("/api/v1/remediations/{id}/executions", id).exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("connection"));
		Map<?, ?> remediation = get("/api/v1/remediations/" + id);
		assertThat(remediation.get("status")).isEqualTo("STALE");
		assertThat((List<?>) remediation.get("executions")).isNullOrEmpty();
		for (TestPostgres.Database db : List.of(s.db(), other)) {
			try (Connection c = connect(db)) {
				assertThat(count(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'scores'"
						+ " AND column_name = 'duration_sec'")).isZero();
			}
		}
	}

	@Test
	void aRelabelledTargetsProposalCannotBeApprovedAndAnAppliedOneNotRolledBackElsewhere() throws Exception {
		Scenario s = scenario5("env", "test");
		String proposed = (String) propose(List.of(s.finding("missing-column", "scores.duration_sec")), "operator")
			.get("id");
		String applied = approved(s, "missing-column", "posts.is_deleted");
		executeToVerified(applied);

		replaceTarget(s, s.db(), Map.of("env", "prod")); // a stricter approval rule now
		decide(proposed, "approver", "approvals", "go", null).expectStatus().isEqualTo(409);
		assertThat(get("/api/v1/remediations/" + proposed).get("status")).isEqualTo("STALE");

		replaceTarget(s, TestPostgres.newDatabase("remedy_empty"), Map.of("env", "test"));
		as("operator").post().uri("/api/v1/remediations/{id}/rollback", applied).exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("another database"));
		assertThat(get("/api/v1/remediations/" + applied).get("status")).isEqualTo("VERIFIED");
		try (Connection c = connect(s.db())) {
			assertThat(count(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'posts'"
					+ " AND column_name = 'is_deleted'")).isEqualTo(1);
		}
	}

	@Test
	void anOperatorCannotLowerTheApprovalsATargetNeedsByRelabellingOrRemovingIt() throws Exception {
		Scenario s = scenario5("env", "prod"); // two approvals
		Map<?, ?> target = get("/api/v1/targets/" + s.targetId());
		Map<String, Object> body = new HashMap<>(targetJson(s.db(), "remedy"));
		body.put("name", target.get("name"));
		body.put("labels", Map.of("env", "staging"));

		as("operator").put().uri("/api/v1/targets/{id}", s.targetId()).contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("2 → 1").contains("ADMIN"));
		as("operator").delete().uri("/api/v1/targets/{id}", s.targetId()).exchange().expectStatus().isForbidden();
		// nor by pointing it, labels and all, at another database (leaving this one to a weaker target)
		Map<String, Object> moved = new HashMap<>(targetJson(TestPostgres.newDatabase("remedy_elsewhere"), "remedy"));
		moved.put("name", target.get("name"));
		moved.put("labels", Map.of("env", "prod"));
		as("operator").put().uri("/api/v1/targets/{id}?verifyConnection=false", s.targetId())
			.contentType(MediaType.APPLICATION_JSON).body(moved).exchange()
			.expectStatus().isForbidden();
		assertThat(get("/api/v1/targets/" + s.targetId()).get("labels")).isEqualTo(Map.of("env", "prod"));
		assertThat(get("/api/v1/targets/" + s.targetId()).get("jdbcUrl")).isEqualTo(s.db().jdbcUrl());
		// raising them, or any other label, is an operator's to change
		body.put("labels", Map.of("env", "prod", "team", "games"));
		as("operator").put().uri("/api/v1/targets/{id}", s.targetId()).contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange().expectStatus().isOk();
		body.put("labels", Map.of("env", "staging"));
		as("admin").put().uri("/api/v1/targets/{id}", s.targetId()).contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange().expectStatus().isOk();
		as("operator").delete().uri("/api/v1/targets/{id}", s.targetId()).exchange().expectStatus().isNoContent();
	}

	@Test
	void registeringTheSameDatabaseAgainWithWeakerLabelsDoesNotWeakenItsApprovals() throws Exception {
		Scenario s = scenario5("env", "prod"); // two approvals
		// the same database, spelt differently, labelled as if it were a test one
		Map<String, Object> body = new HashMap<>(targetJson(s.db(), "remedy-again"));
		body.put("jdbcUrl", s.db().jdbcUrl().replace("jdbc:postgresql://localhost", "jdbc:postgresql://LOCALHOST"));
		body.put("labels", Map.of("env", "test"));
		String again = (String) as("operator").post().uri("/api/v1/targets?verifyConnection=false")
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
		putContract(again, "word-game");
		scan(again);
		String finding = ((List<?>) get("/api/v1/findings?targetId=" + again + "&ruleId=missing-column&size=1")
			.get("items")).stream().map(f -> (String) ((Map<?, ?>) f).get("id")).findFirst().orElseThrow();

		assertThat(propose(List.of(finding), "operator").get("requiredApprovals")).isEqualTo(2);
		for (String same : List.of("jdbc:postgresql://DB.example:5432/app?sslmode=require",
				"jdbc:postgresql://db.example.:05432/%61pp", "jdbc:postgresql://db.example/app")) {
			assertThat(JdbcDatabases.identity(same)).as(same).isEqualTo("db.example:5432/app");
		}
		assertThat(JdbcDatabases.identity("jdbc:postgresql://b:5432,a/app")).isEqualTo("a:5432,b:5432/app");
		assertThat(JdbcDatabases.identity("jdbc:postgresql://db.example:5433/app")).isEqualTo("db.example:5433/app");
	}

	@Test
	void approvalsDoNotFollowTheUrlToAnotherDatabaseBehindIt() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = approved(s, "missing-column", "scores.duration_sec");
		// the target is unchanged, its URL now reaches another database with the same drift (a restore, a DNS flip)
		TestPostgres.recreate(s.db());
		try (Connection c = connect(s.db())) {
			SqlScript.run(c, resource("scenarios/word-game/drifted.sql"));
		}

		as("operator").post().uri("/api/v1/remediations/{id}/executions", id).exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("another database"));
		Map<?, ?> remediation = get("/api/v1/remediations/" + id);
		assertThat(remediation.get("status")).isEqualTo("STALE");
		assertThat((String) remediation.get("statusReason")).contains("database OID");
		try (Connection c = connect(s.db())) {
			assertThat(count(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'scores'"
					+ " AND column_name = 'duration_sec'")).isZero();
		}
	}

	@Test
	void anAppliedRemediationIsNeitherRolledBackNorReconciledOnAnotherDatabaseBehindItsUrl() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = approved(s, "missing-column", "posts.is_deleted");
		executeToVerified(id);
		TestPostgres.recreate(s.db());
		try (Connection c = connect(s.db())) {
			SqlScript.run(c, resource("scenarios/word-game/drifted.sql"));
			c.createStatement().execute("ALTER TABLE posts ADD COLUMN is_deleted boolean"); // what the rollback drops
		}

		decide(id, "approver", "rollback-approvals", "undo", null).expectStatus().isOk();
		String reasonBefore = (String) get("/api/v1/remediations/" + id).get("statusReason");
		as("operator").post().uri("/api/v1/remediations/{id}/rollback", id).exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("another database"));
		Map<?, ?> remediation = get("/api/v1/remediations/" + id);
		assertThat(remediation.get("status")).isEqualTo("VERIFIED");
		assertThat(remediation.get("statusReason")).isEqualTo(reasonBefore); // refused before anything was claimed
		assertThat(store.sql("SELECT count(*) FROM remediation_execution WHERE remediation_id = ?::uuid").param(id)
			.query(Long.class).single()).as("no rollback execution was started").isEqualTo(1);
		try (Connection c = connect(s.db())) {
			assertThat(count(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'posts'"
					+ " AND column_name = 'is_deleted'")).isEqualTo(1);
		}

		// an execution orphaned there is not settled from what the other database recorded
		orphan(id);
		assertThat(reconciler.reconcileNowIfOrphaned(UUID.fromString(s.targetId()))).isFalse();
		Map<?, ?> orphaned = get("/api/v1/remediations/" + id);
		assertThat(orphaned.get("status")).isEqualTo("EXECUTING");
		assertThat((String) orphaned.get("statusReason")).contains("another database").contains("Next try");
	}

	@Test
	void theSameDatabaseReachedThroughAnotherHostNameKeepsItsApprovals() throws Exception {
		Scenario s = scenario5("env", "prod"); // two approvals
		String url = s.db().jdbcUrl();
		assumeTrue(url.contains("//localhost") || url.contains("//127.0.0.1"), "needs a test server on this machine");
		String otherSpelling = url.contains("//localhost") ? url.replace("//localhost", "//127.0.0.1")
				: url.replace("//127.0.0.1", "//localhost");
		// only DNS tells these apart, so the URLs name two databases
		assertThat(JdbcDatabases.identity(otherSpelling)).isNotEqualTo(JdbcDatabases.identity(url));
		Map<String, Object> body = new HashMap<>(targetJson(s.db(), "remedy-alias"));
		body.put("jdbcUrl", otherSpelling);
		body.put("labels", Map.of("env", "test"));
		String alias = (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange()
			.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
		putContract(alias, "word-game");
		scan(alias);
		String finding = ((List<?>) get("/api/v1/findings?targetId=" + alias + "&ruleId=missing-column&size=1")
			.get("items")).stream().map(f -> (String) ((Map<?, ?>) f).get("id")).findFirst().orElseThrow();

		assertThat(propose(List.of(finding), "operator").get("requiredApprovals")).isEqualTo(2);
		// what both scans recorded: the server's system identifier and the database's OID
		String reached;
		try (Connection c = connect(s.db()); ResultSet rs = c.createStatement().executeQuery(
				"SELECT (SELECT system_identifier FROM pg_control_system()) || '/' || oid FROM pg_database "
						+ "WHERE datname = current_database()")) {
			rs.next();
			reached = rs.getString(1);
		}
		assertThat(store.sql("SELECT DISTINCT database_identity FROM scan WHERE target_id IN (?::uuid, ?::uuid)")
			.params(s.targetId(), alias).query(String.class).list()).containsExactly(reached);
	}

	private void replaceTarget(Scenario s, TestPostgres.Database db, Map<String, String> labels) {
		Map<?, ?> target = get("/api/v1/targets/" + s.targetId());
		Map<String, Object> body = new HashMap<>(targetJson(db, "remedy"));
		body.put("name", target.get("name"));
		body.put("labels", labels);
		// as ADMIN: lowering the approvals a target needs takes one
		as("admin").put().uri("/api/v1/targets/{id}?verifyConnection=false", s.targetId())
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isOk();
	}

	// --- executions without an executor ---

	@Test
	void anOrphanedStatementKeepsTheRemediationExecutingAndSaysSoUntilItEnds() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = approved(s, "missing-column", "scores.duration_sec");
		orphan(id);
		try (Connection blocker = connect(s.db()); Connection orphan = connect(s.db())) {
			// The dead executor's session: it holds the remediation lock and its statement waits on a table lock.
			blocker.setAutoCommit(false);
			blocker.createStatement().execute("LOCK TABLE scores IN ACCESS SHARE MODE");
			orphan.createStatement().execute("SELECT pg_advisory_lock(" + TargetLock.KEY + ")");
			int orphanPid = (int) count(orphan, "SELECT pg_backend_pid()");
			orphan.setAutoCommit(false); // LOCK TABLE needs a transaction; the advisory lock is the session's
			CompletableFuture<Void> statement = CompletableFuture.runAsync(() -> {
				try (Statement st = orphan.createStatement()) {
					st.execute("LOCK TABLE scores IN ACCESS EXCLUSIVE MODE");
				}
				catch (Exception e) {
					throw new IllegalStateException(e);
				}
			}, BLOCKING);
			try (Connection watcher = connect(s.db())) {
				await("the orphaned statement waiting", () -> exists(watcher,
						"SELECT 1 FROM pg_stat_activity WHERE pid = " + orphanPid + " AND wait_event_type = 'Lock'"));
			}

			assertThat(reconciler.reconcileNowIfOrphaned(UUID.fromString(s.targetId()))).isFalse();
			Map<?, ?> executing = get("/api/v1/remediations/" + id);
			assertThat(executing.get("status")).isEqualTo("EXECUTING");
			Map<?, ?> orphaned = (Map<?, ?>) executing.get("orphanedStatement");
			assertThat(orphaned).as("%s", executing).isNotNull();
			assertThat(orphaned.get("pid")).isEqualTo(orphanPid);
			assertThat((String) orphaned.get("statement")).contains("LOCK TABLE scores IN ACCESS EXCLUSIVE MODE");
			assertThat(orphaned.get("since")).isNotNull();
			assertThat((String) executing.get("statusReason")).contains("still runs on the target")
				.contains("pid " + orphanPid);

			blocker.rollback();
			statement.get();
		} // the orphan's session ends with its connection, and with it the lock

		assertThat(reconciler.reconcileNowIfOrphaned(UUID.fromString(s.targetId()))).isTrue();
		Map<?, ?> reconciled = get("/api/v1/remediations/" + id);
		assertThat(reconciled.get("status")).isEqualTo("FAILED");
		assertThat(reconciled.get("orphanedStatement")).isNull();
		assertThat((String) reconciled.get("statusReason")).contains("Execute again to resume");
		executeToVerified(id);
	}

	@Test
	void anUnreachableTargetIsRetriedWithBackoffAndBlocksNeitherOtherTargetsNorLaterAttempts() throws Exception {
		Scenario s = scenario5("env", "test");
		String stuck = approved(s, "missing-column", "scores.duration_sec");
		String later = approved(s, "missing-column", "users.boost_penalty_until");
		Map<?, ?> target = get("/api/v1/targets/" + s.targetId());
		// unreachable before the orphan exists: the background reconciler may tick in between (every 15 s), and
		// must then meet the unreachable target too, never settle the orphan from the reachable one
		replaceTarget(s, (String) target.get("name"), "jdbc:postgresql://127.0.0.1:1/nowhere");
		orphan(stuck);

		assertThat(reconciler.reconcileNowIfOrphaned(UUID.fromString(s.targetId()))).isFalse();
		Map<?, ?> waiting = get("/api/v1/remediations/" + stuck);
		assertThat(waiting.get("status")).isEqualTo("EXECUTING");
		assertThat((String) waiting.get("statusReason")).contains("could not be read").containsPattern("attempt \\d+")
			.contains("Next try in");
		// 1, or 2 when a background tick tried as well
		assertThat(store.sql("SELECT reconcile_attempts FROM remediation WHERE id = ?::uuid").param(stuck)
			.query(Integer.class).single()).isBetween(1, 2);

		// another target is not held up
		Scenario other = scenario5("env", "test");
		String elsewhere = approved(other, "missing-column", "scores.duration_sec");
		executeToVerified(elsewhere);

		// the target is back: a later execution settles the orphan on the spot instead of answering 409 for good
		replaceTarget(s, (String) target.get("name"), s.db().jdbcUrl());
		assertThat(execute(later, "operator").get("status")).isEqualTo("SUCCEEDED");
		Map<?, ?> settled = get("/api/v1/remediations/" + stuck);
		assertThat(settled.get("status")).isEqualTo("FAILED");
		assertThat((String) settled.get("statusReason")).contains("0 of").contains("Execute again to resume");
		executeToVerified(stuck);
	}

	@Test
	void anInterruptedRollbackIsSettledAsOneAndRollingBackAgainFinishesIt() throws Exception {
		Scenario s = scenario5("env", "test");
		String findingId = s.finding("missing-index", "post_reactions");
		String id = (String) propose(List.of(findingId), "operator").get("id");
		decide(id, "approver", "approvals", "go", null).expectStatus().isOk();
		executeToVerified(id);

		orphan(id, "ROLLBACK"); // died before undoing anything
		assertThat(reconciler.reconcileNowIfOrphaned(UUID.fromString(s.targetId()))).isTrue();
		Map<?, ?> interrupted = get("/api/v1/remediations/" + id);
		assertThat(interrupted.get("status")).isEqualTo("FAILED");
		assertThat((String) interrupted.get("statusReason")).startsWith("Rollback interrupted")
			.contains("Roll back again");

		decide(id, "approver", "rollback-approvals", "undo", null).expectStatus().isOk();
		Map<?, ?> rollback = as("operator").post().uri("/api/v1/remediations/{id}/rollback", id).exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		assertThat(rollback.get("status")).as("%s", rollback).isEqualTo("SUCCEEDED");
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("ROLLED_BACK");
		assertThat(get("/api/v1/findings/" + findingId).get("status")).isEqualTo("OPEN");
	}

	@Test
	void aRollbackApprovalGivenBeforeAnExecutionDoesNotCoverItWhateverTheClocksSay() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = approved(s, "missing-index", "post_reactions");
		executeToVerified(id);
		decide(id, "approver", "rollback-approvals", "undo", null).expectStatus().isOk();
		// given on a replica whose clock runs an hour ahead: by time it would look newer than what follows
		store.sql("UPDATE remediation_decision SET decided_at = decided_at + interval '1 hour', "
				+ "expires_at = expires_at + interval '1 hour' WHERE remediation_id = ?::uuid AND kind = 'ROLLBACK_APPROVAL'")
			.param(id).update();
		orphan(id, "ROLLBACK"); // another execution since: it could have applied or undone more
		assertThat(reconciler.reconcileNowIfOrphaned(UUID.fromString(s.targetId()))).isTrue();
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("FAILED");

		as("operator").post().uri("/api/v1/remediations/{id}/rollback", id).exchange().expectStatus().isForbidden();
		decide(id, "approver", "rollback-approvals", "undo what it holds now", null).expectStatus().isOk();
		Map<?, ?> rollback = as("operator").post().uri("/api/v1/remediations/{id}/rollback", id).exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		assertThat(rollback.get("status")).as("%s", rollback).isEqualTo("SUCCEEDED");
	}

	@Test
	void aTargetIsNotRemovedWhileALiveExecutorRunsOneOfItsRemediations() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = approved(s, "missing-column", "scores.duration_sec");
		orphan(id);
		// executing under a live executor, as far as the store knows
		store.sql("UPDATE remediation SET executor_id = 'live-replica', "
				+ "lease_expires_at = clock_timestamp() + interval '1 hour' WHERE id = ?::uuid").param(id).update();

		as("admin").delete().uri("/api/v1/targets/{id}", s.targetId()).exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/remediation-target-busy")
			.jsonPath("$.detail").value(d -> assertThat((String) d).contains(id));
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("EXECUTING");

		// its executor stopped: the lease runs out, and the target (whose database may be gone) can be removed
		store.sql("UPDATE remediation SET lease_expires_at = clock_timestamp() - interval '1 second' "
				+ "WHERE id = ?::uuid").param(id).update();
		as("admin").delete().uri("/api/v1/targets/{id}", s.targetId()).exchange().expectStatus().isNoContent();
		as("viewer").get().uri("/api/v1/remediations/{id}", id).exchange().expectStatus().isNotFound();
	}

	@Test
	void aRemediationLeftAppliedBeforeItsVerificationScanIsVerifiedByTheReconciler() throws Exception {
		Scenario s = scenario5("env", "test");
		String id = approved(s, "missing-column", "scores.duration_sec");
		executeToVerified(id);
		// As if the executor stopped after recording APPLIED and before its verification scan finished.
		store.sql("UPDATE remediation SET status = 'APPLIED', status_reason = ?, "
				+ "updated_at = clock_timestamp() - interval '1 hour' WHERE id = ?::uuid")
			.params(RemediationStore.VERIFYING, id)
			.update();

		reconciler.round();
		await("the reconciler's verification", () -> "VERIFIED".equals(get("/api/v1/remediations/" + id).get("status")));
		assertThat((String) get("/api/v1/remediations/" + id).get("statusReason")).startsWith("Verified by scan");
	}

	// --- resume ---

	@Test
	void executingAgainResumesAfterAnInterruptionWhileSomeoneElsesChangeStillMakesItStale() throws Exception {
		Scenario s = scenario5("env", "test");
		List<String> findings = List.of(s.finding("missing-column", "scores.duration_sec"),
				s.finding("missing-index", "post_reactions"));
		String id = (String) propose(findings, "operator").get("id");
		decide(id, "approver", "approvals", "go", null).expectStatus().isOk();
		String changelog = as("viewer").get().uri("/api/v1/remediations/{id}/changelog", id).exchange()
			.expectBody(String.class).returnResult().getResponseBody();
		// What a killed executor leaves: the first changeset applied and recorded, then nothing.
		int second = changelog.indexOf("-- changeset ", changelog.indexOf("-- changeset ") + 1);
		try (Connection c = connect(s.db())) {
			LiquibaseRunner.Result partial = new LiquibaseRunner().update(c, UUID.fromString(id),
					changelog.substring(0, second));
			assertThat(partial.succeeded()).as("%s", partial.error()).isTrue();
			assertThat(count(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'scores' "
					+ "AND column_name = 'duration_sec'")).isEqualTo(1);
		}
		orphan(id);
		assertThat(reconciler.reconcileNowIfOrphaned(UUID.fromString(s.targetId()))).isTrue();
		Map<?, ?> interrupted = get("/api/v1/remediations/" + id);
		assertThat(interrupted.get("status")).isEqualTo("FAILED");
		assertThat((String) interrupted.get("statusReason")).contains("1 of").contains("Execute again to resume");

		Map<?, ?> resumed = execute(id, "operator");
		assertThat(resumed.get("status")).as("%s", resumed).isEqualTo("SUCCEEDED");
		assertThat(get("/api/v1/remediations/" + id).get("status")).isEqualTo("VERIFIED");
		try (Connection c = connect(s.db())) {
			assertThat(count(c, "SELECT count(*) FROM tidemark_databasechangelog WHERE id LIKE '%' GROUP BY id "
					+ "ORDER BY count(*) DESC LIMIT 1")).as("no changeset recorded twice").isEqualTo(1);
		}

		// the same interruption, but someone else also changed a touched table: that is still stale
		String other = (String) propose(List.of(s.finding("missing-column", "users.boost_penalty_until")), "operator")
			.get("id");
		decide(other, "approver", "approvals", "go", null).expectStatus().isOk();
		String otherChangelog = as("viewer").get().uri("/api/v1/remediations/{id}/changelog", other).exchange()
			.expectBody(String.class).returnResult().getResponseBody();
		try (Connection c = connect(s.db())) {
			c.createStatement().execute("ALTER TABLE users ADD COLUMN nickname text");
		}
		as("operator").post().uri("/api/v1/remediations/{id}/executions", other).exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("column public.users.nickname"));
		assertThat(otherChangelog).isNotBlank();
	}

	@Test
	void aNewPlanRebuildsAnInvalidIndexOfTheSameDefinitionUnderItsName() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("invalid_reuse");
		try (Connection c = connect(db)) {
			c.createStatement().execute("""
					CREATE TABLE parent (id bigint PRIMARY KEY);
					CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id));
					INSERT INTO parent SELECT g FROM generate_series(1, 10) g;
					INSERT INTO child SELECT g, g % 10 + 1 FROM generate_series(1, 100) g;
					""");
		}
		leaveInvalidIndex(db, "child_parent_id_attempt", "CREATE INDEX CONCURRENTLY child_parent_id_attempt ON child (parent_id)");
		String targetId = register(db, Map.of("env", "test"));
		scan(targetId);
		List<String> unindexed = findingIds(targetId, "unindexed-foreign-key");
		assertThat(unindexed).hasSize(1);
		String id = (String) propose(unindexed, "operator").get("id");
		String changelog = as("viewer").get().uri("/api/v1/remediations/{id}/changelog", id).exchange()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(changelog).contains("\"child_parent_id_attempt\"").doesNotContain("child_parent_id_idx");
		decide(id, "approver", "approvals", "go", null).expectStatus().isOk();
		executeToVerified(id);
		try (Connection c = connect(db)) {
			assertThat(count(c, "SELECT count(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
					+ "WHERE t.relname = 'child' AND NOT i.indisprimary")).as("one index, not two").isEqualTo(1);
			assertThat(count(c, "SELECT count(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid "
					+ "WHERE x.relname = 'child_parent_id_attempt' AND i.indisvalid")).isEqualTo(1);
		}
	}

	// --- helpers ---

	/** A concurrent build cancelled while it waits for a writer: the INVALID index a failed build leaves. */
	private static void leaveInvalidIndex(TestPostgres.Database db, String name, String create) throws Exception {
		try (Connection writer = connect(db); Connection builder = connect(db); Connection watcher = connect(db)) {
			writer.setAutoCommit(false);
			writer.createStatement().execute("LOCK TABLE child IN ROW EXCLUSIVE MODE");
			int builderPid = (int) count(builder, "SELECT pg_backend_pid()");
			CompletableFuture<Void> build = CompletableFuture.runAsync(() -> {
				try (Statement st = builder.createStatement()) {
					st.execute(create);
				}
				catch (Exception expected) {
					// cancelled
				}
			}, BLOCKING);
			await("the build waiting for the writer", () -> exists(watcher,
					"SELECT 1 FROM pg_stat_activity WHERE pid = " + builderPid + " AND wait_event_type = 'Lock'"));
			watcher.createStatement().execute("SELECT pg_cancel_backend(" + builderPid + ")");
			build.get();
			writer.rollback();
			assertThat(count(watcher, "SELECT count(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid "
					+ "WHERE x.relname = '" + name + "' AND NOT i.indisvalid")).isEqualTo(1);
		}
	}

	private String approved(Scenario s, String ruleId, String object) {
		String id = (String) propose(List.of(s.finding(ruleId, object)), "operator").get("id");
		decide(id, "approver", "approvals", "go", null).expectStatus().isOk();
		return id;
	}

	/** As if the replica that claimed it died: EXECUTING, held by an executor whose lease ran out. */
	private void orphan(String id) {
		orphan(id, "EXECUTE");
	}

	private void orphan(String id, String kind) {
		store.sql("UPDATE remediation SET status = 'EXECUTING', executor_id = 'dead-replica', "
				+ "lease_expires_at = clock_timestamp() - interval '1 second' WHERE id = ?::uuid").param(id).update();
		store.sql("INSERT INTO remediation_execution (id, remediation_id, kind, started_by, started_at, status) "
				+ "VALUES (gen_random_uuid(), ?::uuid, ?, 'operator', now(), 'RUNNING')").params(id, kind).update();
	}

	private void replaceTarget(Scenario s, String name, String jdbcUrl) {
		Map<String, Object> body = new HashMap<>(targetJson(s.db(), "unused"));
		body.put("name", name);
		body.put("jdbcUrl", jdbcUrl);
		// as ADMIN: lowering the approvals a target needs takes one
		as("admin").put().uri("/api/v1/targets/{id}?verifyConnection=false", s.targetId())
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus().isOk();
	}

	private String token(String creator, String name, String... roles) {
		return (String) as(creator).post().uri("/api/v1/api-tokens").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", name + "-" + UUID.randomUUID().toString().substring(0, 6), "roles", List.of(roles)))
			.exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("token");
	}

	private static RestTestClient.ResponseSpec decideWith(RestTestClient client, String id, String kind) {
		return client.post().uri("/api/v1/remediations/{id}/" + kind, id).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("comment", "through a token")).exchange();
	}

	private static boolean exists(Connection c, String sql) {
		try (ResultSet rs = c.createStatement().executeQuery(sql)) {
			return rs.next();
		}
		catch (java.sql.SQLException e) {
			throw new IllegalStateException(e);
		}
	}
}

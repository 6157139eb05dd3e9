package dev.tidemark.checks.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ScanSchedulerIntegrationTests extends ApiIntegrationTest {

	@Autowired
	ScanScheduler scheduler;

	@Autowired
	JdbcClient store;

	@Autowired
	dev.tidemark.checks.Scans scans;

	@Autowired
	FindingStore findings;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Clock clock;

	@Autowired
	ScanMetrics metrics;

	@Autowired
	MeterRegistry registry;

	@Test
	void concurrentClaimersNeverGetTheSameDueTargetAndEachTargetIsScannedOncePerInterval() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("schedule");
		List<UUID> scheduled = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			Map<String, Object> body = new HashMap<>(targetJson(db, "scheduled"));
			body.put("options", Map.of("scanIntervalMinutes", 60));
			scheduled.add(UUID.fromString((String) as("operator").post().uri("/api/v1/targets")
				.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
				.expectStatus().isCreated()
				.expectBody(Map.class).returnResult().getResponseBody().get("id")));
		}
		scheduler.syncSchedules();
		makeDue(scheduled.stream().map(UUID::toString).toList());

		// Four "replicas" claim at once: every due target goes to exactly one of them.
		List<CompletableFuture<List<UUID>>> claims = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			claims.add(CompletableFuture.supplyAsync(() -> {
				List<UUID> mine = new ArrayList<>();
				List<ScanScheduler.Claim> batch;
				while (!(batch = scheduler.claimDue(2)).isEmpty()) {
					batch.forEach(claim -> mine.add(claim.targetId()));
				}
				return mine;
			}));
		}
		List<UUID> claimed = new ArrayList<>();
		for (CompletableFuture<List<UUID>> claim : claims) {
			claimed.addAll(claim.get());
		}
		Set<UUID> distinct = new HashSet<>(claimed);
		assertThat(distinct).hasSameSizeAs(claimed).containsAll(scheduled);
		// Claimed targets moved an interval ahead: nothing is due any more.
		assertThat(scheduler.claimDue(10)).isEmpty();
		assertThat(store.sql("SELECT count(*) FROM scan_schedule WHERE target_id = ANY (?::uuid[]) AND next_run_at > now() + interval '59 minutes'")
			.param("{" + String.join(",", scheduled.stream().map(UUID::toString).toList()) + "}")
			.query(Long.class).single()).isEqualTo(6);
	}

	@Test
	void aTickScansDueTargetsAndAFailingTargetDoesNotStopTheOthers() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("schedule_tick");
		Map<String, Object> good = new HashMap<>(targetJson(db, "tick-good"));
		good.put("options", Map.of("scanIntervalMinutes", 5));
		Map<String, Object> bad = new HashMap<>(targetJson(db, "tick-bad"));
		bad.put("jdbcUrl", "jdbc:postgresql://127.0.0.1:1/gone");
		bad.put("options", Map.of("scanIntervalMinutes", 5, "connectTimeoutMs", 1000));
		String goodId = register(good, true);
		String badId = register(bad, false);
		scheduler.syncSchedules();
		makeDue(List.of(goodId, badId));

		scheduler.tick();
		scheduler.awaitIdle();

		assertThat(lastScanStatus(goodId)).isEqualTo("SUCCEEDED");
		assertThat(lastScanStatus(badId)).isEqualTo("FAILED");
		assertThat(store.sql("SELECT requested_by FROM scan WHERE target_id = ?::uuid").param(goodId)
			.query(String.class).single()).isEqualTo("scheduler");
	}

	@Test
	void twoReplicasTickingAtOnceScanEachDueTargetExactlyOnceAndRecordTheLag() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("schedule_replicas");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			Map<String, Object> body = new HashMap<>(targetJson(db, "replicas"));
			body.put("options", Map.of("scanIntervalMinutes", 60));
			ids.add(register(body, true));
		}
		scheduler.syncSchedules();
		makeDue(ids);
		ScanScheduler other = new ScanScheduler(store, scans, findings, transactions, clock, metrics, 3, "replica-b");
		double lagsBefore = registry.timer("tidemark.scan.lag").count();
		try {
			CompletableFuture<Void> a = CompletableFuture.runAsync(scheduler::tick);
			CompletableFuture<Void> b = CompletableFuture.runAsync(other::tick);
			a.get();
			b.get();
			scheduler.awaitIdle();
			other.awaitIdle();
		}
		finally {
			other.stop();
		}

		String idArray = "{" + String.join(",", ids) + "}";
		assertThat(store.sql("SELECT count(*) FROM scan WHERE target_id = ANY (?::uuid[]) AND status = 'SUCCEEDED'")
			.param(idArray).query(Long.class).single()).isEqualTo(8);
		assertThat(store.sql("SELECT count(DISTINCT target_id) FROM scan WHERE target_id = ANY (?::uuid[])")
			.param(idArray).query(Long.class).single()).isEqualTo(8);
		assertThat(registry.timer("tidemark.scan.lag").count() - lagsBefore).isGreaterThanOrEqualTo(8);
	}

	@Test
	void targetsRegisteredTogetherAreFirstDueSpreadOverTheirIntervalAtAnOffsetTheirIdFixesAndEachIsClaimedOnce() {
		TestPostgres.Database db = TestPostgres.newDatabase("schedule_spread");
		int interval = 60;
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			Map<String, Object> body = new HashMap<>(targetJson(db, "spread"));
			body.put("options", Map.of("scanIntervalMinutes", interval));
			ids.add(register(body, false));
		}
		Instant synced = clock.instant();
		scheduler.syncSchedules();

		Map<UUID, Instant> due = dueTimes(ids);
		assertThat(due).hasSize(40);
		due.forEach((id, at) -> {
			// every replica and every rerun computes the same offset from the id
			Duration offset = firstRunOffset(id, interval);
			assertThat(offset).isBetween(Duration.ZERO, Duration.ofMinutes(interval).minusSeconds(1));
			assertThat(Duration.between(synced, at)).isBetween(offset.minusSeconds(1), offset.plusSeconds(1));
		});
		// spread, not bunched: 40 offsets from a hash of random ids cover most of the hour
		List<Instant> sorted = due.values().stream().sorted().toList();
		assertThat(Duration.between(sorted.get(0), sorted.get(sorted.size() - 1))).isGreaterThan(Duration.ofMinutes(interval / 2));
		assertThat(new HashSet<>(sorted)).hasSizeGreaterThan(30);
		// a second sync (another replica's poll) moves nothing
		scheduler.syncSchedules();
		assertThat(dueTimes(ids)).isEqualTo(due);

		// as the hour passes, each is claimed exactly once and then due one interval after its claim
		ScanScheduler anHourLater = new ScanScheduler(store, scans, findings, transactions,
				Clock.offset(clock, Duration.ofMinutes(interval)), metrics, 1, "an-hour-later");
		try {
			List<UUID> claimed = new ArrayList<>();
			List<ScanScheduler.Claim> batch;
			while (!(batch = anHourLater.claimDue(7)).isEmpty()) {
				batch.forEach(claim -> {
					claimed.add(claim.targetId());
					if (due.containsKey(claim.targetId())) {
						assertThat(claim.dueAt()).isEqualTo(due.get(claim.targetId()));
					}
				});
			}
			assertThat(claimed.stream().filter(due::containsKey).toList())
				.hasSize(40).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(due.keySet());
			assertThat(dueTimes(ids).values()).allSatisfy(next -> assertThat(next)
				.isAfter(synced.plus(Duration.ofMinutes(2L * interval)).minusSeconds(5)));
		}
		finally {
			anHourLater.stop();
		}
	}

	/** The offset of ScanScheduler.FIRST_RUN_OFFSET_SECONDS, computed independently: MD5 of the id's text. */
	private static Duration firstRunOffset(UUID id, int intervalMinutes) {
		try {
			byte[] md5 = MessageDigest.getInstance("MD5").digest(id.toString().getBytes(StandardCharsets.US_ASCII));
			return Duration.ofSeconds((ByteBuffer.wrap(md5).getInt() & 0xFFFF_FFFFL) % (intervalMinutes * 60L));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private Map<UUID, Instant> dueTimes(List<String> ids) {
		Map<UUID, Instant> due = new HashMap<>();
		store.sql("SELECT target_id, next_run_at FROM scan_schedule WHERE target_id = ANY (?::uuid[])")
			.param("{" + String.join(",", ids) + "}")
			.query((rs, n) -> due.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant()))
			.list();
		return due;
	}

	/** First runs are spread over the interval; these tests are about claiming, so their targets are due now. */
	private void makeDue(List<String> ids) {
		store.sql("UPDATE scan_schedule SET next_run_at = now() WHERE target_id = ANY (?::uuid[])")
			.param("{" + String.join(",", ids) + "}")
			.update();
	}

	private String register(Map<String, Object> body, boolean verify) {
		return (String) as("operator").post().uri("/api/v1/targets?verifyConnection=" + verify)
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
	}

	private String lastScanStatus(String targetId) {
		return store.sql("SELECT status FROM scan WHERE target_id = ?::uuid ORDER BY started_at DESC LIMIT 1")
			.param(targetId).query(String.class).single();
	}
}

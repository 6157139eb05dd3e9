package dev.tidemark.checks.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.ProbeRule;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scan of an unchanged catalog reuses the last snapshot, is still a recorded scan, and evaluates the rules at its
 * own time: a partition horizon that runs out while the catalog stands still still becomes CRITICAL.
 */
@Import(UnchangedCatalogScanIntegrationTests.SettableClock.class)
class UnchangedCatalogScanIntegrationTests extends ApiIntegrationTest {

	static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2026-12-10T12:00:00Z"));

	@TestConfiguration(proxyBeanMethods = false)
	static class SettableClock {
		@Bean
		@Primary
		Clock settableClock() {
			return new Clock() {
				@Override
				public ZoneId getZone() {
					return ZoneOffset.UTC;
				}

				@Override
				public Clock withZone(ZoneId zone) {
					return this;
				}

				@Override
				public Instant instant() {
					return NOW.get();
				}
			};
		}
	}

	@Autowired
	JdbcClient store;

	@Autowired
	ScanService scanService;

	@Test
	@SuppressWarnings("unchecked")
	void anUnchangedCatalogReusesTheSnapshotButRulesSeeTheScansTime() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("unchanged");
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
			SqlScript.run(c, """
					CREATE TABLE metric (at date NOT NULL, v int) PARTITION BY RANGE (at);
					CREATE TABLE metric_2026_12 PARTITION OF metric FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');
					""");
		}
		String target = (String) as("operator").post().uri("/api/v1/targets")
			.contentType(MediaType.APPLICATION_JSON).body(targetJson(db, "unchanged")).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");

		Map<String, Object> first = scan(target);
		assertThat(first.get("catalogUnchanged")).isEqualTo(false);
		// a full scan reports every phase it ran, in order
		assertThat(((Map<String, Object>) first.get("phases")).keySet()).containsExactly("connect", "fingerprint", "catalog",
				"expectations", "rules", "json", "hash", "snapshot-write", "reconcile");
		assertThat(horizonSeverity(target)).isEqualTo("HIGH");

		// the catalog stands still while time passes the last partition's end
		NOW.set(Instant.parse("2027-01-05T12:00:00Z"));
		Map<String, Object> second = scan(target);
		assertThat(second.get("status")).isEqualTo("SUCCEEDED");
		assertThat(second.get("catalogUnchanged")).isEqualTo(true);
		assertThat(second.get("snapshotId")).isEqualTo(first.get("snapshotId"));
		// no catalog read, nothing serialized or written: the stored snapshot was loaded instead
		assertThat(((Map<String, Object>) second.get("phases")).keySet()).containsExactly("connect", "fingerprint", "reuse",
				"expectations", "rules", "reconcile");
		assertThat(horizonSeverity(target)).isEqualTo("CRITICAL");
		assertThat(store.sql("SELECT count(*) FROM snapshot WHERE target_id = ?::uuid").param(target)
			.query(Long.class).single()).isEqualTo(1);

		// as after a restart: the last catalog is no longer in memory, so the stored snapshot is loaded instead
		scanService.forgetCachedCatalogs();
		Map<String, Object> afterRestart = scan(target);
		assertThat(afterRestart.get("catalogUnchanged")).isEqualTo(true);
		assertThat(afterRestart.get("snapshotId")).isEqualTo(first.get("snapshotId"));
		assertThat(horizonSeverity(target)).isEqualTo("CRITICAL");

		// a change takes the full path again, with a new snapshot
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
			SqlScript.run(c, "CREATE TABLE metric_2027_01 PARTITION OF metric FOR VALUES FROM ('2027-01-01') TO ('2027-02-01')");
		}
		Map<String, Object> third = scan(target);
		assertThat(third.get("catalogUnchanged")).isEqualTo(false);
		assertThat(third.get("snapshotId")).isNotEqualTo(first.get("snapshotId"));
		assertThat(horizonSeverity(target)).isEqualTo("HIGH");
		assertThat(store.sql("SELECT count(DISTINCT catalog_fingerprint) FROM scan WHERE target_id = ?::uuid")
			.param(target).query(Long.class).single()).isEqualTo(2);
	}

	@Test
	void anUnchangedCatalogRerunsOnlyTheRulesThatReadTheClockUntilAnotherInputChanges() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("unchanged_rules");
		String probe = "probe_" + db.name();
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
			SqlScript.run(c, "CREATE TABLE \"" + probe + "\" (id bigint PRIMARY KEY)");
		}
		String target = (String) as("operator").post().uri("/api/v1/targets")
			.contentType(MediaType.APPLICATION_JSON).body(targetJson(db, "unchanged_rules")).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");

		scan(target);
		assertThat(ProbeRule.evaluationsSeeing(probe)).isEqualTo(1);
		assertThat(openFindings(target)).containsExactly(ProbeRule.ID + " public." + probe);

		// nothing the rule reads changed: its last result stands, the finding stays open
		assertThat(scan(target).get("catalogUnchanged")).isEqualTo(true);
		assertThat(ProbeRule.evaluationsSeeing(probe)).isEqualTo(1);
		assertThat(openFindings(target)).containsExactly(ProbeRule.ID + " public." + probe);

		// a new contract is a new input: every rule runs again on the same catalog, and the contract's finding opens
		as("operator").put().uri("/api/v1/targets/{id}/contract", target)
			.contentType(MediaType.parseMediaType("application/yaml"))
			.body("tables:\n  - name: public." + probe + "\n    columns:\n      - {name: note, type: text}\n")
			.exchange()
			.expectStatus().isOk();
		assertThat(scan(target).get("catalogUnchanged")).isEqualTo(true);
		assertThat(ProbeRule.evaluationsSeeing(probe)).isEqualTo(2);
		assertThat(openFindings(target)).containsExactlyInAnyOrder(ProbeRule.ID + " public." + probe,
				"missing-column public." + probe + ".note");

		scan(target);
		assertThat(ProbeRule.evaluationsSeeing(probe)).isEqualTo(2);
		assertThat(openFindings(target)).hasSize(2);
	}

	@Test
	void aScanKeepingTheSameFindingsMovesTheirLastSeenReopensExpiredSuppressionsAndRewritesNothingElse()
			throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("unchanged_findings");
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
			SqlScript.run(c, """
					CREATE TABLE "probe_a" (id bigint PRIMARY KEY);
					CREATE TABLE "probe_b" (id bigint PRIMARY KEY);
					""");
		}
		String target = (String) as("operator").post().uri("/api/v1/targets")
			.contentType(MediaType.APPLICATION_JSON).body(targetJson(db, "unchanged_findings")).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		scan(target);
		// what the last scan stored, marked: a scan that rewrote the findings' content would replace the marks
		store.sql("UPDATE finding SET message = 'stored ' || object_text WHERE target_id = ?::uuid").param(target).update();
		store.sql("UPDATE finding SET status = 'SUPPRESSED', suppression_reason = 'accepted', "
				+ "suppressed_until = now() - interval '1 minute' WHERE target_id = ?::uuid AND object_text = 'public.probe_b'")
			.param(target)
			.update();

		Map<String, Object> again = scan(target);

		assertThat(again.get("catalogUnchanged")).isEqualTo(true);
		assertThat(again.get("newFindings")).isEqualTo(0);
		assertThat(again.get("resolvedFindings")).isEqualTo(0);
		assertThat(store.sql("SELECT object_text || ' ' || status || ' ' || message || ' ' || (last_scan_id = ?::uuid) "
				+ "FROM finding WHERE target_id = ?::uuid ORDER BY object_text")
			.params(again.get("id"), target).query(String.class).list())
			.containsExactly("public.probe_a OPEN stored public.probe_a true",
					"public.probe_b OPEN stored public.probe_b true");

		// a finding that goes away is resolved as usual: the full reconciliation runs
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
			SqlScript.run(c, "DROP TABLE probe_b");
		}
		Map<String, Object> third = scan(target);
		assertThat(third.get("resolvedFindings")).isEqualTo(1);
		assertThat(openFindings(target)).containsExactly(ProbeRule.ID + " public.probe_a");
	}

	private List<String> openFindings(String target) {
		return store.sql("SELECT rule_id || ' ' || object_text FROM finding WHERE target_id = ?::uuid AND status = 'OPEN'")
			.param(target).query(String.class).list();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> scan(String target) {
		return as("operator").post().uri("/api/v1/targets/" + target + "/scans").exchange()
			.expectStatus().is2xxSuccessful()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

	private String horizonSeverity(String target) {
		return store.sql("SELECT severity FROM finding WHERE target_id = ?::uuid AND rule_id = 'partition-horizon' "
				+ "AND status = 'OPEN'")
			.param(target).query(String.class).single();
	}
}

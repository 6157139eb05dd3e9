package dev.tidemark.checks.rules;

import java.time.LocalDateTime;
import java.util.List;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.model.MigrationHistory;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** "Now" is 2026-11-21T12:00:00Z; the default staleLockAfter is 15 minutes. */
class StaleChangelogLockRuleTests {

	private final StaleChangelogLockRule rule = new StaleChangelogLockRule();

	@Test
	void describesItself() {
		assertThat(rule.id()).isEqualTo("stale-changelog-lock");
		assertThat(rule.defaultSeverity()).isEqualTo(Severity.HIGH);
	}

	@Test
	void reportsAnOldLockWithNoLiveHolderAndHowToReleaseIt() {
		Violation v = single(lock(LocalDateTime.parse("2026-11-21T09:00:00"), false));
		assertThat(v.object()).isEqualTo(new ObjectRef("migration-lock", "public", "databasechangeloglock", null));
		assertThat(v.message()).isEqualTo("Liquibase lock in public.databasechangeloglock has been held by ci-runner-7 "
				+ "(10.0.3.17) since 2026-11-21 09:00:00 UTC (3 h 0 min) with no live holder: every liquibase update "
				+ "waits for it, then fails");
		assertThat(v.evidence()).containsEntry("lockAgeMinutes", 180L)
			.containsEntry("staleAfterMinutes", 15L)
			.containsEntry("lockHolderAlive", false)
			.containsEntry("changelogTable", "public.databasechangelog")
			.containsEntry("releaseStatement", "UPDATE \"public\".\"databasechangeloglock\" SET locked = FALSE, "
					+ "lockgranted = NULL, lockedby = NULL WHERE id = 1 AND locked AND lockgranted = "
					+ "'2026-11-21 09:00:00.000000'");
		assertThat(v.repair().automatic()).isTrue();
	}

	@Test
	void unknownLivenessIsStillReportedAndSaidSo() {
		Violation v = single(lock(LocalDateTime.parse("2026-11-20T12:00:00"), null));
		assertThat(v.message()).contains("(24 h 0 min)", "whether its holder is alive is unknown");
		assertThat(v.evidence()).doesNotContainKey("lockHolderAlive")
			.containsEntry("holderLiveness",
					"unknown: the inspector cannot see other sessions' client addresses (grant it pg_read_all_stats)");
		assertThat(v.repair().summary()).contains("confirm first that no Liquibase process is still running");
	}

	@Test
	void quietForAYoungLockALiveHolderOrNoLock() {
		assertThat(rule.evaluate(snapshot().migrations(lock(LocalDateTime.parse("2026-11-21T11:50:00"), false)).context()))
			.isEmpty();
		assertThat(rule.evaluate(snapshot().migrations(lock(LocalDateTime.parse("2026-11-21T09:00:00"), true)).context()))
			.isEmpty();
		assertThat(rule.evaluate(snapshot().migrations(new MigrationHistory(List.of(new MigrationHistory.Liquibase("public",
				"databasechangelog", 4, "4", "bob", "f", null, false, null, null, null)), List.of(), List.of(), List.of()))
			.context())).isEmpty();
	}

	@Test
	void namesTheLockTableAfterTheChangelogTable() {
		assertThat(StaleChangelogLockRule.lockTable("databasechangelog")).isEqualTo("databasechangeloglock");
		assertThat(StaleChangelogLockRule.lockTable("tidemark_databasechangelog"))
			.isEqualTo("tidemark_databasechangeloglock");
		assertThat(StaleChangelogLockRule.lockTable("DATABASECHANGELOG")).isEqualTo("DATABASECHANGELOGLOCK");
		assertThat(StaleChangelogLockRule.lockTable("databasechangeloglock")).isEqualTo("databasechangeloglock");
	}

	private Violation single(MigrationHistory history) {
		List<Violation> violations = rule.evaluate(snapshot().migrations(history).context());
		assertThat(violations).hasSize(1);
		return violations.get(0);
	}

	private static MigrationHistory lock(LocalDateTime granted, Boolean alive) {
		return new MigrationHistory(List.of(new MigrationHistory.Liquibase("public", "databasechangelog", 4, "4", "bob",
				"db/changelog.sql", null, true, granted, "ci-runner-7 (10.0.3.17)", alive)), List.of(), List.of(),
				List.of());
	}
}

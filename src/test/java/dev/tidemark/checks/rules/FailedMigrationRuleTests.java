package dev.tidemark.checks.rules;

import java.time.Instant;
import java.util.List;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.MigrationChange.MarkMigrationApplied;
import dev.tidemark.inspection.model.MigrationHistory;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class FailedMigrationRuleTests {

	private final FailedMigrationRule rule = new FailedMigrationRule();

	private static final MigrationHistory.PrismaMigration APPLIED = new MigrationHistory.PrismaMigration(
			"20251101000000_init", 1, true, false, Instant.parse("2025-11-01T10:00:00Z"),
			Instant.parse("2025-11-01T10:00:02Z"));

	private static final MigrationHistory.PrismaMigration FAILED = new MigrationHistory.PrismaMigration(
			"20251120000000_add_channel_metadata", 2, false, true, Instant.parse("2025-11-20T09:00:00Z"), null);

	@Test
	void describesItself() {
		assertThat(rule.id()).isEqualTo("failed-migration");
		assertThat(rule.defaultSeverity()).isEqualTo(Severity.HIGH);
	}

	@Test
	void reportsEachUnfinishedPrismaMigration() {
		List<Violation> violations = rule.evaluate(snapshot().migrations(prisma(false, APPLIED, FAILED)).context());
		assertThat(violations).singleElement().satisfies(v -> {
			assertThat(v.severity()).isEqualTo(Severity.HIGH);
			assertThat(v.object())
				.isEqualTo(new ObjectRef("migration", "public", "_prisma_migrations", "20251120000000_add_channel_metadata"));
			assertThat(v.message()).isEqualTo("Prisma migration 20251120000000_add_channel_metadata failed or never "
					+ "finished (finished_at and rolled_back_at are NULL): prisma migrate deploy stops with P3009");
			assertThat(v.evidence()).containsEntry("tool", "prisma")
				.containsEntry("attempts", 2)
				.containsEntry("lastStartedAt", "2025-11-20T09:00:00Z")
				.containsEntry("migrationLockHeld", false);
			// nothing confirms the migration's effect: marking it applied is a person's decision
			assertThat(v.repair().automatic()).isFalse();
			assertThat(v.repair().summary()).isEqualTo("Nothing in the contract confirms that "
					+ "20251120000000_add_channel_metadata's changes are present, so marking it applied could hide a "
					+ "half-applied schema");
			assertThat(v.repair().instead()).contains("prisma migrate resolve --rolled-back");
			assertThat(Changes.fromEvidence(v.evidence())).isEmpty();
		});
	}

	@Test
	void aContractColumnTheMigrationNamesConfirmsItsEffectSoItIsMarkedApplied() {
		HealthTestSnapshots snapshot = snapshot()
			.table(HealthTestSnapshots.table("public", "channels", HealthTestSnapshots.column("metadata", "jsonb", true)))
			.migrations(prisma(false, APPLIED, FAILED));
		Violation v = rule.evaluate(snapshot.context(Expect.tables(Expect.table("public.channels")
			.columns(Expect.column("metadata", "jsonb"), Expect.column("title", "text"))))).get(0);
		assertThat(v.repair().automatic()).isTrue();
		assertThat(v.repair().summary()).startsWith("Mark the migration applied");
		assertThat(Changes.fromEvidence(v.evidence())).containsExactly(new MarkMigrationApplied("public",
				"_prisma_migrations", "20251120000000_add_channel_metadata", List.of("public.channels.metadata")));
	}

	@Test
	void whilePrismasLockIsHeldItMayStillBeRunning() {
		Violation v = rule.evaluate(snapshot().migrations(prisma(true, FAILED)).context()).get(0);
		assertThat(v.severity()).isEqualTo(Severity.INFO);
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.evidence()).containsEntry("migrationLockHeld", true);
	}

	@Test
	void reportsEachFailedFlywayRowForAPersonToRepair() {
		MigrationHistory history = new MigrationHistory(List.of(),
				List.of(new MigrationHistory.Flyway("public", "flyway_schema_history", 2, "1", "init",
						List.of(new MigrationHistory.FlywayFailure(2, "2", "concurrent index", "V2__concurrent_index.sql")))),
				List.of(), List.of());
		Violation v = rule.evaluate(snapshot().migrations(history).context()).get(0);
		assertThat(v.object()).isEqualTo(new ObjectRef("migration", "public", "flyway_schema_history", "2"));
		assertThat(v.message()).isEqualTo("Flyway migration V2 (concurrent index) failed (success = false): flyway "
				+ "migrate refuses to run until it is repaired");
		assertThat(v.evidence()).containsEntry("script", "V2__concurrent_index.sql").containsEntry("installedRank", 2);
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().instead()).contains("flyway repair");
	}

	@Test
	void quietWhenEverythingFinished() {
		assertThat(rule.evaluate(snapshot().migrations(prisma(false, APPLIED)).context())).isEmpty();
	}

	private static MigrationHistory prisma(boolean lockHeld, MigrationHistory.PrismaMigration... migrations) {
		return new MigrationHistory(List.of(), List.of(),
				List.of(new MigrationHistory.Prisma("public", "_prisma_migrations", lockHeld, List.of(migrations))),
				List.of());
	}
}

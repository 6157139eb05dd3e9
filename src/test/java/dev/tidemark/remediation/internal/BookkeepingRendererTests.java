package dev.tidemark.remediation.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tidemark.checks.change.ChangeRecords;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.MigrationChange;
import dev.tidemark.checks.change.MigrationChange.MarkMigrationApplied;
import dev.tidemark.checks.change.MigrationChange.ReleaseChangelogLock;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.checks.change.SchemaChange.Phase;
import dev.tidemark.checks.change.TimescaleChange.AddRetentionPolicy;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;

import static org.assertj.core.api.Assertions.assertThat;

/** Each bookkeeping change renders to exactly its changeset (no database). */
class BookkeepingRendererTests {

	private static final UUID REMEDIATION = UUID.fromString("00000000-0000-0000-0000-000000000007");

	/** The id of the row a resolved migration gets: stable for one remediation and migration. */
	private static final String ROW_ID = UUID
		.nameUUIDFromBytes((REMEDIATION + "/20251120000000_add_channel_metadata").getBytes(StandardCharsets.UTF_8))
		.toString();

	record Step(String description, Risk risk, String sql, Rollback rollback, String precondition, int expected) {
	}

	record Case(MigrationChange change, Step step) {

		@Override
		public String toString() {
			return change.toString();
		}
	}

	private static final Rollback LOCK_ROLLBACK = Rollback.none("taking the lock again would block every Liquibase run");

	static Stream<Case> each() {
		String t = "\"public\".\"_prisma_migrations\"";
		String name = "'20251120000000_add_channel_metadata'";
		String lock = "\"public\".\"DATABASECHANGELOGLOCK\"";
		return Stream.of(
				new Case(new MarkMigrationApplied("public", "_prisma_migrations", "20251120000000_add_channel_metadata",
						List.of("public.channels.metadata", "public.channels.tags")),
						new Step("Mark Prisma migration 20251120000000_add_channel_metadata applied, as prisma migrate "
								+ "resolve --applied does (its effect is present: public.channels.metadata, "
								+ "public.channels.tags)", Risk.MEDIUM,
								"INSERT INTO " + t + " (id, checksum, finished_at, migration_name, logs, rolled_back_at, "
										+ "started_at, applied_steps_count)\nSELECT '" + ROW_ID + "', checksum, now(), "
										+ "migration_name, '', NULL, now(), 0 FROM " + t + "\nWHERE migration_name = "
										+ name + " AND finished_at IS NULL AND rolled_back_at IS NULL ORDER BY started_at "
										+ "DESC LIMIT 1;\nUPDATE " + t + " SET rolled_back_at = now() WHERE migration_name = "
										+ name + " AND finished_at IS NULL AND rolled_back_at IS NULL;",
								Rollback.none("which failed rows were open cannot be told apart afterwards; undo with "
										+ "prisma migrate resolve by hand"),
								"SELECT count(*) FROM (SELECT 1) x WHERE EXISTS (SELECT 1 FROM " + t
										+ " WHERE migration_name = " + name + " AND finished_at IS NULL AND rolled_back_at "
										+ "IS NULL) AND NOT EXISTS (SELECT 1 FROM " + t + " WHERE migration_name = " + name
										+ " AND finished_at IS NOT NULL AND rolled_back_at IS NULL)",
								1)),
				// guarded by the grant time the scan saw: a lock taken again since is left alone
				new Case(new ReleaseChangelogLock("public", "DATABASECHANGELOGLOCK", "ci-runner-7 (10.0.3.17)",
						"2026-11-21 09:00:00"),
						new Step("Release the stale Liquibase lock in public.DATABASECHANGELOGLOCK held by ci-runner-7 "
								+ "(10.0.3.17) since 2026-11-21 09:00:00 (what liquibase release-locks does)", Risk.MEDIUM,
								"UPDATE " + lock + " SET locked = FALSE, lockgranted = NULL, lockedby = NULL WHERE id = 1 "
										+ "AND locked AND date_trunc('second', lockgranted) = '2026-11-21 09:00:00'::timestamp;",
								LOCK_ROLLBACK,
								"SELECT count(*) FROM " + lock + " WHERE id = 1 AND locked AND date_trunc('second', "
										+ "lockgranted) = '2026-11-21 09:00:00'::timestamp",
								1)),
				new Case(new ReleaseChangelogLock("public", "DATABASECHANGELOGLOCK", null, null),
						new Step("Release the stale Liquibase lock in public.DATABASECHANGELOGLOCK held by an unknown "
								+ "holder since null (what liquibase release-locks does)", Risk.MEDIUM,
								"UPDATE " + lock + " SET locked = FALSE, lockgranted = NULL, lockedby = NULL WHERE id = 1 "
										+ "AND locked AND lockgranted IS NULL;",
								LOCK_ROLLBACK,
								"SELECT count(*) FROM " + lock + " WHERE id = 1 AND locked AND lockgranted IS NULL", 1)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("each")
	void rendersExactly(Case c) {
		List<Draft> drafts = ChangeRenderer.render(c.change(), REMEDIATION);
		assertThat(drafts).singleElement().satisfies(d -> {
			assertThat(new Step(d.description(), d.risk(), d.sql(), d.rollback(), d.precondition(), d.expected()))
				.isEqualTo(c.step());
			assertThat(d.transactional()).isTrue();
			assertThat(d.runAlways()).isFalse();
		});
		assertThat(c.change().phase()).isEqualTo(Phase.CREATE_VIEWS);
		assertThat(c.change().destructive()).isFalse();
	}

	@Test
	void theResolvedRowsIdBelongsToTheRemediation() {
		MarkMigrationApplied mark = new MarkMigrationApplied("public", "_prisma_migrations", "m", List.of("public.t.c"));
		assertThat(ChangeRenderer.render(mark, REMEDIATION).get(0).sql())
			.isEqualTo(ChangeRenderer.render(mark, REMEDIATION).get(0).sql())
			.isNotEqualTo(ChangeRenderer.render(mark, UUID.randomUUID()).get(0).sql());
	}

	@Test
	void everyRecordIsCoveredAndRoundTripsThroughEvidence() {
		List<SchemaChange> all = each().map(c -> (SchemaChange) c.change()).toList();
		assertThat(all.stream().map(c -> c.getClass()).distinct().count())
			.isEqualTo(ChangeRecords.of(MigrationChange.class).size());
		List<Map<String, Object>> evidence = Changes.toEvidence(all);
		assertThat(evidence.get(0)).containsEntry("change", "MarkMigrationApplied");
		assertThat(Changes.fromEvidence(Map.of(Changes.EVIDENCE_KEY, evidence))).isEqualTo(all);
	}

	/** Bookkeeping is fixed last, after the TimescaleDB changes. */
	@Test
	void runsAfterTheTimescaleChanges() {
		ReleaseChangelogLock release = new ReleaseChangelogLock("public", "databasechangeloglock", null, null);
		MarkMigrationApplied mark = new MarkMigrationApplied("public", "_prisma_migrations", "m", List.of("public.t.c"));
		AddRetentionPolicy retain = new AddRetentionPolicy("public", "z", "ts", "90 days");
		assertThat(ChangeOrder.sort(List.of(release, mark, retain))).containsExactly(retain, mark, release);
	}
}

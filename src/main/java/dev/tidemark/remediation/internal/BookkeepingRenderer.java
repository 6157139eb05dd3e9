package dev.tidemark.remediation.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.tidemark.checks.change.MigrationChange;
import dev.tidemark.checks.change.MigrationChange.MarkMigrationApplied;
import dev.tidemark.checks.change.MigrationChange.ReleaseChangelogLock;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;

import static dev.tidemark.common.SqlIdentifiers.literal;
import static dev.tidemark.common.SqlIdentifiers.qualified;

/**
 * Renders {@link MigrationChange}s: the rows the migration tools' own commands would write. The remediation's id
 * makes the row a resolved migration gets the same in every rendering of one plan.
 */
final class BookkeepingRenderer {

	private BookkeepingRenderer() {
	}

	static List<Draft> render(MigrationChange change, UUID remediationId) {
		return switch (change) {
			case MarkMigrationApplied c -> List.of(markApplied(c, remediationId));
			case ReleaseChangelogLock c -> List.of(releaseLock(c));
		};
	}

	/**
	 * What {@code prisma migrate resolve --applied} does: a fresh finished row with the file's checksum (the failed
	 * attempt recorded it), and the open failed rows marked rolled back.
	 */
	private static Draft markApplied(MarkMigrationApplied c, UUID remediationId) {
		String t = qualified(c.schema(), c.table());
		String migration = c.migration();
		String id = UUID.nameUUIDFromBytes((remediationId + "/" + migration).getBytes(StandardCharsets.UTF_8))
			.toString();
		String name = literal(migration);
		String sql = "INSERT INTO " + t + " (id, checksum, finished_at, migration_name, logs, rolled_back_at, "
				+ "started_at, applied_steps_count)\nSELECT " + literal(id) + ", checksum, now(), migration_name, '', "
				+ "NULL, now(), 0 FROM " + t + "\nWHERE migration_name = " + name
				+ " AND finished_at IS NULL AND rolled_back_at IS NULL ORDER BY started_at DESC LIMIT 1;\n"
				+ "UPDATE " + t + " SET rolled_back_at = now() WHERE migration_name = " + name
				+ " AND finished_at IS NULL AND rolled_back_at IS NULL;";
		String precondition = "SELECT count(*) FROM (SELECT 1) x WHERE EXISTS (SELECT 1 FROM " + t
				+ " WHERE migration_name = " + name + " AND finished_at IS NULL AND rolled_back_at IS NULL) "
				+ "AND NOT EXISTS (SELECT 1 FROM " + t + " WHERE migration_name = " + name
				+ " AND finished_at IS NOT NULL AND rolled_back_at IS NULL)";
		return new Draft("Mark Prisma migration " + migration + " applied, as prisma migrate resolve --applied does "
				+ "(its effect is present: " + String.join(", ", c.confirmed()) + ")", Risk.MEDIUM, true, sql,
				Rollback.none("which failed rows were open cannot be told apart afterwards; undo with prisma "
						+ "migrate resolve by hand"),
				precondition, 1);
	}

	/** The lock as the scan saw it; a lock taken again since has another grant time and is left alone. */
	private static Draft releaseLock(ReleaseChangelogLock c) {
		String t = qualified(c.schema(), c.table());
		String granted = c.lockGranted();
		String guard = granted == null ? "lockgranted IS NULL"
				: "date_trunc('second', lockgranted) = " + literal(granted) + "::timestamp";
		return new Draft("Release the stale Liquibase lock in " + c.object() + " held by "
				+ (c.lockedBy() == null ? "an unknown holder" : c.lockedBy()) + " since " + granted
				+ " (what liquibase release-locks does)", Risk.MEDIUM, true,
				"UPDATE " + t + " SET locked = FALSE, lockgranted = NULL, lockedby = NULL WHERE id = 1 AND locked AND "
						+ guard + ";",
				Rollback.none("taking the lock again would block every Liquibase run"),
				"SELECT count(*) FROM " + t + " WHERE id = 1 AND locked AND " + guard, 1);
	}
}

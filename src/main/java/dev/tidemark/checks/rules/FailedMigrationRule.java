package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.model.MigrationHistory;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;

/**
 * A migration the tool's own bookkeeping records as failed or unfinished: Prisma rows with {@code finished_at}
 * and {@code rolled_back_at} both NULL, Flyway rows with {@code success = false}. One finding per migration.
 * While Prisma's advisory lock is held the migration may still be running: then it is only INFO.
 */
@Component
final class FailedMigrationRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Failed or unfinished migration",
			Severity.HIGH, RuleCategory.HEALTH,
			"A half-applied migration blocks every later deploy (Prisma stops with P3009, Flyway refuses to "
					+ "migrate) and may have left the schema half-changed.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "failed-migration";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		List<Violation> violations = new ArrayList<>();
		MigrationHistory history = context.snapshot().migrations();
		for (MigrationHistory.Prisma prisma : history.prisma()) {
			for (MigrationHistory.PrismaMigration m : prisma.migrations()) {
				if (m.unresolvedFailure()) {
					violations.add(prisma(prisma, m));
				}
			}
		}
		for (MigrationHistory.Flyway flyway : history.flyway()) {
			for (MigrationHistory.FlywayFailure f : flyway.failed()) {
				violations.add(flyway(flyway, f));
			}
		}
		return violations;
	}

	private Violation prisma(MigrationHistory.Prisma prisma, MigrationHistory.PrismaMigration m) {
		ObjectRef object = new ObjectRef("migration", prisma.schema(), prisma.table(), m.name());
		var evidence = evidence("tool", "prisma", "table", prisma.schema() + "." + prisma.table(), "migration",
				m.name(), "attempts", m.attempts(), "lastStartedAt",
				m.lastStartedAt() == null ? null : m.lastStartedAt().toString(), "appliedByAnotherAttempt",
				m.applied(), "migrationLockHeld", prisma.lockHeld());
		if (prisma.lockHeld()) {
			return Violation.of(this, object, "Prisma migration " + m.name() + " has not finished; Prisma's "
					+ "migration lock is held, so it may still be running", evidence,
					Repair.manual("The migration may still be running.",
							"Wait for the running prisma migrate deploy to end, then scan again."))
				.withSeverity(Severity.INFO);
		}
		return Violation.of(this, object, "Prisma migration " + m.name() + " failed or never finished "
				+ "(finished_at and rolled_back_at are NULL): prisma migrate deploy stops with P3009", evidence,
				Repair.automatic("Mark the migration applied (as prisma migrate resolve --applied does) once the "
						+ "contract confirms its effect is present; otherwise undo its partial changes by hand and "
						+ "run prisma migrate resolve --rolled-back " + m.name() + "."));
	}

	private Violation flyway(MigrationHistory.Flyway flyway, MigrationHistory.FlywayFailure f) {
		String name = f.version() != null ? f.version() : f.description();
		return Violation.of(this, new ObjectRef("migration", flyway.schema(), flyway.table(), name),
				"Flyway migration " + (f.version() != null ? "V" + f.version() + " " : "") + "(" + f.description()
						+ ") failed (success = false): flyway migrate refuses to run until it is repaired",
				evidence("tool", "flyway", "table", flyway.schema() + "." + flyway.table(), "migration", name,
						"version", f.version(), "description", f.description(), "script", f.script(),
						"installedRank", f.installedRank()),
				Repair.manual("Only migrations run outside a transaction leave success = false on PostgreSQL, so "
						+ "the schema may be half-changed; what to keep is a person's decision.",
						"Check what " + f.script() + " did, finish or undo it by hand, then run flyway repair (it "
								+ "removes the failed row) and flyway migrate."));
	}
}

package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.MigrationChange.MarkMigrationApplied;
import dev.tidemark.checks.contract.Contract;
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
					violations.add(prisma(context, prisma, m));
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

	private Violation prisma(CheckContext context, MigrationHistory.Prisma prisma, MigrationHistory.PrismaMigration m) {
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
		String message = "Prisma migration " + m.name() + " failed or never finished "
				+ "(finished_at and rolled_back_at are NULL): prisma migrate deploy stops with P3009";
		List<String> confirmed = confirmedEffect(context, m.name());
		if (confirmed.isEmpty()) {
			return Violation.of(this, object, message, evidence, Repair.manual("Nothing in the contract confirms "
					+ "that " + m.name() + "'s changes are present, so marking it applied could hide a half-applied "
					+ "schema",
					"Compare the migration's SQL with the database; finish it by hand and run prisma migrate resolve "
							+ "--applied " + m.name() + ", or undo it and run prisma migrate resolve --rolled-back "
							+ m.name()));
		}
		return Violation.of(this, object, message,
				ContractFindings.withChanges(evidence,
						List.of(new MarkMigrationApplied(prisma.schema(), prisma.table(), m.name(), confirmed))),
				Repair.automatic("Mark the migration applied (as prisma migrate resolve --applied does) once the "
						+ "contract confirms its effect is present; otherwise undo its partial changes by hand and "
						+ "run prisma migrate resolve --rolled-back " + m.name() + "."));
	}

	/**
	 * Contract columns that the migration's name says it adds ({@code add_channel_metadata}: a column metadata of
	 * channel(s)) and that exist. Only such evidence lets the bookkeeping be fixed without reading the migration.
	 */
	private static List<String> confirmedEffect(CheckContext context, String migration) {
		Set<String> words = Set.of(migration.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"));
		List<String> confirmed = new ArrayList<>();
		for (Expectation expectation : context.expectations()) {
			if (expectation.source() != Expectation.Source.CONTRACT) {
				continue;
			}
			for (Contract.TableExpectation table : expectation.contract().tables()) {
				String name = table.table().toLowerCase(Locale.ROOT);
				String singular = name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
				if (!words.contains(name) && !words.contains(singular)) {
					continue;
				}
				for (Contract.ColumnExpectation column : table.columns()) {
					List<String> parts = List.of(column.name().toLowerCase(Locale.ROOT).split("_"));
					if (words.containsAll(parts) && exists(context, table.schema(), table.table(), column.name())
							&& !confirmed.contains(table.name() + "." + column.name())) {
						confirmed.add(table.name() + "." + column.name());
					}
				}
			}
		}
		return confirmed;
	}

	private static boolean exists(CheckContext context, String schema, String table, String column) {
		return context.snapshot()
			.tables()
			.stream()
			.anyMatch(t -> t.schema().equals(schema) && t.name().equals(table)
					&& t.columns().stream().anyMatch(c -> c.name().equals(column)));
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

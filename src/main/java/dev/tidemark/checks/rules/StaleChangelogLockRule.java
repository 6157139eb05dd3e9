package dev.tidemark.checks.rules;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.MigrationChange.ReleaseChangelogLock;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.MigrationHistory;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;
import static dev.tidemark.common.SqlIdentifiers.qualified;

/**
 * A Liquibase changelog lock held longer than {@code staleLockAfter} by a holder with no live session. The
 * holder's liveness may be unknown (the inspector needs pg_read_all_stats to see other sessions' addresses): an
 * old lock is still reported then, and the evidence says so. {@code lockgranted} is a timestamp without time zone
 * written in the Liquibase session's zone; it is read as UTC.
 */
@Component
final class StaleChangelogLockRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Stale Liquibase changelog lock",
			Severity.HIGH, RuleCategory.HEALTH,
			"A Liquibase run that died while holding the changelog lock leaves it set: every later liquibase "
					+ "update waits for it and then fails with \"Could not acquire change log lock\".",
			true);

	@Override
	public boolean readsClock() {
		return true;
	}

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "stale-changelog-lock";

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS",
			Locale.ROOT);

	@Override
	public List<Violation> evaluate(CheckContext context) {
		List<Violation> violations = new ArrayList<>();
		for (MigrationHistory.Liquibase l : context.snapshot().migrations().liquibase()) {
			if (!Boolean.TRUE.equals(l.locked()) || Boolean.TRUE.equals(l.lockHolderAlive())) {
				continue;
			}
			Duration age = l.lockGranted() == null ? null
					: Duration.between(l.lockGranted().toInstant(ZoneOffset.UTC), context.now());
			if (age != null && age.compareTo(context.settings().staleLockAfter()) < 0) {
				continue;
			}
			violations.add(violation(context, l, age));
		}
		return violations;
	}

	private Violation violation(CheckContext context, MigrationHistory.Liquibase l, Duration age) {
		String lockTable = lockTable(l.table());
		String qualified = l.schema() + "." + lockTable;
		LocalDateTime granted = l.lockGranted();
		String release = "UPDATE " + qualified(l.schema(), lockTable)
				+ " SET locked = FALSE, lockgranted = NULL, lockedby = NULL WHERE id = 1 AND locked AND "
				+ (granted == null ? "lockgranted IS NULL" : "lockgranted = " + SqlIdentifiers.literal(TIMESTAMP.format(granted)));
		String liveness = l.lockHolderAlive() == null
				? "unknown: the inspector cannot see other sessions' client addresses (grant it pg_read_all_stats)"
				: "no session in this database comes from the holder's address";
		String since = granted == null ? "an unknown time" : TIMESTAMP.format(granted).substring(0, 19) + " UTC";
		String message = "Liquibase lock in " + qualified + " has been held by "
				+ (l.lockedBy() == null ? "an unknown holder" : l.lockedBy()) + " since " + since
				+ (age == null ? "" : " (" + human(age) + ")")
				+ (l.lockHolderAlive() == null ? ", and whether its holder is alive is unknown"
						: " with no live holder")
				+ ": every liquibase update waits for it, then fails";
		return Violation.of(this, new ObjectRef("migration-lock", l.schema(), lockTable, null), message,
				ContractFindings.withChanges(evidence("table", qualified, "changelogTable", l.schema() + "." + l.table(), "lockedBy",
						l.lockedBy(), "lockGranted", granted == null ? null : TIMESTAMP.format(granted).substring(0, 19), "lockGrantedNote",
						"timestamp without time zone, written in the Liquibase session's zone; read as UTC",
						"lockAgeMinutes", age == null ? null : age.toMinutes(), "staleAfterMinutes",
						context.settings().staleLockAfter().toMinutes(), "lockHolderAlive", l.lockHolderAlive(),
						"holderLiveness", liveness, "releaseStatement", release),
						List.of(new ReleaseChangelogLock(l.schema(), lockTable, l.lockedBy(),
								granted == null ? null : TIMESTAMP.format(granted).substring(0, 19)))),
				Repair.automatic("Release the lock (what liquibase release-locks does), guarded so that a lock taken "
						+ "again since the scan is left alone" + (l.lockHolderAlive() == null
								? "; confirm first that no Liquibase process is still running" : "")
						+ "."));
	}

	/** Liquibase names its lock table after the changelog table; a lock table found alone is listed as itself. */
	static String lockTable(String table) {
		if (table.toLowerCase(Locale.ROOT).endsWith("databasechangeloglock")) {
			return table;
		}
		return table + (table.equals(table.toUpperCase(Locale.ROOT)) ? "LOCK" : "lock");
	}

	private static String human(Duration age) {
		if (age.toDays() >= 2) {
			return age.toDays() + " days";
		}
		if (age.toHours() >= 1) {
			return age.toHours() + " h " + age.toMinutesPart() + " min";
		}
		return age.toMinutes() + " min";
	}
}

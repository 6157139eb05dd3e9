package dev.tidemark.checks.rules;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract.MigrationExpectations;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.MigrationHistory.PrismaMigration;

import org.springframework.stereotype.Component;

/**
 * A migration the applications need is not recorded as applied: a Prisma migration name without an applied row, a
 * Flyway version newer than the latest successful one (dotted versions compared numerically), a Liquibase
 * changeset ({@code id::author[::file]}) that is not in the application's changelog table. Prisma rows that
 * failed are the health rule {@code failed-migration}'s business when the contract only says
 * {@code allFinished}; here they count only as "not applied" for the names listed.
 * <p>
 * The snapshot summarizes a Liquibase changelog as its row count and latest changeset, so a changeset counts as
 * applied when it is the latest, and as not applied when the application has no (or an empty) changelog table;
 * an older changeset in a non-empty table cannot be told apart and is not reported.
 */
@Component
final class MigrationNotApplied implements Rule {

	private final RuleDescription description = new RuleDescription("migration-not-applied",
			"Expected migration is not applied",
			Severity.HIGH, RuleCategory.CONTRACT,
			"The code expects the schema its migrations make; objects a missing migration creates are absent "
					+ "and the next deploy may apply it at a bad moment.",
			false);

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		MigrationHistory history = context.snapshot().migrations();
		ContractFindings findings = new ContractFindings();
		for (Expectation expectation : context.expectations()) {
			MigrationExpectations migrations = expectation.contract().migrations();
			if (migrations == null) {
				continue;
			}
			String source = expectation.source().name();
			if (migrations.prisma() != null && migrations.prisma().applied() != null) {
				migrations.prisma().applied().forEach(name -> prisma(history, name, source, findings));
			}
			if (migrations.flyway() != null && migrations.flyway().version() != null) {
				flyway(history, migrations.flyway().version().strip(), source, findings);
			}
			if (migrations.liquibase() != null && migrations.liquibase().changesets() != null) {
				for (String entry : migrations.liquibase().changesets()) {
					liquibase(history, entry.strip(), source, findings);
				}
			}
		}
		return findings.list();
	}

	private void prisma(MigrationHistory history, String name, String source, ContractFindings findings) {
		Optional<PrismaMigration> row = history.prisma()
			.stream()
			.flatMap(p -> p.migrations().stream())
			.filter(m -> m.name().equals(name))
			.max(Comparator.comparing(PrismaMigration::applied));
		if (row.map(PrismaMigration::applied).orElse(false)) {
			return;
		}
		String state = history.prisma().isEmpty() ? "no _prisma_migrations table"
				: row.isEmpty() ? "no row for this migration"
						: row.get().unresolvedFailure() ? "started but never finished (failed)" : "rolled back";
		findings.add(notApplied("prisma", name, "Prisma migration " + name + " is not applied: " + state,
				ContractFindings.evidence("source", source, "tool", "prisma", "migration", name, "actual", state,
						"attempts", row.map(PrismaMigration::attempts).orElse(null)),
				"`prisma migrate deploy`" + (row.map(PrismaMigration::unresolvedFailure).orElse(false)
						? " after resolving the failed attempt (`prisma migrate resolve`)" : "")));
	}

	private void flyway(MigrationHistory history, String version, String source, ContractFindings findings) {
		Optional<String> latest = history.flyway()
			.stream()
			.map(MigrationHistory.Flyway::latestVersion)
			.filter(Objects::nonNull)
			.max(MigrationNotApplied::compareVersions);
		if (latest.isPresent() && compareVersions(latest.get(), version) >= 0) {
			return;
		}
		String state = history.flyway().isEmpty() ? "no flyway_schema_history table"
				: latest.map(v -> "latest applied version is " + v).orElse("no successful versioned migration");
		findings.add(notApplied("flyway", version, "Flyway version " + version + " is not applied: " + state,
				ContractFindings.evidence("source", source, "tool", "flyway", "expectedVersion", version,
						"actualVersion", latest.orElse(null), "actual", state),
				"`flyway migrate`"));
	}

	private void liquibase(MigrationHistory history, String entry, String source, ContractFindings findings) {
		String[] parts = entry.split("::", 3);
		List<MigrationHistory.Liquibase> tables = history.liquibase()
			.stream()
			.filter(l -> !ContractCatalog.tidemarkOwn(l.table()) && l.latestId() != null)
			.toList();
		boolean latest = tables.stream()
			.anyMatch(l -> l.latestId().equals(parts[0]) && (parts.length < 2 || parts[1].equals(l.latestAuthor()))
					&& (parts.length < 3 || parts[2].equals(l.latestFilename())));
		if (latest || !tables.isEmpty()) {
			// applied, or not decidable from the summary (see the class comment)
			return;
		}
		boolean anyTable = history.liquibase().stream().anyMatch(l -> !ContractCatalog.tidemarkOwn(l.table()));
		String state = anyTable ? "the changelog table is empty" : "no databasechangelog table";
		findings.add(notApplied("liquibase", entry, "Liquibase changeset " + entry + " is not applied: " + state,
				ContractFindings.evidence("source", source, "tool", "liquibase", "changeset", entry, "actual", state),
				"`liquibase update`"));
	}

	private Violation notApplied(String tool, String migration, String message, Map<String, Object> evidence,
			String command) {
		return Violation.of(this, new ObjectRef("migration", null, tool, migration), message, evidence,
				Repair.manual("Tidemark does not know the migration's DDL",
						"Apply it with the application's migration tool: " + command));
	}

	/** Dotted (or underscored) versions compared numerically part by part; missing parts count as 0. */
	static int compareVersions(String a, String b) {
		String[] x = a.strip().split("[._]");
		String[] y = b.strip().split("[._]");
		for (int i = 0; i < Math.max(x.length, y.length); i++) {
			String p = i < x.length ? x[i] : "0";
			String q = i < y.length ? y[i] : "0";
			int c = p.matches("\\d+") && q.matches("\\d+") ? new BigInteger(p).compareTo(new BigInteger(q))
					: p.compareTo(q);
			if (c != 0) {
				return c;
			}
		}
		return 0;
	}
}

package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Map;

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

import org.springframework.stereotype.Component;

/**
 * Alembic's recorded head differs from the code's head: the database is at exactly the expected head when some
 * {@code alembic_version} table holds that one revision and nothing else (several rows are several branch heads,
 * none is "at base"). Never repaired automatically: the missing migrations' DDL lives in the application.
 */
@Component
final class MigrationHeadMismatch implements Rule {

	private final RuleDescription description = new RuleDescription("migration-head-mismatch",
			"Alembic head differs from the expected head",
			Severity.HIGH, RuleCategory.CONTRACT,
			"The code expects the schema of its head revision; a database behind it lacks what the missing "
					+ "migrations create, one ahead has changes the code does not know.",
			false);

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		List<MigrationHistory.Alembic> tables = context.snapshot().migrations().alembic();
		ContractFindings findings = new ContractFindings();
		for (Expectation expectation : context.expectations()) {
			MigrationExpectations migrations = expectation.contract().migrations();
			if (migrations == null || migrations.alembic() == null || migrations.alembic().head() == null) {
				continue;
			}
			String head = migrations.alembic().head().strip();
			if (tables.stream().anyMatch(t -> t.heads().equals(List.of(head)))) {
				continue;
			}
			List<Map<String, Object>> actual = tables.stream()
				.map(t -> Map.<String, Object>of("table", t.schema() + "." + t.table(), "heads", t.heads()))
				.toList();
			String found = tables.isEmpty() ? "no alembic_version table"
					: tables.size() == 1 ? "heads " + tables.get(0).heads() : "heads " + actual;
			findings.add(Violation.of(this, ObjectRef.of("migration", null, "alembic"),
					"Alembic is at " + found + ", expected head " + head,
					ContractFindings.evidence("source", expectation.source().name(), "tool", "alembic",
							"expectedHead", head, "actual", tables.isEmpty() ? "no alembic_version table" : actual),
					Repair.manual("Tidemark does not know the DDL of the missing migration(s)",
							"Run the missing migration(s) with `alembic upgrade " + head
									+ "` from the application's release")));
		}
		return findings.list();
	}
}

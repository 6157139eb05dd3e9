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
import dev.tidemark.inspection.model.TimescaleInfo;
import dev.tidemark.inspection.model.TimescaleInfo.Hypertable;
import dev.tidemark.inspection.model.TimescaleInfo.ReferencingForeignKey;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;

/**
 * A foreign key that references a hypertable through a plain unique INDEX instead of a PRIMARY KEY/UNIQUE
 * constraint. Before TimescaleDB 2.26 (issue #8082, fixed by PR #9378) the first insert into every new chunk then
 * fails with "index for constraint not found on chunk": CRITICAL there, LOW from 2.26 on (works, but one upgrade
 * away from nothing and still fragile across restores).
 */
@Component
final class HypertableFkOnUniqueIndexRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID,
			"Foreign key references a hypertable through a unique index",
			Severity.CRITICAL, RuleCategory.HEALTH,
			"Before TimescaleDB 2.26 a foreign key whose referenced key is a CREATE UNIQUE INDEX (not a "
					+ "constraint) is cloned onto each new chunk before the chunk's indexes exist, so the first insert "
					+ "into every new time range fails with \"index for constraint not found on chunk\".",
			false);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "hypertable-fk-on-unique-index";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		TimescaleInfo timescale = context.snapshot().timescale();
		if (timescale == null) {
			return List.of();
		}
		boolean affected = TimescaleSupport.olderThan(timescale.version(), 2, 26);
		List<Violation> violations = new ArrayList<>();
		for (Hypertable hypertable : timescale.hypertables()) {
			for (ReferencingForeignKey fk : hypertable.referencingForeignKeys()) {
				if (fk.via() == ReferencingForeignKey.Via.UNIQUE_INDEX) {
					violations.add(violation(timescale.version(), affected, hypertable, fk));
				}
			}
		}
		return violations;
	}

	private Violation violation(String version, boolean affected, Hypertable hypertable, ReferencingForeignKey fk) {
		String message = "Foreign key " + fk.name() + " of " + fk.schema() + "." + fk.table() + " references hypertable "
				+ hypertable.key() + " through unique index " + fk.referencedIndex() + ", not a constraint"
				+ (affected ? "; on TimescaleDB " + version + " every insert that creates a chunk fails"
						: "; TimescaleDB " + version + " handles it, older versions fail on every new chunk");
		String columns = String.join(", ", fk.columns());
		Violation v = Violation.of(this, new ObjectRef("constraint", fk.schema(), fk.table(), fk.name()), message,
				evidence("foreignKey", fk.name(), "table", fk.schema() + "." + fk.table(), "columns", fk.columns(),
						"hypertable", hypertable.key(), "referencedIndex", fk.referencedIndex(), "timescaledbVersion",
						version, "fixedIn", "2.26.0"),
				Repair.manual("Hypertables refuse ALTER TABLE ... ADD CONSTRAINT ... USING INDEX, so the index "
						+ "cannot simply become a constraint; the fix drops and re-adds the foreign key.",
						"In a maintenance window: drop foreign key " + fk.name() + ", drop index "
								+ fk.referencedIndex() + ", ALTER TABLE " + hypertable.key() + " ADD CONSTRAINT ... "
								+ "UNIQUE (" + columns + "), then re-add the foreign key (NOT VALID, then VALIDATE); "
								+ "or upgrade TimescaleDB to 2.26 or newer."));
		return affected ? v : v.withSeverity(Severity.LOW);
	}
}

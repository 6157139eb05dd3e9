package dev.tidemark.checks.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.NamespaceChange.WidenSequence;
import dev.tidemark.inspection.model.SequenceInfo;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;

/**
 * A sequence that has used {@code sequenceWarnPercent} of its range (HIGH) or {@code sequenceCriticalPercent}
 * (CRITICAL). The range ends at the lower of the sequence's maximum and what the owning column's type holds, so
 * a bigint sequence feeding an integer column runs out with the column. A sequence never used, or one the
 * inspector may not read, has no percentage and is not reported.
 */
@Component
final class SequenceExhaustionRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Sequence running out of values",
			Severity.HIGH, RuleCategory.HEALTH,
			"When a sequence (or the column it feeds) reaches its maximum, every insert that needs a new value "
					+ "fails; a CYCLE sequence wraps instead and collides with existing keys.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "sequence-exhaustion";

	private static final Map<String, BigDecimal> COLUMN_MAX = Map.of("smallint", BigDecimal.valueOf(Short.MAX_VALUE),
			"integer", BigDecimal.valueOf(Integer.MAX_VALUE));

	/** Column types that hold every bigint: widening the sequence is then enough. */
	private static final Set<String> WIDE_COLUMNS = Set.of("bigint", "numeric");

	@Override
	public List<Violation> evaluate(CheckContext context) {
		List<Violation> violations = new ArrayList<>();
		double warn = context.settings().sequenceWarnPercent();
		double critical = context.settings().sequenceCriticalPercent();
		for (SequenceInfo s : context.snapshot().sequences()) {
			if (s.percentUsed() == null || s.percentUsed().doubleValue() < warn) {
				continue;
			}
			Violation v = violation(s, warn, critical);
			violations.add(s.percentUsed().doubleValue() >= critical ? v.withSeverity(Severity.CRITICAL) : v);
		}
		return violations;
	}

	private Violation violation(SequenceInfo s, double warn, double critical) {
		String name = s.schema() + "." + s.name();
		String column = s.ownedByTable() == null ? null : s.ownedByTable() + "." + s.ownedByColumn();
		BigDecimal columnMax = s.columnType() == null ? null : COLUMN_MAX.get(s.columnType());
		boolean columnBound = columnMax != null && columnMax.compareTo(BigDecimal.valueOf(s.maxValue())) <= 0;
		boolean ascending = s.increment() > 0;
		BigDecimal left = s.lastValue() == null ? null
				: ascending ? s.effectiveMax().subtract(BigDecimal.valueOf(s.lastValue()))
						: BigDecimal.valueOf(s.lastValue()).subtract(BigDecimal.valueOf(s.minValue()));
		String used = String.format(Locale.ROOT, "%s%%", s.percentUsed().stripTrailingZeros().toPlainString());
		String of = ascending && s.lastValue() != null
				? String.format(Locale.ROOT, " (%,d of %,d)", s.lastValue(), s.effectiveMax().toBigInteger())
				: "";
		String message = "Sequence " + name + " has used " + used + " of its range" + of + ": "
				+ (s.cycle() ? "it then wraps around and new values collide with existing ones"
						: (s.ownedByTable() == null ? "nextval() fails" : "inserts into " + s.ownedByTable() + " fail")
								+ " when it runs out");
		Map<String, Object> evidence = evidence("sequence", name, "dataType", s.dataType(), "lastValue", s.lastValue(), "increment",
						s.increment(), "minValue", s.minValue(), "maxValue", s.maxValue(), "effectiveMax",
						s.effectiveMax(), "percentUsed", s.percentUsed(), "valuesLeft", left, "ownedBy", column,
						"columnType", s.columnType(), "limitedBy",
						columnBound ? "the column type " + s.columnType() : "the sequence maximum", "warnPercent", warn,
						"criticalPercent", critical, "cycles", s.cycle() ? true : null, "cycleNote",
						s.cycle() ? "CYCLE: wraps to its minimum instead of failing, then collides with existing keys"
								: null);
		Repair repair = repair(s, name, columnBound);
		if (repair.automatic()) {
			Optional<Repair> deliberate = deliberateLimit(s, name);
			if (deliberate.isPresent()) {
				repair = deliberate.get();
			}
			else {
				evidence = ContractFindings.withChanges(evidence, List.of(new WidenSequence(s.schema(), s.name(),
						s.dataType(), s.minValue(), s.maxValue(), ascending, column, s.columnType(),
						s.ownedByTable())));
			}
		}
		return Violation.of(this, ObjectRef.of("sequence", s.schema(), s.name()), message, evidence, repair);
	}

	/**
	 * A bound below the type's own, or wrapping around, may be deliberate: not Tidemark's to lift. Only a
	 * smallint or integer sequence at its type's limit is widened.
	 */
	private static Optional<Repair> deliberateLimit(SequenceInfo s, String name) {
		if (!NARROW_TYPES.contains(s.dataType())) {
			return Optional.of(Repair.manual("The sequence is already " + s.dataType()
					+ ": there is no wider sequence type", "Find out why values are used up so fast"));
		}
		boolean ascending = s.increment() > 0;
		long typeLimit = switch (s.dataType()) {
			case "smallint" -> ascending ? Short.MAX_VALUE : Short.MIN_VALUE;
			default -> ascending ? Integer.MAX_VALUE : Integer.MIN_VALUE;
		};
		if (s.cycle() || (ascending ? s.maxValue() : s.minValue()) != typeLimit) {
			return Optional.of(Repair.manual("Sequence " + name + (s.cycle() ? " cycles" : " has its own "
					+ (ascending ? "MAXVALUE " + s.maxValue() : "MINVALUE " + s.minValue())) + ", which may be deliberate",
					"If the limit is not intended, ALTER SEQUENCE " + name + " AS bigint "
							+ (ascending ? "MAXVALUE " : "MINVALUE ") + "... by hand"));
		}
		return Optional.empty();
	}

	/** Sequence types narrower than bigint, as format_type prints them. */
	private static final Set<String> NARROW_TYPES = Set.of("smallint", "integer");

	private static Repair repair(SequenceInfo s, String name, boolean columnBound) {
		if (s.columnType() == null) {
			return Repair.manual("The sequence is not owned by a column, so Tidemark cannot tell what its values "
					+ "feed.", "If every column it feeds is bigint, ALTER SEQUENCE " + name + " AS bigint; otherwise "
							+ "widen those columns first (see the bigint migration path for owned sequences).");
		}
		if (columnBound) {
			return Repair.manual("The limit is the " + s.columnType() + " column " + s.ownedByTable() + "."
					+ s.ownedByColumn() + ": ALTER COLUMN ... TYPE bigint rewrites the table under an ACCESS "
					+ "EXCLUSIVE lock.", "Migrate to bigint without a long lock: add a bigint column, keep it in step "
							+ "with a trigger, backfill it in batches, build its unique index concurrently, then swap "
							+ "the columns (and the key constraint, USING INDEX) in one short transaction; finally "
							+ "ALTER SEQUENCE " + name + " AS bigint. Buy time meanwhile only if negative values are "
							+ "acceptable (restart the sequence at the type's minimum).");
		}
		if (WIDE_COLUMNS.contains(s.columnType()) && !"bigint".equals(s.dataType())) {
			return Repair.automatic("ALTER SEQUENCE " + name + " AS bigint " + (s.increment() > 0
					? "MAXVALUE " + Long.MAX_VALUE : "MINVALUE " + Long.MIN_VALUE) + ": the column "
					+ "is already " + s.columnType() + ", so only the sequence changes (quick, no table rewrite).");
		}
		if ("bigint".equals(s.dataType()) && s.maxValue() < Long.MAX_VALUE && s.increment() > 0) {
			return Repair.manual("The sequence's own MAXVALUE (" + s.maxValue() + ") is the limit; it may be "
					+ "deliberate.", "If it is not, raise it with ALTER SEQUENCE " + name + " MAXVALUE "
							+ Long.MAX_VALUE + ".");
		}
		return Repair.manual("Nothing is wider than bigint.", "Find out why values are used up so fast (a "
				+ "large INCREMENT or CACHE, retried inserts), or move the key to uuid or a composite key.");
	}
}

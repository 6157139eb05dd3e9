package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.TimescaleChange;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.checks.rules.ContractCatalog.Name;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.TableInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * A table that exists but is a plain table while the expectation needs a hypertable: it says so
 * ({@code hypertable:}), or it asks for a retention or compression policy, which only hypertables can have. An
 * absent table is {@code missing-table} alone; the policy rules stay quiet until the table is a hypertable.
 */
@Component
final class NotAHypertable implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Table is not a hypertable",
			Severity.HIGH, RuleCategory.CONTRACT,
			"A plain table gets no chunks, no retention and no compression: old data is never dropped, the table "
					+ "and its indexes grow without bound, and time-range queries cannot skip chunks.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "not-a-hypertable";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		ContractCatalog catalog = ContractCatalog.of(context);
		ContractFindings findings = new ContractFindings();
		for (ExpectedTable expected : TimescaleSupport.expectations(ContractCatalog.expectedTables(context))) {
			TimescaleExpectation timescale = expected.table().timescale();
			List<String> needs = needs(timescale);
			Optional<TableInfo> table = catalog.table(expected.name());
			if (needs.isEmpty() || table.isEmpty()
					|| TimescaleSupport.hypertable(context.snapshot(), expected.name()).isPresent()) {
				continue;
			}
			findings.add(violation(context, catalog, expected, table.get(), needs));
		}
		return findings.list();
	}

	/** Why the expectation needs a hypertable, in the contract's words; empty when it does not. */
	private static List<String> needs(TimescaleExpectation timescale) {
		List<String> needs = new ArrayList<>();
		if (timescale.hypertable() != null) {
			needs.add("hypertable on " + timescale.hypertable().timeColumn());
		}
		if (timescale.retention() != null) {
			needs.add("retention policy dropping after " + timescale.retention().dropAfter());
		}
		if (timescale.compression() != null && !timescale.compression().none()) {
			needs.add("compression policy" + (timescale.compression().after() == null ? ""
					: " compressing after " + timescale.compression().after()));
		}
		return needs;
	}

	private Violation violation(CheckContext context, ContractCatalog catalog, ExpectedTable expected,
			TableInfo table, List<String> needs) {
		TimescaleExpectation timescale = expected.table().timescale();
		boolean installed = context.snapshot().timescale() != null;
		String timeColumn = timescale.hypertable() != null ? timescale.hypertable().timeColumn() : onlyTimeColumn(table);
		String timeColumnSource = timescale.hypertable() != null ? "contract"
				: timeColumn == null ? null : "the table's only date/timestamp column";
		List<String> keysWithoutTime = timeColumn == null ? List.of() : keysWithoutTime(catalog, expected, timeColumn);
		String message = "Table " + expected.name().text() + " is a plain table, but the " + expected.source().toLowerCase(Locale.ROOT)
				+ " expects " + String.join(", ", needs)
				+ (timescale.hypertable() == null ? " (only hypertables can have policies)" : "");
		Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "expected", needs,
				"actual", "plain table", "timescaledbInstalled", installed, "timeColumn", timeColumn,
				"timeColumnSource", timeColumnSource, "uniqueKeysWithoutTimeColumn",
				keysWithoutTime.isEmpty() ? null : keysWithoutTime);
		Repair repair = repair(installed, timeColumn, keysWithoutTime, timescale);
		if (repair.automatic()) {
			evidence = ContractFindings.withChanges(evidence, changes(context, expected.name(), timeColumn, timescale));
		}
		return Violation.of(this, ObjectRef.table(expected.name().schema(), expected.name().name()), message,
				evidence, repair);
	}

	/**
	 * create_hypertable (by_range from TimescaleDB 2.13), then the compression (when the expectation says after how
	 * long) and the retention the expectation asks for.
	 */
	private static List<TimescaleChange> changes(CheckContext context, Name table, String timeColumn,
			TimescaleExpectation timescale) {
		String timescaleSchema = TimescaleSupport.extensionSchema(context.snapshot());
		List<TimescaleChange> changes = new ArrayList<>();
		changes.add(new TimescaleChange.CreateHypertable(table.schema(), table.name(), timescaleSchema, timeColumn,
				!TimescaleSupport.olderThan(context.snapshot().timescale().version(), 2, 13)));
		if (compressesAfter(timescale)) {
			changes.addAll(TimescaleSupport.compressionChanges(table, timescaleSchema, timescale.compression(), false));
		}
		if (timescale.retention() != null) {
			changes.add(new TimescaleChange.AddRetentionPolicy(table.schema(), table.name(), timescaleSchema,
					timescale.retention().dropAfter()));
		}
		return changes;
	}

	private static boolean compressesAfter(TimescaleExpectation timescale) {
		return timescale.compression() != null && !timescale.compression().none()
				&& timescale.compression().after() != null;
	}

	/** Without a named time column, the one date/timestamp column is the only honest guess. */
	private static @Nullable String onlyTimeColumn(TableInfo table) {
		List<String> candidates = table.columns()
			.stream()
			.filter(c -> c.type().equals("date") || c.type().startsWith("timestamp"))
			.map(ColumnInfo::name)
			.toList();
		return candidates.size() == 1 ? candidates.get(0) : null;
	}

	/** create_hypertable refuses a table whose PK, UNIQUE constraint or unique index lacks the time column. */
	private static List<String> keysWithoutTime(ContractCatalog catalog, ExpectedTable expected, String timeColumn) {
		List<String> keys = new ArrayList<>();
		for (ConstraintInfo c : catalog.constraints(expected.name())) {
			if ((c.type() == ConstraintInfo.ConstraintType.PRIMARY_KEY || c.type() == ConstraintInfo.ConstraintType.UNIQUE)
					&& !c.columns().contains(timeColumn)) {
				keys.add(c.name());
			}
		}
		for (IndexInfo i : catalog.indexes(expected.name())) {
			if (i.unique() && i.constraint() == null && !i.columns().contains(timeColumn)) {
				keys.add(i.name());
			}
		}
		return keys;
	}

	private static Repair repair(boolean installed, @Nullable String timeColumn, List<String> keysWithoutTime,
			TimescaleExpectation timescale) {
		if (!installed) {
			return Repair.manual("TimescaleDB is not installed in this database.",
					"Install the timescaledb extension (shared_preload_libraries, then CREATE EXTENSION) and scan again.");
		}
		if (timeColumn == null) {
			return Repair.manual("The expectation names no time column and the table has no single date/timestamp "
					+ "column to partition by.", "Name it in the contract (timescale.hypertable.timeColumn) and scan again.");
		}
		if (!keysWithoutTime.isEmpty()) {
			return Repair.manual("create_hypertable refuses a table whose primary key or unique keys ("
					+ String.join(", ", keysWithoutTime) + ") do not include the time column " + timeColumn + ".",
					"Change those keys to include " + timeColumn + " (a decision about the data model), then scan again.");
		}
		Optional<Repair> unsafe = compressesAfter(timescale)
				? TimescaleSupport.unsafeCompression(timescale.compression(), false) : Optional.empty();
		if (unsafe.isEmpty() && timescale.retention() != null) {
			unsafe = ContractSql.unsafeFragment(timescale.retention().dropAfter(), "retention interval");
		}
		if (unsafe.isPresent()) {
			return unsafe.get();
		}
		List<String> then = new ArrayList<>();
		if (timescale.compression() != null && !timescale.compression().none()) {
			then.add("enable compression and add its policy");
		}
		if (timescale.retention() != null) {
			then.add("add the retention policy (it deletes data older than " + timescale.retention().dropAfter()
					+ " at its next run)");
		}
		return Repair.automatic("Convert the table with create_hypertable(..., '" + timeColumn
				+ "', migrate_data => true): HIGH risk, it takes an exclusive lock and copies every row into chunks, "
				+ "so writes wait for the whole copy" + (then.isEmpty() ? "" : "; then " + String.join(" and ", then))
				+ ".");
	}
}

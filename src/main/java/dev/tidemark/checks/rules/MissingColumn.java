package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.RelationChange.AddColumn;
import dev.tidemark.checks.change.RelationChange.ColumnDef;
import dev.tidemark.checks.contract.Contract.ColumnExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.TableInfo;

import org.springframework.stereotype.Component;

/**
 * An expected column is absent from a table that exists (an absent table is {@code missing-table} alone). Added
 * automatically when its type is known, except where ADD COLUMN would fail or rewrite the table: NOT NULL
 * without a default fails on a table with rows, and a volatile default rewrites every row under an ACCESS
 * EXCLUSIVE lock.
 */
@Component
final class MissingColumn implements Rule {

	private final RuleDescription description = new RuleDescription("missing-column", "Expected column is missing",
			Severity.HIGH, RuleCategory.CONTRACT,
			"Queries and inserts that name the column fail with 'column does not exist'.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	/** Functions whose default makes ADD COLUMN rewrite the table (PostgreSQL 11+ only skips non-volatile ones). */
	private static final Pattern VOLATILE = Pattern.compile("(?i)\\b(nextval|random|gen_random_uuid"
			+ "|uuid_generate_v[0-9a-z]*|clock_timestamp|timeofday|txid_current)\\s*\\(");

	@Override
	public List<Violation> evaluate(CheckContext context) {
		return ContractFindings.forPresentTables(context, this::checkTable).list();
	}

	private void checkTable(ContractCatalog catalog, ExpectedTable expected, TableInfo table, ContractFindings findings) {
		for (ColumnExpectation column : expected.table().columns()) {
			if (ContractCatalog.column(table, column.name()).isPresent()) {
				continue;
			}
			Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "expected",
					"column exists", "actual", "no such column", "expectedType", column.type(), "expectedNullable",
					column.nullable(), "expectedDefault", column.defaultValue());
			Repair repair = repair(column);
			if (repair.automatic()) {
				evidence = ContractFindings.withChanges(evidence,
						List.of(change(expected.name().schema(), expected.name().name(), column)));
			}
			findings.add(Violation.of(this,
					ObjectRef.column(expected.name().schema(), expected.name().name(), column.name()),
					"Column " + column.name() + " of " + expected.name().text() + " is expected but does not exist",
					evidence, repair));
		}
	}

	/** The column as the contract states it; not a rewrite, since {@link #repair} refuses volatile defaults. */
	private static AddColumn change(String schema, String table, ColumnExpectation column) {
		String type = Objects.requireNonNull(column.type()).strip();
		String dflt = column.defaultValue() == null ? null : column.defaultValue().strip();
		return new AddColumn(schema, table, new ColumnDef(column.name(), type, null, dflt,
				Boolean.FALSE.equals(column.nullable()), null, null), false);
	}

	private static Repair repair(ColumnExpectation column) {
		if (column.type() == null) {
			return Repair.manual("The expectation gives no type for the column, so there is nothing to add",
					"State its type in the contract, or add it through the application's migrations");
		}
		boolean notNull = Boolean.FALSE.equals(column.nullable());
		String definition = column.type() + (column.defaultValue() == null ? "" : " DEFAULT " + column.defaultValue())
				+ (notNull ? " NOT NULL" : "");
		if (notNull && column.defaultValue() == null) {
			return Repair.manual("ADD COLUMN ... NOT NULL without a default fails while the table has rows",
					"Add the column nullable, backfill it in batches, then set NOT NULL (or give it a default)");
		}
		if (column.defaultValue() != null && VOLATILE.matcher(column.defaultValue()).find()) {
			return Repair.manual("A volatile default (" + column.defaultValue().strip().toLowerCase(Locale.ROOT)
					+ ") makes ADD COLUMN rewrite the whole table under an ACCESS EXCLUSIVE lock",
					"Add the column without a default, SET DEFAULT, then backfill existing rows in batches");
		}
		Optional<Repair> unsafe = ContractSql.unsafeType(column.type())
			.or(() -> ContractSql.unsafeFragment(column.defaultValue(), "default"));
		if (unsafe.isPresent()) {
			return unsafe.get();
		}
		return Repair.automatic("ALTER TABLE ... ADD COLUMN " + SqlIdentifiers.quoteIdent(column.name()) + " " + definition
				+ " (no table rewrite: the default, if any, is not volatile)");
	}
}

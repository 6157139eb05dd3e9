package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Optional;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract.ColumnExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.checks.rules.ContractCatalog.Name;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.TableInfo;

import org.springframework.stereotype.Component;

/**
 * A column's type differs from the expected one after normalizing spellings ({@link ColumnTypes}). Never repaired
 * automatically: ALTER COLUMN ... TYPE rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, and a
 * narrowing change can fail or lose data halfway.
 */
@Component
final class ColumnTypeMismatch implements Rule {

	private final RuleDescription description = new RuleDescription("column-type-mismatch",
			"Column type differs from the expected type",
			Severity.HIGH, RuleCategory.CONTRACT,
			"Values the applications write may not fit (overflow, truncation) or may be read back differently "
					+ "(time zones, precision).",
			false);

	@Override
	public RuleDescription description() {
		return description;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		return ContractFindings.forPresentTables(context, this::checkTable).list();
	}

	private void checkTable(ContractCatalog catalog, ExpectedTable expected, TableInfo table, ContractFindings findings) {
		for (ColumnExpectation column : expected.table().columns()) {
			Optional<ColumnInfo> actual = ContractCatalog.column(table, column.name());
			if (column.type() == null || actual.isEmpty() || ColumnTypes.same(column.type(), actual.get().type())) {
				continue;
			}
			findings.add(Violation.of(this,
					ObjectRef.column(expected.name().schema(), expected.name().name(), column.name()),
					"Column " + column.name() + " of " + expected.name().text() + " is " + actual.get().type()
							+ ", expected " + column.type(),
					ContractFindings.evidence("source", expected.source(), "expectedType", column.type(),
							"actualType", actual.get().type(), "expectedTypeNormalized",
							ColumnTypes.parse(column.type()).text(), "actualTypeNormalized",
							ColumnTypes.parse(actual.get().type()).text()),
					onCompressedHypertable(catalog, expected.name(), "retype").orElse(Repair.manual("A type change "
							+ "rewrites the table and its indexes under an ACCESS EXCLUSIVE lock; there is no safe "
							+ "automatic form",
							"Through the application's migrations: add a new column of type " + column.type()
									+ ", backfill it in batches, switch the applications to it, then swap the "
									+ "names and drop the old column"))));
		}
	}

	/**
	 * The refusal of a column change ({@code what}: drop, retype) on a hypertable with compression enabled, where
	 * compressed chunks must be decompressed (a rewrite of every one) first; empty elsewhere.
	 */
	static Optional<Repair> onCompressedHypertable(ContractCatalog catalog, Name table, String what) {
		return TimescaleSupport.hypertable(catalog.snapshot(), table)
			.filter(h -> h.compressionEnabled())
			.map(h -> Repair.manual("Refusing to " + what + " a column of hypertable " + table.text()
					+ ", which has compression enabled: TimescaleDB refuses or restricts column changes on compressed "
					+ "hypertables, and a type change rewrites every chunk",
					"Pause the compression policy, decompress the affected chunks (decompress_chunk), change the "
							+ "column in a maintenance window through the application's migrations, then recompress"));
	}
}

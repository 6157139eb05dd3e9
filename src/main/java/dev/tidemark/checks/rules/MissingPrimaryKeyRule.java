package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.RelationChange.AddKeyUsingIndex;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.inspection.model.CatalogObject;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.TableInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;

/**
 * A table without a primary key. Partitions are covered by their parent, views and foreign tables cannot have
 * one, and Liquibase's changelog table has none by design.
 */
@Component
final class MissingPrimaryKeyRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Table without a primary key",
			Severity.HIGH, RuleCategory.HEALTH,
			"Without a primary key, rows cannot be updated or deleted one at a time reliably, logical "
					+ "replication cannot replicate UPDATE and DELETE, and duplicates creep in unnoticed.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "missing-primary-key";

	/** Liquibase creates its changelog without a key; Tidemark's own changelog on a target is the same table. */
	private static final Set<String> KEYLESS_BY_DESIGN = Set.of("databasechangelog", "tidemark_databasechangelog");

	@Override
	public List<Violation> evaluate(CheckContext context) {
		Set<String> keyed = context.snapshot()
			.constraints()
			.stream()
			.filter(c -> c.type() == ConstraintInfo.ConstraintType.PRIMARY_KEY)
			.map(ConstraintInfo::tableKey)
			.collect(Collectors.toSet());
		Set<String> liquibaseTables = context.snapshot()
			.migrations()
			.liquibase()
			.stream()
			.map(l -> CatalogObject.qualified(l.schema(), l.table()))
			.collect(Collectors.toSet());
		// Candidate keys are looked up per keyless table: group the unique indexes by table once, not per table.
		Map<String, List<IndexInfo>> uniqueIndexes = context.snapshot()
			.indexes()
			.stream()
			.filter(i -> i.unique() && i.valid() && !i.partial() && !i.columns().isEmpty())
			.collect(Collectors.groupingBy(IndexInfo::tableKey));
		List<Violation> violations = new ArrayList<>();
		// index names this evaluation generates (schema\0name): two new keys never get the same name
		Set<String> claimed = new HashSet<>();
		for (TableInfo table : context.snapshot().tables()) {
			if (table.kind() == TableInfo.TableKind.FOREIGN_TABLE || table.isPartition()
					|| keyed.contains(table.key()) || liquibaseTables.contains(table.key())
					|| KEYLESS_BY_DESIGN.contains(table.name().toLowerCase(Locale.ROOT))) {
				continue;
			}
			violations.add(violation(context, table, uniqueIndexes.getOrDefault(table.key(), List.of()), claimed));
		}
		return violations;
	}

	private Violation violation(CheckContext context, TableInfo table, List<IndexInfo> uniqueIndexes,
			Set<String> claimed) {
		Map<String, ColumnInfo> columns = table.columns()
			.stream()
			.collect(Collectors.toMap(ColumnInfo::name, c -> c, (a, b) -> a));
		Optional<IndexInfo> uniqueIndex = uniqueNotNullIndex(uniqueIndexes, columns);
		Optional<List<String>> contractKey = HealthSupport.tableExpectation(context, table.schema(), table.name())
			.map(Contract.TableExpectation::primaryKey)
			.filter(key -> !key.isEmpty());
		ColumnInfo id = columns.get("id");

		List<String> candidate = null;
		String source = null;
		if (contractKey.isPresent()) {
			candidate = contractKey.get();
			source = "contract";
		}
		else if (uniqueIndex.isPresent()) {
			candidate = uniqueIndex.get().columns();
			source = "unique index " + uniqueIndex.get().name();
		}
		else if (id != null) {
			candidate = List.of("id");
			source = "id column";
		}
		boolean partitioned = table.kind() == TableInfo.TableKind.PARTITIONED_TABLE;
		Map<String, Object> evidence = evidence("table", table.key(), "tableKind",
				partitioned ? "partitioned table" : "table", "hasIdColumn", id != null, "idColumn",
				id == null ? null : evidence("type", id.type(), "nullable", id.nullable()), "uniqueIndexCandidate",
				uniqueIndex.map(i -> evidence("name", i.name(), "columns", i.columns())).orElse(null),
				"contractPrimaryKey", contractKey.orElse(null), "candidateKey", candidate, "candidateSource",
				source);
		Repair repair = repair(candidate, columns, partitioned);
		if (repair.automatic()) {
			List<String> absent = candidate.stream().filter(c -> !columns.containsKey(c)).toList();
			if (!absent.isEmpty()) {
				repair = Repair.manual("Key column " + absent.get(0) + " does not exist",
						"Add the column first (see missing-column), then scan again");
			}
			else {
				String existing = uniqueIndex.isPresent() && source.equals("unique index " + uniqueIndex.get().name())
						? uniqueIndex.get().name() : null;
				evidence = ContractFindings.withChanges(evidence, List.of(primaryKey(context.snapshot(), table,
						candidate, columns, existing, claimed)));
			}
		}
		return Violation.of(this, ObjectRef.table(table.schema(), table.name()),
				"Table " + table.key() + " has no primary key", evidence, repair)
			.about("primary-key:" + table.schema() + "." + table.name());
	}

	/**
	 * The key through {@code existingIndex}, or through a unique index built under a new free name; nullable key
	 * columns get NOT NULL first.
	 */
	static AddKeyUsingIndex primaryKey(CatalogSnapshot snapshot, TableInfo table, List<String> key,
			Map<String, ColumnInfo> columns, @Nullable String existingIndex, Set<String> claimed) {
		String name = existingIndex != null ? existingIndex
				: IndexRepairs.freeName(snapshot, claimed, table.schema(), table.name(), "_pkey");
		return new AddKeyUsingIndex(table.schema(), table.name(), name, "PRIMARY_KEY", key,
				key.stream().filter(c -> columns.get(c).nullable()).toList(), existingIndex == null,
				!ContractSql.singleBackend(snapshot));
	}

	/** A valid, non-partial unique index on plain NOT NULL columns: it already is a key in all but name. */
	private static Optional<IndexInfo> uniqueNotNullIndex(List<IndexInfo> uniqueIndexes,
			Map<String, ColumnInfo> columns) {
		return uniqueIndexes.stream()
			.filter(i -> i.columns().stream().allMatch(c -> columns.containsKey(c) && !columns.get(c).nullable()))
			.min(Comparator.comparingInt((IndexInfo i) -> i.columns().size()).thenComparing(IndexInfo::name));
	}

	private static Repair repair(List<String> candidate, Map<String, ColumnInfo> columns, boolean partitioned) {
		if (candidate == null) {
			return Repair.manual("No candidate key: no NOT NULL unique index, no id column and no primary key "
					+ "in the contract.", "Name the key in the contract (tables[].primaryKey), or add a NOT NULL "
							+ "unique column, and scan again.");
		}
		String keyText = "(" + String.join(", ", candidate) + ")";
		if (partitioned) {
			// USING INDEX is not available on a partitioned table, and its key must include the partition key
			return Repair.manual("A partitioned table cannot take a primary key through a concurrently built index.",
					"In a maintenance window, ALTER TABLE ... ADD PRIMARY KEY " + keyText
							+ " (the key must include the partition key columns); it builds the index on every "
							+ "partition under a lock that blocks writes.");
		}
		boolean nullable = candidate.stream().anyMatch(c -> columns.containsKey(c) && columns.get(c).nullable());
		return Repair.automatic("Add the primary key " + keyText
				+ " through a unique index built concurrently, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX"
				+ (nullable ? "; the nullable key columns first get NOT NULL through a validated CHECK, "
						+ "so no long lock is taken" : "")
				+ ".");
	}
}

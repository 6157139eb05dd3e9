package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.RelationChange;
import dev.tidemark.checks.change.RelationChange.CreateIndex;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.TableInfo;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;
import static dev.tidemark.common.SqlIdentifiers.qualified;

/**
 * A foreign key whose columns lead no usable index on the referencing table. Usable: valid (or on a partitioned
 * parent, where it is valid once every partition's index is attached), btree (or hash for one column), the FK
 * columns first in any order, and either not partial or partial on exactly "these columns IS NOT NULL", which
 * every FK lookup implies. Foreign keys on the same columns share one finding: one index serves them all.
 */
@Component
final class UnindexedForeignKeyRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Foreign key without a supporting index",
			Severity.MEDIUM, RuleCategory.HEALTH,
			"Without an index on the referencing columns, every DELETE or key UPDATE on the referenced table "
					+ "scans the referencing table, under locks, and ON DELETE CASCADE gets slower as it grows.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "unindexed-foreign-key";

	private static final Pattern NOT_NULL = Pattern.compile("^(.+) IS NOT NULL$");

	/** Weaker than the contract's missing-index (20): a contract that names the index describes it better. */
	@Override
	public int precedence() {
		return 30;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		Set<String> partitioned = context.snapshot()
			.tables()
			.stream()
			.filter(t -> t.kind() == TableInfo.TableKind.PARTITIONED_TABLE)
			.map(TableInfo::key)
			.collect(Collectors.toSet());
		Map<String, List<IndexInfo>> indexes = context.snapshot()
			.indexes()
			.stream()
			.collect(Collectors.groupingBy(IndexInfo::tableKey));
		Map<String, List<ConstraintInfo>> unindexed = new LinkedHashMap<>();
		for (ConstraintInfo fk : context.snapshot().constraints()) {
			// clones on partitions are covered by the parent's finding
			if (fk.type() != ConstraintInfo.ConstraintType.FOREIGN_KEY || fk.inherited() || fk.columns().isEmpty()) {
				continue;
			}
			boolean parent = partitioned.contains(fk.tableKey());
			if (indexes.getOrDefault(fk.tableKey(), List.of()).stream().noneMatch(i -> supports(i, fk, parent))) {
				unindexed.computeIfAbsent(subject(fk), k -> new ArrayList<>()).add(fk);
			}
		}
		List<Violation> violations = new ArrayList<>();
		Set<String> claimed = new HashSet<>();
		unindexed.forEach((subject, fks) -> {
			boolean parent = partitioned.contains(fks.get(0).tableKey());
			Violation v = violation(fks, subject, indexes.getOrDefault(fks.get(0).tableKey(), List.of()), parent);
			// a partitioned table (ON ONLY the parent, then concurrently per partition) and a single-backend
			// server (without CONCURRENTLY) build by keys; elsewhere the reference's plain CreateIndex
			ConstraintInfo fk = fks.get(0);
			String name = indexName(context.snapshot(), fk, claimed);
			RelationChange change;
			if (!parent && !ContractSql.singleBackend(context.snapshot())) {
				change = new CreateIndex(fk.schema(), fk.table(), name, "CREATE INDEX " + SqlIdentifiers.quote(name)
						+ " ON " + qualified(fk.schema(), fk.table()) + " (" + SqlIdentifiers.quoteAll(fk.columns())
						+ ")", false);
			}
			else {
				TableInfo table = context.snapshot()
					.tables()
					.stream()
					.filter(t -> t.key().equals(fk.tableKey()))
					.findFirst()
					.orElseThrow();
				try {
					change = IndexRepairs.index(context.snapshot(), table, name, String.join("_", fk.columns()),
							fk.columns().stream().map(SqlIdentifiers::quote).toList(), false, null, null,
							"deletes and key updates on the referenced table stop scanning " + fk.tableKey(), claimed);
				}
				catch (IndexRepairs.Refused refused) {
					violations.add(new Violation(v.ruleId(), v.severity(), v.object(), v.message(), v.evidence(),
							refused.repair(), v.subject()));
					return;
				}
			}
			v = new Violation(v.ruleId(), v.severity(), v.object(), v.message(),
					ContractFindings.withChanges(v.evidence(), List.of(change)), v.repair(), v.subject());
			violations.add(v);
		});
		return violations;
	}

	/**
	 * The name of the foreign key's index: that of an INVALID index a failed build left with this definition
	 * (dropped and built again), else a new free name.
	 */
	private static String indexName(CatalogSnapshot snapshot, ConstraintInfo fk, Set<String> claimed) {
		String name = snapshot.indexes()
			.stream()
			.filter(i -> !i.valid() && i.constraint() == null && i.schema().equals(fk.schema())
					&& i.table().equals(fk.table()) && !i.unique() && i.columns().equals(fk.columns())
					&& i.includedColumns().isEmpty() && i.predicate() == null && i.method().equalsIgnoreCase("btree"))
			.map(IndexInfo::name)
			.filter(n -> !claimed.contains(fk.schema() + "\0" + n))
			.findFirst()
			.orElseGet(() -> ContractSql.freeName(fk.table() + "_" + String.join("_", fk.columns()), "_idx",
					n -> claimed.contains(fk.schema() + "\0" + n)
							|| ContractSql.relationTaken(snapshot, fk.schema(), n)));
		claimed.add(fk.schema() + "\0" + name);
		return name;
	}

	static String subject(ConstraintInfo fk) {
		return "fk-index:" + fk.schema() + "." + fk.table() + "(" + String.join(",", fk.columns()) + ")";
	}

	private Violation violation(List<ConstraintInfo> fks, String subject, List<IndexInfo> tableIndexes,
			boolean partitioned) {
		ConstraintInfo fk = fks.get(0);
		String table = fk.schema() + "." + fk.table();
		String columns = "(" + String.join(", ", fk.columns()) + ")";
		List<String> referenced = fks.stream()
			.map(f -> f.referencedSchema() + "." + f.referencedTable())
			.distinct()
			.toList();
		String suggested = "CREATE INDEX CONCURRENTLY ON " + qualified(fk.schema(), fk.table()) + " ("
				+ SqlIdentifiers.quoteAll(fk.columns()) + ")";
		String message = "Foreign key " + fks.stream().map(ConstraintInfo::name).collect(Collectors.joining(", "))
				+ " on " + table + " " + columns + " has no supporting index: every delete or key update on "
				+ String.join(", ", referenced) + " scans " + table;
		Map<String, Object> evidence = evidence("table", table, "columns", fk.columns(), "foreignKeys",
				fks.stream().map(ConstraintInfo::name).toList(), "referencedTables", referenced, "onDelete",
				fks.stream().map(ConstraintInfo::onDelete).distinct().toList(), "suggestedIndex",
				partitioned ? null : suggested, "nearMisses", nearMisses(fk, tableIndexes, partitioned));
		Repair repair = Repair.automatic("Create an index on " + table + " " + columns + " with CREATE INDEX "
				+ "CONCURRENTLY" + (partitioned ? " (a partitioned table: an index ON ONLY the parent, built "
						+ "concurrently on each partition and attached)" : "")
				+ "; reads and writes go on while it builds.");
		return Violation.of(this, new ObjectRef("constraint", fk.schema(), fk.table(), fk.name()), message, evidence,
				repair)
			.about(subject);
	}

	static boolean supports(IndexInfo index, ConstraintInfo fk, boolean partitionedParent) {
		int n = fk.columns().size();
		boolean method = "btree".equals(index.method()) || ("hash".equals(index.method()) && n == 1);
		return (index.valid() || partitionedParent) && method && index.columns().size() >= n
				&& new HashSet<>(index.columns().subList(0, n)).equals(new HashSet<>(fk.columns()))
				&& (!index.partial() || impliedByLookup(index.predicate(), fk.columns()));
	}

	/** Whether the predicate is only {@code col IS NOT NULL} terms on FK columns, as pg_get_expr prints them. */
	static boolean impliedByLookup(String predicate, List<String> fkColumns) {
		String body = stripOuterParentheses(predicate.strip());
		Set<String> columns = new HashSet<>();
		for (String term : body.split(" AND ")) {
			Matcher m = NOT_NULL.matcher(stripOuterParentheses(term.strip()));
			if (!m.matches()) {
				return false;
			}
			columns.add(unquote(m.group(1).strip()));
		}
		return fkColumns.containsAll(columns);
	}

	private static String stripOuterParentheses(String text) {
		String s = text;
		while (s.length() >= 2 && s.charAt(0) == '(' && s.charAt(s.length() - 1) == ')' && enclosesAll(s)) {
			s = s.substring(1, s.length() - 1).strip();
		}
		return s;
	}

	/** The first parenthesis closes at the last character (quoted identifiers may hold parentheses). */
	private static boolean enclosesAll(String s) {
		int depth = 0;
		boolean quoted = false;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (!quoted && c == '(') {
				depth++;
			}
			else if (!quoted && c == ')') {
				depth--;
				if (depth == 0 && i < s.length() - 1) {
					return false;
				}
			}
		}
		return depth == 0;
	}

	private static String unquote(String identifier) {
		if (identifier.length() >= 2 && identifier.startsWith("\"") && identifier.endsWith("\"")) {
			return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
		}
		return identifier;
	}

	/** Indexes on the FK columns that do not qualify, and why: what a reader would otherwise ask about. */
	private static List<Map<String, Object>> nearMisses(ConstraintInfo fk, List<IndexInfo> indexes,
			boolean partitioned) {
		List<Map<String, Object>> misses = new ArrayList<>();
		for (IndexInfo index : indexes) {
			if (index.columns().stream().noneMatch(fk.columns()::contains)) {
				continue;
			}
			String reason;
			int n = fk.columns().size();
			if (!index.valid() && !partitioned) {
				reason = "invalid";
			}
			else if (index.columns().size() < n
					|| !new HashSet<>(index.columns().subList(0, n)).equals(new HashSet<>(fk.columns()))) {
				reason = "the foreign key columns are not its leading columns";
			}
			else if (!"btree".equals(index.method()) && !("hash".equals(index.method()) && n == 1)) {
				reason = "a " + index.method() + " index";
			}
			else {
				reason = "partial (WHERE " + index.predicate() + ")";
			}
			misses.add(evidence("index", index.name(), "columns", index.columns(), "reason", reason));
		}
		return misses.isEmpty() ? null : misses;
	}
}

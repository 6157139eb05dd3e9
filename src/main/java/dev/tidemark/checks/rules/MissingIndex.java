package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.RelationChange;
import dev.tidemark.checks.change.RelationChange.BuildIndex;
import dev.tidemark.checks.change.RelationChange.CreateIndex;
import dev.tidemark.checks.contract.Contract.IndexExpectation;
import dev.tidemark.checks.contract.Contract.MaterializedViewExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.checks.rules.ContractCatalog.Name;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.ViewInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * An expected index is absent: no valid index on the table has the expected key columns in order (expressions
 * compared layout-normalized), the same predicate when {@code where} is given (and none when it is not), and the
 * expected uniqueness and method when given. An index whose leading columns are a foreign key's columns is filed
 * under {@code fk-index:schema.table(columns)}, the subject of the health rule {@code unindexed-foreign-key},
 * which gives way to it. A materialized view with an expected {@code uniqueKey} but no unique index on exactly
 * those columns is reported under {@code matview-unique:schema.name}, where {@code matview-without-unique-index}
 * wins.
 */
@Component
final class MissingIndex implements Rule {

	private final RuleDescription description = new RuleDescription("missing-index", "Expected index is missing",
			Severity.MEDIUM, RuleCategory.CONTRACT,
			"Queries the index was made for scan the whole table; deletes on a referenced table scan the "
					+ "referencing one; REFRESH MATERIALIZED VIEW CONCURRENTLY refuses to run without a unique index.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	private static final Pattern ORDERING = Pattern
		.compile("(?i)\\s+(?:(?:asc|desc)(?:\\s+nulls\\s+(?:first|last))?|nulls\\s+(?:first|last))$");

	@Override
	public List<Violation> evaluate(CheckContext context) {
		// index names this evaluation generates (schema\0name): two new indexes never get the same name
		Set<String> claimed = new HashSet<>();
		ContractFindings findings = ContractFindings.forPresentTables(context,
				(catalog, expected, table, found) -> checkTable(catalog, expected, table, found, claimed));
		ContractCatalog catalog = ContractCatalog.of(context);
		for (Expectation expectation : context.expectations()) {
			for (MaterializedViewExpectation view : expectation.contract().materializedViews()) {
				matview(catalog, expectation, view, claimed).ifPresent(findings::add);
			}
		}
		return findings.list();
	}

	private void checkTable(ContractCatalog catalog, ExpectedTable expected, TableInfo table, ContractFindings findings,
			Set<String> claimed) {
		for (IndexExpectation index : expected.table().indexes()) {
			List<IndexInfo> indexes = catalog.indexes(expected.name());
			if (!index.columns().isEmpty()
					&& indexes.stream().noneMatch(i -> i.valid() && matches(index, i, table))) {
				findings.add(missing(catalog, expected, index, table, indexes, claimed));
			}
		}
	}

	private Violation missing(ContractCatalog catalog, ExpectedTable expected, IndexExpectation index,
			TableInfo table, List<IndexInfo> indexes, Set<String> claimed) {
		boolean unique = Boolean.TRUE.equals(index.unique());
		String part = (unique ? "UNIQUE " : "") + "(" + String.join(", ", index.columns()) + ")"
				+ (index.method() == null ? "" : " USING " + index.method())
				+ (index.where() == null ? "" : " WHERE " + index.where().strip());
		String invalid = indexes.stream()
			.filter(i -> !i.valid() && matches(index, i, table))
			.map(IndexInfo::name)
			.findFirst()
			.orElse(null);
		boolean partitioned = table.kind() == TableInfo.TableKind.PARTITIONED_TABLE;
		Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "expectedName",
				index.name(), "columns", index.columns(), "where", index.where(), "unique", index.unique(), "method",
				index.method(), "invalidIndex", invalid, "actualIndexes",
				indexes.stream().map(IndexInfo::definition).toList());
		Repair repair = Repair.automatic(repair(expected.name().text(), part, unique, invalid, partitioned));
		Optional<Repair> unsafe = unsafe(index, table);
		if (unsafe.isPresent()) {
			repair = unsafe.get();
		}
		else if (!partitioned && !ContractSql.singleBackend(catalog.snapshot())) {
			evidence = ContractFindings.withChanges(evidence,
					List.of(create(catalog, expected.name(), index, table, invalid, claimed)));
		}
		else {
			// a partitioned table (ON ONLY the parent, then concurrently per partition) or a single-backend server
			// (without CONCURRENTLY): what the reference's CreateIndex does not do
			try {
				evidence = ContractFindings.withChanges(evidence,
						List.of(build(catalog, expected.name(), index, table, invalid, claimed)));
			}
			catch (IndexRepairs.Refused refused) {
				repair = refused.repair();
			}
		}
		Violation violation = Violation.of(this,
				new ObjectRef("index", expected.name().schema(), expected.name().name(), part),
				"Table " + expected.name().text() + " has no index " + part
						+ (index.name() == null ? "" : " (expected as " + index.name() + ")"),
				evidence, repair);
		return fkColumns(catalog, expected.name(), index, table)
			.map(fk -> violation.about("fk-index:" + expected.name().schema() + "." + expected.name().name() + "("
					+ String.join(",", fk) + ")"))
			.orElse(violation);
	}

	/** What the contract wrote that cannot go into a changeset as it is: an odd method, predicate or expression. */
	private static Optional<Repair> unsafe(IndexExpectation index, TableInfo table) {
		if (index.method() != null && !index.method().strip().matches("[A-Za-z_]+")) {
			return Optional.of(Repair.manual("Unknown index method " + index.method(), "Correct the contract"));
		}
		Optional<Repair> where = ContractSql.unsafeFragment(index.where(), "index predicate");
		if (where.isPresent()) {
			return where;
		}
		return index.columns()
			.stream()
			.filter(c -> ContractSql.indexKey(c, table).isEmpty())
			.findFirst()
			.flatMap(c -> ContractSql.unsafeFragment(c, "index expression"));
	}

	/**
	 * The index under the expected name, else the name of an INVALID index a failed build left with this
	 * definition (dropped and built again), else a new free name.
	 */
	private static CreateIndex create(ContractCatalog catalog, Name table, IndexExpectation index, TableInfo info,
			@Nullable String invalid, Set<String> claimed) {
		boolean unique = Boolean.TRUE.equals(index.unique());
		String name = claimName(catalog, table, index, invalid, claimed);
		String keys = index.columns()
			.stream()
			.map(c -> ContractSql.indexKey(c, info).orElseThrow())
			.collect(Collectors.joining(", "));
		String definition = "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + SqlIdentifiers.quote(name) + " ON "
				+ SqlIdentifiers.qualified(table.schema(), table.name())
				+ (index.method() == null ? "" : " USING " + index.method().strip().toLowerCase(Locale.ROOT)) + " ("
				+ keys + ")" + (index.where() == null ? "" : " WHERE " + index.where().strip());
		return new CreateIndex(table.schema(), table.name(), name, definition, false);
	}

	private static String baseName(IndexExpectation index) {
		return index.columns().stream().map(c -> c.replaceAll("\\W+", "_")).collect(Collectors.joining("_"));
	}

	/** The expected name, else the INVALID index's, else a free one; claimed so two indexes of a plan differ. */
	private static String claimName(ContractCatalog catalog, Name table, IndexExpectation index,
			@Nullable String invalid, Set<String> claimed) {
		String name = index.name() != null ? index.name() : invalid != null ? invalid
				: ContractSql.freeName(table.name() + "_" + baseName(index),
						Boolean.TRUE.equals(index.unique()) ? "_key" : "_idx",
						n -> claimed.contains(table.schema() + "\0" + n)
								|| ContractSql.relationTaken(catalog.snapshot(), table.schema(), n));
		claimed.add(table.schema() + "\0" + name);
		return name;
	}

	/** As {@link #create}, built by keys: per partition on a partitioned table, plainly on a one-backend server. */
	private static RelationChange build(ContractCatalog catalog, Name table, IndexExpectation index, TableInfo info,
			@Nullable String invalid, Set<String> claimed) {
		boolean unique = Boolean.TRUE.equals(index.unique());
		String base = baseName(index);
		String name = claimName(catalog, table, index, invalid, claimed);
		List<String> keys = index.columns().stream().map(c -> ContractSql.indexKey(c, info).orElseThrow()).toList();
		return IndexRepairs.index(catalog.snapshot(), info, name, base, keys, unique,
				index.method() == null ? null : index.method().strip().toLowerCase(Locale.ROOT),
				index.where() == null ? null : index.where().strip(), "the contract expects it", claimed);
	}

	/** A partitioned table refuses CONCURRENTLY: ON ONLY the parent, then each partition's index attached. */
	private static String repair(String table, String part, boolean unique, @Nullable String invalid,
			boolean partitioned) {
		String create = "CREATE " + (unique ? "UNIQUE " : "") + "INDEX ";
		String keys = part.substring(unique ? 7 : 0);
		String duplicates = unique ? "; fails while duplicates exist" : "";
		if (partitioned) {
			return create + "ON ONLY the partitioned table " + table + " " + keys + ", then CONCURRENTLY on each "
					+ "partition (each in its own non-transactional changeset) and ALTER INDEX ... ATTACH PARTITION"
					+ (invalid == null ? "" : ", completing the INVALID index " + invalid) + duplicates;
		}
		return create + "CONCURRENTLY on " + table + " " + keys + " in its own non-transactional changeset"
				+ (invalid == null ? "" : ", after dropping the INVALID index " + invalid) + duplicates;
	}

	private Optional<Violation> matview(ContractCatalog catalog, Expectation expectation,
			MaterializedViewExpectation view, Set<String> claimed) {
		List<String> key = view.uniqueKey();
		Name name = Name.parse(view.name());
		Optional<ViewInfo> actual = catalog.materializedView(name);
		if (key == null || key.isEmpty() || actual.isEmpty()) {
			return Optional.empty();
		}
		// REFRESH ... CONCURRENTLY needs a valid, non-partial unique index on plain columns
		boolean present = catalog.indexes(name)
			.stream()
			.anyMatch(i -> i.unique() && i.valid() && i.predicate() == null && i.columns().size() == key.size()
					&& new HashSet<>(i.columns()).equals(new HashSet<>(key))
					&& i.columns().stream().allMatch(c -> ContractCatalog.column(actual.get(), c).isPresent()));
		if (present) {
			return Optional.empty();
		}
		String part = "UNIQUE (" + String.join(", ", key) + ")";
		return Optional.of(Violation.of(this, new ObjectRef("index", name.schema(), name.name(), part),
				"Materialized view " + name.text() + " has no unique index on " + key
						+ ", so REFRESH MATERIALIZED VIEW CONCURRENTLY fails",
				ContractFindings.withChanges(ContractFindings.evidence("source", expectation.source().name(),
						"uniqueKey", key, "unique", true, "actualIndexes",
						catalog.indexes(name).stream().map(IndexInfo::definition).toList()),
						List.of(uniqueViewIndex(catalog.snapshot(), name.schema(), name.name(), key, claimed))),
				Repair.automatic("CREATE UNIQUE INDEX CONCURRENTLY on " + name.text() + " " + part.substring(7)
						+ " in its own non-transactional changeset; fails while duplicate keys exist"))
			.about("matview-unique:" + name.schema() + "." + name.name()));
	}

	/** The unique index REFRESH MATERIALIZED VIEW CONCURRENTLY needs, under a new free name. */
	static BuildIndex uniqueViewIndex(CatalogSnapshot snapshot, String schema, String view, List<String> key,
			Set<String> claimed) {
		String name = IndexRepairs.freeName(snapshot, claimed, schema, view + "_" + String.join("_", key), "_key");
		return new BuildIndex(schema, view, name, "(" + SqlIdentifiers.quoteAll(key) + ")", true, null, null,
				"REFRESH MATERIALIZED VIEW CONCURRENTLY needs it", !ContractSql.singleBackend(snapshot));
	}

	/**
	 * The columns (in constraint order) of the widest foreign key of the table whose columns are exactly the
	 * expected index's leading columns, as {@code unindexed-foreign-key} builds its subject.
	 */
	private static Optional<List<String>> fkColumns(ContractCatalog catalog, Name table, IndexExpectation index,
			TableInfo info) {
		List<@Nullable String> leading = new ArrayList<>();
		for (String column : index.columns()) {
			String plain = stripOrdering(column);
			String unquoted = SqlIdentifiers.unquote(plain);
			leading.add(ContractCatalog.column(info, plain).isPresent() ? plain
					: ContractCatalog.column(info, unquoted).isPresent() ? unquoted : null);
		}
		List<String> best = null;
		for (ConstraintInfo fk : catalog.foreignKeys(table)) {
			int n = fk.columns().size();
			if (n <= leading.size() && new HashSet<>(leading.subList(0, n)).equals(new HashSet<>(fk.columns()))
					&& (best == null || n > best.size())) {
				best = fk.columns();
			}
		}
		return Optional.ofNullable(best);
	}

	static boolean matches(IndexExpectation expected, IndexInfo actual, TableInfo table) {
		if ((expected.unique() != null && expected.unique() != actual.unique())
				|| (expected.method() != null && !expected.method().strip().equalsIgnoreCase(actual.method()))
				|| expected.columns().size() != actual.columns().size()) {
			return false;
		}
		if (expected.where() == null ? actual.predicate() != null
				: actual.predicate() == null || !predicate(expected.where()).equals(predicate(actual.predicate()))) {
			return false;
		}
		for (int i = 0; i < expected.columns().size(); i++) {
			if (!sameKey(expected.columns().get(i), actual.columns().get(i), table)) {
				return false;
			}
		}
		return true;
	}

	/** A plain column compares by its exact name (or the name quoted); an expression layout-normalized. */
	private static boolean sameKey(String expected, String actual, TableInfo table) {
		String e = stripOrdering(expected);
		if (ContractCatalog.column(table, actual).isPresent()) {
			return e.equals(actual) || SqlIdentifiers.unquote(e).equals(actual);
		}
		return predicate(e).equals(predicate(actual));
	}

	private static String stripOrdering(String column) {
		String stripped = ORDERING.matcher(column.strip()).replaceAll("");
		return stripped.isEmpty() ? column.strip() : stripped;
	}

	/** Predicates and expressions: outer parentheses, whitespace, keyword case and literal casts ignored. */
	static String predicate(String sql) {
		return SqlText.stripOuterParentheses(SqlText.stripLiteralCasts(SqlText.normalize(sql)));
	}
}

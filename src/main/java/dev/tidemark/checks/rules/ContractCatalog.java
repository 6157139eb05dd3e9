package dev.tidemark.checks.rules;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.contract.Contract.ForeignKeyExpectation;
import dev.tidemark.checks.contract.Contract.TableExpectation;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.inspection.model.FunctionInfo;
import dev.tidemark.inspection.model.PolicyInfo;
import dev.tidemark.inspection.model.PrivilegeInfo;
import dev.tidemark.inspection.model.TriggerInfo;
import dev.tidemark.inspection.model.TypeInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.ViewInfo;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The snapshot indexed the way contract rules look things up: by (schema, name) pairs compared exactly, never by
 * dotted keys, because real names contain dots, quotes, spaces and capitals.
 */
final class ContractCatalog {

	/** A schema-qualified name, compared exactly. */
	record Name(String schema, String name) {

		/** {@code schema.name} split at the first dot, as the contract model does; no dot means {@code public}. */
		static Name parse(String qualified) {
			int dot = qualified.indexOf('.');
			return dot < 0 ? new Name("public", qualified)
					: new Name(qualified.substring(0, dot), qualified.substring(dot + 1));
		}

		String text() {
			return schema + "." + name;
		}
	}

	/** One table expectation with the expectation it came from. */
	record ExpectedTable(Expectation expectation, TableExpectation table, Name name) {

		boolean exhaustive() {
			return expectation.exhaustive();
		}

		String source() {
			return expectation.source().name();
		}
	}

	/** Weak: the index is cached by its snapshot, and a value must not keep its own key alive. */
	private final WeakReference<CatalogSnapshot> snapshot;

	private final Map<Name, TableInfo> tables = new HashMap<>();

	private final Map<Name, List<ConstraintInfo>> constraints = new HashMap<>();

	private final Map<Name, List<IndexInfo>> indexes = new HashMap<>();

	private final Map<Name, ViewInfo> views = new HashMap<>();

	private final Map<String, ExtensionInfo> extensions = new HashMap<>();

	private final Map<Name, List<FunctionInfo>> functions = new HashMap<>();

	private final Map<List<String>, TriggerInfo> triggers = new HashMap<>();

	private final Map<Name, TypeInfo> types = new HashMap<>();

	private final Map<List<String>, PolicyInfo> policies = new HashMap<>();

	private final Map<List<String>, PrivilegeInfo> privileges = new HashMap<>();

	/** Names relations take in their schema (tables, indexes, views, sequences): a new one cannot take them. */
	private final Set<Name> relationNames = new HashSet<>();

	ContractCatalog(CatalogSnapshot snapshot) {
		this.snapshot = new WeakReference<>(snapshot);
		snapshot.tables().forEach(t -> tables.put(new Name(t.schema(), t.name()), t));
		snapshot.constraints()
			.forEach(c -> constraints.computeIfAbsent(new Name(c.schema(), c.table()), k -> new ArrayList<>()).add(c));
		snapshot.indexes()
			.forEach(i -> indexes.computeIfAbsent(new Name(i.schema(), i.table()), k -> new ArrayList<>()).add(i));
		snapshot.views().forEach(v -> views.put(new Name(v.schema(), v.name()), v));
		snapshot.extensions().forEach(e -> extensions.put(e.name(), e));
		snapshot.functions()
			.forEach(f -> functions.computeIfAbsent(new Name(f.schema(), f.name()), k -> new ArrayList<>()).add(f));
		snapshot.triggers().forEach(t -> triggers.put(List.of(t.schema(), t.table(), t.name()), t));
		snapshot.types().forEach(t -> types.put(new Name(t.schema(), t.name()), t));
		snapshot.policies().forEach(p -> policies.put(List.of(p.schema(), p.table(), p.name()), p));
		snapshot.privileges().forEach(p -> privileges.put(List.of(p.objectKind(), p.object(), p.grantee()), p));
		snapshot.tables().forEach(t -> relationNames.add(new Name(t.schema(), t.name())));
		snapshot.indexes().forEach(i -> relationNames.add(new Name(i.schema(), i.name())));
		snapshot.views().forEach(v -> relationNames.add(new Name(v.schema(), v.name())));
		snapshot.sequences().forEach(q -> relationNames.add(new Name(q.schema(), q.name())));
	}

	static ContractCatalog of(CheckContext context) {
		return of(context.snapshot());
	}

	static ContractCatalog of(CatalogSnapshot snapshot) {
		return INDEXES.get(snapshot, ContractCatalog::new);
	}

	/**
	 * One index per snapshot object (weak keys compare by identity), kept as long as the snapshot is: every rule of
	 * an evaluation shares it, and so do later scans of an unchanged catalog, which reuse the cached snapshot.
	 */
	private static final Cache<CatalogSnapshot, ContractCatalog> INDEXES = Caffeine.newBuilder().weakKeys().build();

	/** Every table expectation of every expectation source, in order. */
	static List<ExpectedTable> expectedTables(CheckContext context) {
		List<ExpectedTable> result = new ArrayList<>();
		for (Expectation expectation : context.expectations()) {
			for (TableExpectation table : expectation.contract().tables()) {
				result.add(new ExpectedTable(expectation, table, Name.parse(table.name())));
			}
		}
		return result;
	}

	CatalogSnapshot snapshot() {
		// reachable while a rule reads it: the rule's context holds it
		return Objects.requireNonNull(snapshot.get(), "the indexed snapshot is gone");
	}

	/** Whether a table, index, view or sequence of the schema already has the name. */
	boolean relationTaken(String schema, String name) {
		return relationNames.contains(new Name(schema, name));
	}

	Optional<TableInfo> table(Name name) {
		return Optional.ofNullable(tables.get(name));
	}

	static Optional<ColumnInfo> column(TableInfo table, String column) {
		return table.columns().stream().filter(c -> c.name().equals(column)).findFirst();
	}

	static Optional<ColumnInfo> column(ViewInfo view, String column) {
		return view.columns().stream().filter(c -> c.name().equals(column)).findFirst();
	}

	List<ConstraintInfo> constraints(Name table) {
		return constraints.getOrDefault(table, List.of());
	}

	List<ConstraintInfo> foreignKeys(Name table) {
		return constraints(table).stream()
			.filter(c -> c.type() == ConstraintInfo.ConstraintType.FOREIGN_KEY)
			.toList();
	}

	Optional<ConstraintInfo> primaryKey(Name table) {
		return constraints(table).stream()
			.filter(c -> c.type() == ConstraintInfo.ConstraintType.PRIMARY_KEY)
			.findFirst();
	}

	List<IndexInfo> indexes(Name table) {
		return indexes.getOrDefault(table, List.of());
	}

	Optional<ViewInfo> materializedView(Name name) {
		return Optional.ofNullable(views.get(name)).filter(ViewInfo::materialized);
	}

	Optional<ViewInfo> view(Name name) {
		return Optional.ofNullable(views.get(name));
	}

	List<FunctionInfo> functions(Name name) {
		return functions.getOrDefault(name, List.of());
	}

	Optional<TriggerInfo> trigger(Name table, String name) {
		return Optional.ofNullable(triggers.get(List.of(table.schema(), table.name(), name)));
	}

	Optional<TypeInfo> type(Name name) {
		return Optional.ofNullable(types.get(name));
	}

	Optional<PolicyInfo> policy(Name table, String name) {
		return Optional.ofNullable(policies.get(List.of(table.schema(), table.name(), name)));
	}

	/** The grantee's privileges on an object, {@code objectKind} and {@code object} as {@link PrivilegeInfo} has them. */
	Optional<PrivilegeInfo> privilege(String objectKind, String object, String grantee) {
		return Optional.ofNullable(privileges.get(List.of(objectKind, object, grantee)));
	}

	Optional<ExtensionInfo> extension(String name) {
		return Optional.ofNullable(extensions.get(name));
	}

	/**
	 * Whether an actual foreign key is the expected one: same referencing table columns, same referenced table and
	 * columns (paired, in any order; no referenced columns expected means any), whatever its name and whether it
	 * is validated.
	 */
	static boolean sameForeignKey(ForeignKeyExpectation expected, ConstraintInfo actual) {
		if (actual.type() != ConstraintInfo.ConstraintType.FOREIGN_KEY) {
			return false;
		}
		Name target = Name.parse(expected.references().table());
		if (!target.schema().equals(actual.referencedSchema()) || !target.name().equals(actual.referencedTable())
				|| expected.columns().size() != actual.columns().size()) {
			return false;
		}
		List<String> referenced = expected.references().columns();
		if (referenced.isEmpty()) {
			return new HashSet<>(expected.columns()).equals(new HashSet<>(actual.columns()));
		}
		if (referenced.size() != expected.columns().size()) {
			return false;
		}
		Set<List<String>> wanted = new HashSet<>();
		Set<List<String>> found = new HashSet<>();
		for (int i = 0; i < expected.columns().size(); i++) {
			wanted.add(List.of(expected.columns().get(i), referenced.get(i)));
			found.add(List.of(actual.columns().get(i), actual.referencedColumns().get(i)));
		}
		return wanted.equals(found);
	}

	/**
	 * Whether a table is a migration tool's bookkeeping (as the snapshot's migration history found it; a Liquibase
	 * lock table goes with its changelog table) or Tidemark's own changelog on the target: never "unexpected".
	 */
	boolean bookkeeping(Name table) {
		if (tidemarkOwn(table.name())) {
			return true;
		}
		MigrationHistory history = snapshot().migrations();
		List<Name> found = new ArrayList<>();
		for (MigrationHistory.Liquibase l : history.liquibase()) {
			if (l.schema().equals(table.schema()) && (l.table().equals(table.name())
					|| (l.table() + "lock").equalsIgnoreCase(table.name()))) {
				return true;
			}
		}
		history.flyway().forEach(f -> found.add(new Name(f.schema(), f.table())));
		history.prisma().forEach(p -> found.add(new Name(p.schema(), p.table())));
		history.alembic().forEach(a -> found.add(new Name(a.schema(), a.table())));
		return found.contains(table);
	}

	/** Tidemark's own Liquibase tables on a target. */
	static boolean tidemarkOwn(String table) {
		return table.toLowerCase(Locale.ROOT).startsWith("tidemark_databasechangelog");
	}
}

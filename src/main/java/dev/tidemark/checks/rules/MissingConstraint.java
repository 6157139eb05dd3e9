package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.NamespaceChange.CreateExtension;
import dev.tidemark.checks.change.RelationChange.AddConstraint;
import dev.tidemark.checks.change.RelationChange.AddKeyUsingIndex;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.checks.contract.Contract.ConstraintExpectation;
import dev.tidemark.checks.contract.Contract.ForeignKeyExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.checks.rules.ContractCatalog.Name;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.ConstraintInfo.ConstraintType;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.inspection.model.TableInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * An expected constraint is absent: the primary key (filed under the subject {@code primary-key:schema.table},
 * which the health rule {@code missing-primary-key} shares and wins), a unique column set (satisfied by a UNIQUE
 * or PRIMARY KEY constraint on the same columns), a named constraint (and, when its definition is given, with
 * that definition), or a foreign key (matched by columns and target, whatever its name and validation state). One
 * violation per missing constraint. A missing CHECK, EXCLUDE or foreign key carries its typed change
 * ({@code AddConstraint}, and the extension an exclusion needs); a missing primary key or unique constraint an
 * {@code AddKeyUsingIndex} (its unique index built first, concurrently except on a single-backend server). A named
 * constraint whose definition differs is a manual repair: replacing it is not generated.
 */
@Component
final class MissingConstraint implements Rule {

	private final RuleDescription description = new RuleDescription("missing-constraint",
			"Expected constraint is missing",
			Severity.HIGH, RuleCategory.CONTRACT,
			"Without its key, uniqueness, foreign key or exclusion constraint the table accepts duplicates, "
					+ "orphans or overlaps, and ON CONFLICT clauses that name the key fail.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	private static final Pattern NOT_VALID = Pattern.compile("(?i)\\s+NOT\\s+VALID\\s*$");

	/** Kinds a missing named constraint is added as by a typed AddConstraint. */
	private static final Set<String> TYPED_KINDS = Set.of("CHECK", "FOREIGN KEY", "EXCLUDE");

	/** Kinds a missing named constraint is added as through a unique index built first. */
	private static final Set<String> KEY_KINDS = Set.of("PRIMARY KEY", "UNIQUE");

	private static final Pattern KEY_COLUMNS = Pattern.compile("(?i)(?:PRIMARY\\s+KEY|UNIQUE)\\s*\\(([^()]*)\\)");

	private static final Set<String> ACTIONS = Set.of("NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT");

	@Override
	public List<Violation> evaluate(CheckContext context) {
		return ContractFindings.forPresentTables(context, this::checkTable).list();
	}

	private void checkTable(ContractCatalog catalog, ExpectedTable expected, TableInfo table, ContractFindings findings) {
		// key index names generated for this table (schema\0name): two new keys never get the same name
		Set<String> keys = new HashSet<>();
		primaryKey(catalog, expected, findings, keys);
		for (List<String> columns : expected.table().unique()) {
			unique(catalog, expected, columns, findings, keys);
		}
		for (ConstraintExpectation constraint : expected.table().constraints()) {
			named(catalog, expected, constraint, findings, keys);
		}
		// foreign key names generated for this table: two on the same columns never get the same name
		Set<String> claimed = new HashSet<>();
		for (ForeignKeyExpectation foreignKey : expected.table().foreignKeys()) {
			foreignKey(catalog, expected, foreignKey, findings, claimed);
		}
	}

	private void primaryKey(ContractCatalog catalog, ExpectedTable expected, ContractFindings findings,
			Set<String> claimed) {
		List<String> columns = expected.table().primaryKey();
		if (columns == null || columns.isEmpty()) {
			return;
		}
		Optional<ConstraintInfo> actual = catalog.primaryKey(expected.name());
		if (actual.isPresent() && sameSet(actual.get().columns(), columns)) {
			return;
		}
		Repair repair = actual.isPresent()
				? Repair.manual("The table has primary key " + actual.get().name() + " on " + actual.get().columns()
						+ "; replacing it means dropping and re-creating every foreign key that references it",
						"Change the primary key through the application's migrations, or correct the expectation")
				: missingColumns(catalog, expected, columns).orElse(Repair.automatic(
						"CREATE UNIQUE INDEX CONCURRENTLY on " + columns + ", then ADD CONSTRAINT ... PRIMARY KEY "
								+ "USING INDEX (sets NOT NULL on its columns; fails while NULLs or duplicates exist)"));
		String part = "PRIMARY KEY (" + String.join(", ", columns) + ")";
		Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "constraintType",
				"PRIMARY KEY", "expectedColumns", columns, "actualPrimaryKey",
				actual.map(ConstraintInfo::name).orElse(null), "actualColumns",
				actual.map(ConstraintInfo::columns).orElse(null));
		if (repair.automatic()) {
			try {
				evidence = ContractFindings.withChanges(evidence,
						List.of(key(catalog, expected, "PRIMARY_KEY", null, columns, claimed)));
			}
			catch (IndexRepairs.Refused refused) {
				repair = refused.repair();
			}
		}
		findings.add(Violation.of(this, constraintRef(expected, part),
				"Table " + expected.name().text() + " has "
						+ actual.map(pk -> "primary key on " + pk.columns()).orElse("no primary key")
						+ ", expected " + part,
				evidence, repair)
			.about("primary-key:" + expected.name().schema() + "." + expected.name().name()));
	}

	private void unique(ContractCatalog catalog, ExpectedTable expected, List<String> columns,
			ContractFindings findings, Set<String> claimed) {
		boolean present = catalog.constraints(expected.name())
			.stream()
			.anyMatch(c -> (c.type() == ConstraintType.UNIQUE || c.type() == ConstraintType.PRIMARY_KEY)
					&& sameSet(c.columns(), columns));
		if (present || columns.isEmpty()) {
			return;
		}
		String part = "UNIQUE (" + String.join(", ", columns) + ")";
		Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "constraintType",
				"UNIQUE", "expectedColumns", columns);
		Repair repair = missingColumns(catalog, expected, columns).orElse(Repair.automatic("CREATE UNIQUE INDEX "
				+ "CONCURRENTLY on " + columns + ", then ADD CONSTRAINT ... UNIQUE USING INDEX; fails while duplicates "
				+ "exist"));
		if (repair.automatic()) {
			try {
				evidence = ContractFindings.withChanges(evidence,
						List.of(key(catalog, expected, "UNIQUE", null, columns, claimed)));
			}
			catch (IndexRepairs.Refused refused) {
				repair = refused.repair();
			}
		}
		findings.add(Violation.of(this, constraintRef(expected, part),
				"Table " + expected.name().text() + " has no unique constraint on " + columns, evidence, repair));
	}

	private void named(ContractCatalog catalog, ExpectedTable expected, ConstraintExpectation constraint,
			ContractFindings findings, Set<String> claimed) {
		Optional<ConstraintInfo> actual = catalog.constraints(expected.name())
			.stream()
			.filter(c -> c.name().equals(constraint.name()))
			.findFirst();
		String schema = expected.name().schema();
		if (actual.isPresent() && (constraint.definition() == null
				|| definition(constraint.definition(), schema).equals(definition(actual.get().definition(), schema)))) {
			return;
		}
		String kind = constraint.definition() == null ? null : kind(constraint.definition());
		Repair repair;
		if (constraint.definition() == null) {
			repair = Repair.manual("The expectation names the constraint but gives no definition to add",
					"State its definition in the contract, or add it through the application's migrations");
		}
		else if (actual.isPresent()) {
			repair = replace(kind, actual.get());
		}
		else {
			repair = add(kind, constraint.definition(), catalog);
		}
		Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "constraint",
				constraint.name(), "constraintType", kind, "expectedDefinition", constraint.definition(),
				"actualDefinition", actual.map(ConstraintInfo::definition).orElse(null), "requiresExtension",
				requiredExtension(constraint.definition()));
		if (repair.automatic() && actual.isEmpty() && KEY_KINDS.contains(kind)) {
			Optional<List<String>> columns = keyColumns(constraint.definition());
			if (columns.isEmpty()) {
				repair = Repair.manual("The " + kind + " definition is not a plain column list Tidemark builds an index "
						+ "for: " + constraint.definition(), "Add it through the application's migrations");
			}
			else {
				try {
					evidence = ContractFindings.withChanges(evidence, List.of(key(catalog, expected,
							kind.replace(' ', '_'), constraint.name(), columns.get(), claimed)));
				}
				catch (IndexRepairs.Refused refused) {
					repair = refused.repair();
				}
			}
		}
		else if (repair.automatic() && actual.isEmpty() && TYPED_KINDS.contains(kind)) {
			Optional<Repair> unsafe = ContractSql.unsafeFragment(constraint.definition(), "definition");
			if (unsafe.isPresent()) {
				repair = unsafe.get();
			}
			else {
				List<SchemaChange> changes = new ArrayList<>();
				String extension = requiredExtension(constraint.definition());
				if (extension != null && !catalog.extension(extension).map(ExtensionInfo::installed).orElse(false)) {
					// the summary already says it comes first; the plan now holds it (once, with missing-extension)
					changes.add(new CreateExtension(extension, null, null));
				}
				changes.add(new AddConstraint(schema, expected.name().name(), constraint.name(),
						kind.replace(' ', '_'), NOT_VALID.matcher(constraint.definition()).replaceAll("").strip(), true,
						partitioned(catalog, expected), null, List.of()));
				evidence = ContractFindings.withChanges(evidence, changes);
			}
		}
		findings.add(Violation.of(this, constraintRef(expected, constraint.name()),
				actual.isPresent()
						? "Constraint " + constraint.name() + " of " + expected.name().text()
								+ " has another definition than expected"
						: "Constraint " + constraint.name() + " of " + expected.name().text()
								+ " is expected but does not exist",
				evidence, repair));
	}

	private void foreignKey(ContractCatalog catalog, ExpectedTable expected, ForeignKeyExpectation foreignKey,
			ContractFindings findings, Set<String> claimed) {
		if (catalog.constraints(expected.name())
			.stream()
			.anyMatch(c -> ContractCatalog.sameForeignKey(foreignKey, c))) {
			return;
		}
		Name target = Name.parse(foreignKey.references().table());
		List<String> referenced = foreignKey.references().columns();
		String part = "FOREIGN KEY (" + String.join(", ", foreignKey.columns()) + ") REFERENCES " + target.text()
				+ (referenced.isEmpty() ? "" : "(" + String.join(", ", referenced) + ")");
		Repair repair = catalog.table(target).isEmpty()
				? Repair.manual("The referenced table " + target.text() + " does not exist",
						"Create " + target.text() + " first (see missing-table)")
				: missingColumns(catalog, expected, foreignKey.columns())
					.orElse(Repair.automatic("ADD CONSTRAINT ... " + part + actions(foreignKey)
							+ " NOT VALID, then VALIDATE CONSTRAINT (no long lock); validation fails while "
							+ "orphaned rows exist"));
		Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "constraintType",
				"FOREIGN KEY", "constraint", foreignKey.name(), "expectedColumns", foreignKey.columns(),
				"referencedTable", target.text(), "referencedColumns", foreignKey.references().columns(), "onDelete",
				foreignKey.onDelete(), "onUpdate", foreignKey.onUpdate());
		if (repair.automatic()) {
			Optional<Repair> unknown = Stream.of(foreignKey.onDelete(), foreignKey.onUpdate())
				.filter(a -> a != null && !ACTIONS.contains(SqlText.upper(a)))
				.findFirst()
				.map(a -> Repair.manual("Unknown foreign key action " + a, "Correct the contract"));
			if (unknown.isPresent()) {
				repair = unknown.get();
			}
			else {
				String table = expected.name().name();
				String name = foreignKey.name() != null ? foreignKey.name()
						: ContractSql.freeName(table + "_" + String.join("_", foreignKey.columns()), "_fkey",
								n -> claimed.contains(n) || catalog.constraints(expected.name())
									.stream()
									.anyMatch(c -> c.name().equals(n)));
				claimed.add(name);
				String definition = "FOREIGN KEY (" + SqlIdentifiers.quoteAll(foreignKey.columns()) + ") REFERENCES "
						+ SqlIdentifiers.qualified(target.schema(), target.name())
						+ (referenced.isEmpty() ? "" : " (" + SqlIdentifiers.quoteAll(referenced) + ")")
						+ actions(foreignKey);
				evidence = ContractFindings.withChanges(evidence, List.of(new AddConstraint(expected.name().schema(),
						table, name, "FOREIGN_KEY", definition, true, partitioned(catalog, expected), null, List.of())));
			}
		}
		findings.add(Violation.of(this, constraintRef(expected, part),
				"Table " + expected.name().text() + " has no foreign key " + part, evidence, repair));
	}

	/**
	 * A primary key or unique constraint through a unique index built concurrently ({@code name}, else a new free
	 * name); a primary key's nullable columns get NOT NULL first. On a partitioned table both are refused (USING
	 * INDEX needs a concurrently built index, which a partitioned table does not take).
	 */
	private static AddKeyUsingIndex key(ContractCatalog catalog, ExpectedTable expected, String type,
			@Nullable String name, List<String> columns, Set<String> claimed) {
		TableInfo table = catalog.table(expected.name()).orElseThrow();
		boolean primary = type.equals("PRIMARY_KEY");
		if (table.kind() == TableInfo.TableKind.PARTITIONED_TABLE) {
			String key = primary ? "PRIMARY KEY" : "UNIQUE";
			throw new IndexRepairs.Refused("A partitioned table cannot take a " + key.toLowerCase(Locale.ROOT)
					+ " through a concurrently built index (CREATE INDEX CONCURRENTLY is refused on it)",
					"In a maintenance window, ALTER TABLE ... ADD " + key + " (it must include the partition key)");
		}
		List<String> setNotNull = new ArrayList<>();
		for (String column : columns) {
			ColumnInfo c = table.columns()
				.stream()
				.filter(x -> x.name().equals(column))
				.findFirst()
				.orElseThrow(() -> new IndexRepairs.Refused("Key column " + column + " does not exist",
						"Add the column first (see missing-column), then scan again"));
			if (primary && c.nullable()) {
				setNotNull.add(column);
			}
		}
		String schema = expected.name().schema();
		String index = name != null ? name
				: primary ? IndexRepairs.freeName(catalog.snapshot(), claimed, schema, table.name(), "_pkey")
						: IndexRepairs.freeName(catalog.snapshot(), claimed, schema,
								table.name() + "_" + String.join("_", columns), "_key");
		return new AddKeyUsingIndex(schema, table.name(), index, type, columns, setNotNull, true,
				!ContractSql.singleBackend(catalog.snapshot()));
	}

	/** The columns of {@code PRIMARY KEY (a, "b")} or {@code UNIQUE (...)}, empty for anything more. */
	static Optional<List<String>> keyColumns(String definition) {
		Matcher m = KEY_COLUMNS.matcher(definition.strip());
		if (!m.matches()) {
			return Optional.empty();
		}
		List<String> columns = new ArrayList<>();
		for (String column : m.group(1).split(",")) {
			String c = column.strip();
			if (c.isEmpty() || !(c.matches("[a-z_][a-z0-9_$]*") || c.matches("\"([^\"]|\"\")+\""))) {
				return Optional.empty();
			}
			columns.add(SqlIdentifiers.unquote(c));
		}
		return Optional.of(columns);
	}

	private static boolean partitioned(ContractCatalog catalog, ExpectedTable expected) {
		return catalog.table(expected.name()).map(t -> t.kind() == TableInfo.TableKind.PARTITIONED_TABLE).orElse(false);
	}

	private Repair add(String kind, String definition, ContractCatalog catalog) {
		return switch (kind) {
			case "PRIMARY KEY", "UNIQUE" -> Repair.automatic("CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT "
					+ "... USING INDEX; fails while duplicates (or, for a primary key, NULLs) exist");
			case "FOREIGN KEY", "CHECK" -> Repair.automatic("ADD CONSTRAINT ... " + NOT_VALID.matcher(definition)
				.replaceAll("") + " NOT VALID, then VALIDATE CONSTRAINT; validation fails while rows violate it");
			case "EXCLUDE" -> exclude(definition, catalog);
			default -> Repair.manual("The definition is not a constraint Tidemark knows how to add: " + definition,
					"Add it through the application's migrations");
		};
	}

	private static Repair exclude(String definition, ContractCatalog catalog) {
		String extension = requiredExtension(definition);
		String summary = "ADD CONSTRAINT ... " + definition + " (no NOT VALID form: builds its index while holding "
				+ "an ACCESS EXCLUSIVE lock; fails while conflicting rows exist)";
		if (extension == null) {
			return Repair.automatic(summary);
		}
		Optional<ExtensionInfo> info = catalog.extension(extension);
		if (info.map(ExtensionInfo::installed).orElse(false)) {
			return Repair.automatic(summary);
		}
		if (info.map(e -> e.defaultVersion() != null).orElse(false)) {
			return Repair.automatic("CREATE EXTENSION " + extension + " first (see missing-extension), then " + summary);
		}
		return Repair.manual("The constraint needs extension " + extension + ", which this server does not offer",
				"Install the package that provides " + extension + " on the server, then re-scan");
	}

	private static Repair replace(String kind, ConstraintInfo actual) {
		if (actual.type() == ConstraintType.PRIMARY_KEY || actual.type() == ConstraintType.UNIQUE) {
			return Repair.manual("Replacing key " + actual.name() + " means dropping and re-creating the foreign "
					+ "keys that depend on it", "Change it through the application's migrations");
		}
		return Repair.manual("Replacing an existing constraint's definition is not generated yet",
				"Add the expected " + kind + " under a new name" + (kind.equals("EXCLUDE") ? "" : " (NOT VALID, then "
						+ "VALIDATE)") + ", drop " + actual.name() + " and rename the new one to " + actual.name()
						+ ", by hand");
	}

	/** btree_gist: a GiST exclusion with {@code =} on a scalar needs its operator classes. */
	private static String requiredExtension(String definition) {
		if (definition == null) {
			return null;
		}
		String d = SqlText.normalize(definition);
		return d.startsWith("exclude using gist") && d.matches(".*\\bwith\\s?=[,)].*") ? "btree_gist" : null;
	}

	private static Optional<Repair> missingColumns(ContractCatalog catalog, ExpectedTable expected,
			List<String> columns) {
		List<String> absent = columns.stream()
			.filter(c -> catalog.table(expected.name())
				.flatMap(t -> ContractCatalog.column(t, c))
				.isEmpty())
			.toList();
		return absent.isEmpty() ? Optional.empty()
				: Optional.of(Repair.manual("Column(s) " + absent + " do not exist yet",
						"Add the column(s) first (see missing-column), then re-scan"));
	}

	private static String actions(ForeignKeyExpectation foreignKey) {
		return (foreignKey.onDelete() == null ? "" : " ON DELETE " + SqlText.upper(foreignKey.onDelete()))
				+ (foreignKey.onUpdate() == null ? "" : " ON UPDATE " + SqlText.upper(foreignKey.onUpdate()));
	}

	/** The kind a definition starts with: PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY or EXCLUDE. */
	static String kind(String definition) {
		String d = definition.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
		for (String kind : List.of("PRIMARY KEY", "UNIQUE", "CHECK", "FOREIGN KEY", "EXCLUDE")) {
			if (d.startsWith(kind)) {
				return kind;
			}
		}
		return "UNKNOWN";
	}

	/**
	 * A definition as compared: {@code pg_get_constraintdef} layout-normalized, NOT VALID dropped (validation is
	 * {@code unvalidated-constraint}'s business), literal casts dropped, and a referenced table's qualification by
	 * the table's own schema or {@code public} dropped.
	 */
	static String definition(String definition, String schema) {
		String d = SqlText.stripLiteralCasts(SqlText.normalize(NOT_VALID.matcher(definition).replaceAll("")));
		for (String qualifier : new String[] { "public", SqlIdentifiers.quoteIdent(schema) }) {
			d = d.replaceAll("(?<![a-z0-9_$\"])references " + Pattern.quote(qualifier) + "\\.", "references ");
		}
		return d;
	}

	private static boolean sameSet(List<String> a, List<String> b) {
		return a.size() == b.size() && new HashSet<>(a).equals(new HashSet<>(b));
	}

	private static ObjectRef constraintRef(ExpectedTable expected, String part) {
		return new ObjectRef("constraint", expected.name().schema(), expected.name().name(), part);
	}
}

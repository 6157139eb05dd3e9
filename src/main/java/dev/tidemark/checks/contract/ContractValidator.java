package dev.tidemark.checks.contract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tidemark.checks.contract.Contract.ColumnExpectation;
import dev.tidemark.checks.contract.Contract.ConstraintExpectation;
import dev.tidemark.checks.contract.Contract.ExtensionExpectation;
import dev.tidemark.checks.contract.Contract.ForeignKeyExpectation;
import dev.tidemark.checks.contract.Contract.IndexExpectation;
import dev.tidemark.checks.contract.Contract.MaterializedViewExpectation;
import dev.tidemark.checks.contract.Contract.MigrationExpectations;
import dev.tidemark.checks.contract.Contract.PartitioningExpectation;
import dev.tidemark.checks.contract.Contract.TableExpectation;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.checks.IgnoreSelectors;
import org.jspecify.annotations.Nullable;

/**
 * Finds what a parsed contract says that cannot all be true, or leaves out what it must say: required names,
 * schema-qualified and unique tables, keys that list a column twice, a primary key over a column declared
 * {@code nullable: true}, {@code SET NULL} on a column declared {@code nullable: false}, unknown FK actions,
 * partition intervals and name patterns, TimescaleDB intervals. {@code columns} lists only the columns the
 * applications use, so keys may name columns it does not list. Paths use the document's keys
 * ({@code default}, not {@code defaultValue}); lines are left to {@link ContractDocuments}.
 */
public final class ContractValidator {

	/** The actions PostgreSQL prints for {@code confdeltype}/{@code confupdtype}. */
	public static final Set<String> FK_ACTIONS = Set.of("NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)\\}");

	private static final Set<String> PLACEHOLDERS = Set.of("yyyy", "MM", "dd", "ww");

	/** What a name pattern needs so that two partitions of one interval never get the same name. */
	private static final Map<String, List<Set<String>>> DISTINGUISHING = Map.of(Intervals.DAY,
			List.of(Set.of("yyyy", "MM", "dd")), Intervals.WEEK,
			List.of(Set.of("yyyy", "ww"), Set.of("yyyy", "MM", "dd")), Intervals.MONTH, List.of(Set.of("yyyy", "MM")),
			Intervals.YEAR, List.of(Set.of("yyyy")));

	private ContractValidator() {
	}

	public static List<ContractProblem> validate(Contract contract) {
		Problems problems = new Problems();
		extensions(contract.extensions(), problems);
		Set<String> relations = new HashSet<>();
		for (int i = 0; i < contract.tables().size(); i++) {
			table(contract.tables().get(i), "tables[" + i + "]", relations, problems);
		}
		for (int i = 0; i < contract.materializedViews().size(); i++) {
			materializedView(contract.materializedViews().get(i), "materializedViews[" + i + "]", relations,
					problems);
		}
		if (contract.migrations() != null) {
			migrations(contract.migrations(), problems);
		}
		ObjectKinds.validate(contract, problems);
		for (int i = 0; i < contract.ignore().size(); i++) {
			ignore(contract.ignore().get(i), "ignore[" + i + "]", problems);
		}
		return problems.list;
	}

	private static void ignore(Contract.IgnoreEntry entry, String at, Problems problems) {
		IgnoreSelectors.validate(entry.rule(), entry.kind(), entry.object(), (field, message) -> problems.add(
				at + "." + switch (field) {
					case RULE -> "rule";
					case KIND -> "kind";
					case OBJECT -> "object";
				}, message));
		problems.required(entry.reason(), at + ".reason", "say why these differences are ignored (reason)");
		if (entry.until() != null) {
			try {
				entry.expiresAt();
			}
			catch (IllegalArgumentException e) {
				problems.add(at + ".until", e.getMessage());
			}
		}
	}

	private static void extensions(List<ExtensionExpectation> extensions, Problems problems) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < extensions.size(); i++) {
			ExtensionExpectation extension = extensions.get(i);
			String at = "extensions[" + i + "]";
			if (problems.required(extension.name(), at + ".name", "an extension needs a name")
					&& !seen.add(extension.name())) {
				problems.add(at + ".name", "extension '" + extension.name() + "' is listed twice");
			}
			if (extension.version() != null && extension.version().isBlank()) {
				problems.add(at + ".version", "version is blank; leave it out to accept any version");
			}
		}
	}

	private static void table(TableExpectation table, String at, Set<String> relations, Problems problems) {
		if (qualifiedName(table.name(), at + ".name", "a table", problems) && !relations.add(table.name())) {
			problems.add(at + ".name", "table '" + table.name() + "' is listed twice");
		}
		Map<String, ColumnExpectation> columns = new HashMap<>();
		for (int i = 0; i < table.columns().size(); i++) {
			ColumnExpectation column = table.columns().get(i);
			String c = at + ".columns[" + i + "]";
			if (problems.required(column.name(), c + ".name", "a column needs a name")
					&& columns.putIfAbsent(column.name(), column) != null) {
				problems.add(c + ".name", "column '" + column.name() + "' is listed twice");
			}
			if (column.type() != null && column.type().isBlank()) {
				problems.add(c + ".type", "type is blank; leave it out to accept any type");
			}
		}
		if (table.primaryKey() != null) {
			String pk = at + ".primaryKey";
			if (key(table.primaryKey(), pk, problems)) {
				for (int i = 0; i < table.primaryKey().size(); i++) {
					ColumnExpectation column = columns.get(table.primaryKey().get(i));
					if (column != null && Boolean.TRUE.equals(column.nullable())) {
						problems.add(pk + "[" + i + "]", "primary key column '" + column.name()
								+ "' is declared nullable: true, but a primary key column is never null");
					}
				}
			}
		}
		for (int i = 0; i < table.unique().size(); i++) {
			key(table.unique().get(i), at + ".unique[" + i + "]", problems);
		}
		Set<String> constraintNames = new HashSet<>();
		for (int i = 0; i < table.foreignKeys().size(); i++) {
			foreignKey(table.foreignKeys().get(i), at + ".foreignKeys[" + i + "]", columns, constraintNames,
					problems);
		}
		for (int i = 0; i < table.indexes().size(); i++) {
			index(table.indexes().get(i), at + ".indexes[" + i + "]", problems);
		}
		for (int i = 0; i < table.constraints().size(); i++) {
			ConstraintExpectation constraint = table.constraints().get(i);
			String c = at + ".constraints[" + i + "]";
			if (problems.required(constraint.name(), c + ".name", "a constraint needs a name")
					&& !constraintNames.add(constraint.name())) {
				problems.add(c + ".name", "constraint name '" + constraint.name() + "' is used twice on this table");
			}
			if (constraint.definition() != null && constraint.definition().isBlank()) {
				problems.add(c + ".definition", "definition is blank; leave it out to accept any definition");
			}
		}
		if (table.partitioning() != null) {
			partitioning(table.partitioning(), at + ".partitioning", problems);
		}
		if (table.timescale() != null) {
			timescale(table.timescale(), at + ".timescale", problems);
		}
	}

	private static void foreignKey(ForeignKeyExpectation fk, String at, Map<String, ColumnExpectation> columns,
			Set<String> constraintNames, Problems problems) {
		if (fk.name() != null && (problems.required(fk.name(), at + ".name", "name is blank; leave it out to match any name"))
				&& !constraintNames.add(fk.name())) {
			problems.add(at + ".name", "constraint name '" + fk.name() + "' is used twice on this table");
		}
		boolean columnsOk = fk.columns() != null && key(fk.columns(), at + ".columns", problems);
		if (fk.columns() == null) {
			problems.add(at + ".columns", "a foreign key needs its columns");
		}
		boolean referencesOk = false;
		if (fk.references() == null) {
			problems.add(at + ".references", "a foreign key needs references: {table, columns}");
		}
		else {
			qualifiedName(fk.references().table(), at + ".references.table", "the referenced table", problems);
			if (fk.references().columns() == null) {
				problems.add(at + ".references.columns", "list the referenced columns");
			}
			else {
				referencesOk = key(fk.references().columns(), at + ".references.columns", problems);
			}
		}
		if (columnsOk && referencesOk && fk.columns().size() != fk.references().columns().size()) {
			problems.add(at + ".references.columns", "references " + fk.references().columns().size()
					+ " column(s) but the key has " + fk.columns().size());
		}
		action(fk.onDelete(), at + ".onDelete", "delete", fk, columns, problems);
		action(fk.onUpdate(), at + ".onUpdate", "update", fk, columns, problems);
	}

	private static void action(@Nullable String action, String at, String event, ForeignKeyExpectation fk,
			Map<String, ColumnExpectation> columns, Problems problems) {
		if (action == null) {
			return;
		}
		if (!FK_ACTIONS.contains(action)) {
			problems.add(at, "'" + action + "' is not a foreign key action (one of NO ACTION, RESTRICT, CASCADE, "
					+ "SET NULL, SET DEFAULT)");
			return;
		}
		if (action.equals("SET NULL") && fk.columns() != null) {
			for (String name : new LinkedHashSet<>(fk.columns())) {
				ColumnExpectation column = columns.get(name);
				if (column != null && Boolean.FALSE.equals(column.nullable())) {
					problems.add(at, "SET NULL on " + event + " needs column '" + name
							+ "' to be nullable, but the contract declares it nullable: false");
				}
			}
		}
	}

	private static void index(IndexExpectation index, String at, Problems problems) {
		if (index.name() != null) {
			problems.required(index.name(), at + ".name", "name is blank; leave it out to match any name");
		}
		if (index.columns() == null || index.columns().isEmpty()) {
			problems.add(at + ".columns", "an index needs at least one column or expression");
		}
		else {
			for (int i = 0; i < index.columns().size(); i++) {
				problems.required(index.columns().get(i), at + ".columns[" + i + "]", "blank column");
			}
		}
		if (index.where() != null) {
			problems.required(index.where(), at + ".where", "where is blank; leave it out for a full index");
		}
		if (index.method() != null) {
			problems.required(index.method(), at + ".method", "method is blank; leave it out to accept any method");
		}
	}

	private static void partitioning(PartitioningExpectation partitioning, String at, Problems problems) {
		problems.required(partitioning.column(), at + ".column", "partitioning needs the partition key column");
		String interval = partitioning.interval();
		boolean intervalOk = interval != null && DISTINGUISHING.containsKey(interval);
		if (interval == null) {
			problems.add(at + ".interval", "partitioning needs an interval: 1 day, 1 week, 1 month or 1 year");
		}
		else if (!intervalOk) {
			problems.add(at + ".interval", "'" + interval
					+ "' is not a partition interval (use 1 day, 1 week, 1 month or 1 year, or daily ... yearly)");
		}
		if (partitioning.premake() != null && partitioning.premake() < 0) {
			problems.add(at + ".premake", "premake counts partitions ahead of now and cannot be negative");
		}
		String pattern = partitioning.namePattern();
		if (pattern == null) {
			return;
		}
		Set<String> used = new HashSet<>();
		Matcher m = PLACEHOLDER.matcher(pattern);
		boolean placeholdersOk = true;
		while (m.find()) {
			if (PLACEHOLDERS.contains(m.group(1))) {
				used.add(m.group(1));
			}
			else {
				placeholdersOk = false;
				problems.add(at + ".namePattern", "unknown placeholder {" + m.group(1)
						+ "} (known: {yyyy}, {MM}, {dd}, {ww})");
			}
		}
		if (placeholdersOk && pattern.replaceAll(PLACEHOLDER.pattern(), "").matches(".*[{}].*")) {
			problems.add(at + ".namePattern", "unbalanced brace in '" + pattern + "'");
		}
		else if (placeholdersOk && intervalOk
				&& DISTINGUISHING.get(interval).stream().noneMatch(used::containsAll)) {
			problems.add(at + ".namePattern", "'" + pattern + "' would give two " + interval
					+ " partitions the same name; it needs " + describe(DISTINGUISHING.get(interval)));
		}
	}

	private static String describe(List<Set<String>> alternatives) {
		return String.join(" or ", alternatives.stream()
			.map(set -> String.join(" ",
					List.of("yyyy", "MM", "dd", "ww").stream().filter(set::contains).map(p -> "{" + p + "}").toList()))
			.toList());
	}

	private static void timescale(TimescaleExpectation timescale, String at, Problems problems) {
		if (timescale.hypertable() != null) {
			problems.required(timescale.hypertable().timeColumn(), at + ".hypertable.timeColumn",
					"a hypertable needs its time column");
			interval(timescale.hypertable().chunkInterval(), at + ".hypertable.chunkInterval", problems);
		}
		TimescaleExpectation.Compression compression = timescale.compression();
		if (compression != null) {
			if (compression.none()) {
				if (compression.after() != null) {
					problems.add(at + ".compression.after", "compression none contradicts compressing after "
							+ compression.after());
				}
				if (compression.segmentBy() != null) {
					problems.add(at + ".compression.segmentBy", "compression none contradicts segmentBy");
				}
				if (compression.orderBy() != null) {
					problems.add(at + ".compression.orderBy", "compression none contradicts orderBy");
				}
			}
			interval(compression.after(), at + ".compression.after", problems);
			if (compression.segmentBy() != null) {
				key(compression.segmentBy(), at + ".compression.segmentBy", problems);
			}
			if (compression.orderBy() != null) {
				for (int i = 0; i < compression.orderBy().size(); i++) {
					problems.required(compression.orderBy().get(i), at + ".compression.orderBy[" + i + "]",
							"blank column");
				}
			}
		}
		if (timescale.retention() != null) {
			if (timescale.retention().dropAfter() == null) {
				problems.add(at + ".retention.dropAfter", "retention needs dropAfter, e.g. 90 days");
			}
			interval(timescale.retention().dropAfter(), at + ".retention.dropAfter", problems);
		}
	}

	private static void interval(@Nullable String text, String at, Problems problems) {
		if (text == null) {
			return;
		}
		try {
			if (!Intervals.parse(text).positive()) {
				problems.add(at, "'" + text + "' must be longer than zero");
			}
		}
		catch (IllegalArgumentException e) {
			problems.add(at, e.getMessage());
		}
	}

	private static void materializedView(MaterializedViewExpectation view, String at, Set<String> relations,
			Problems problems) {
		if (qualifiedName(view.name(), at + ".name", "a materialized view", problems)
				&& !relations.add(view.name())) {
			problems.add(at + ".name", "'" + view.name() + "' is listed twice (tables and materialized views share "
					+ "one namespace)");
		}
		if (view.uniqueKey() != null) {
			key(view.uniqueKey(), at + ".uniqueKey", problems);
		}
	}

	private static void migrations(MigrationExpectations migrations, Problems problems) {
		if (migrations.alembic() != null) {
			problems.required(migrations.alembic().head(), "migrations.alembic.head",
					"alembic needs the head revision the code expects");
		}
		if (migrations.prisma() != null && migrations.prisma().applied() != null) {
			List<String> applied = migrations.prisma().applied();
			for (int i = 0; i < applied.size(); i++) {
				problems.required(applied.get(i), "migrations.prisma.applied[" + i + "]", "blank migration name");
			}
		}
		if (migrations.flyway() != null && migrations.flyway().version() != null) {
			problems.required(migrations.flyway().version(), "migrations.flyway.version",
					"version is blank; leave it out to check nothing");
		}
		if (migrations.liquibase() != null && migrations.liquibase().changesets() != null) {
			List<String> changesets = migrations.liquibase().changesets();
			for (int i = 0; i < changesets.size(); i++) {
				String changeset = changesets.get(i);
				String[] parts = changeset == null ? new String[0] : changeset.split("::", -1);
				if ((parts.length != 2 && parts.length != 3) || List.of(parts).stream().anyMatch(String::isBlank)) {
					problems.add("migrations.liquibase.changesets[" + i + "]",
							"'" + changeset + "' is not id::author or id::author::file");
				}
			}
		}
	}

	/** Non-empty, no blank entry, no column twice. */
	private static boolean key(List<String> columns, String at, Problems problems) {
		if (columns.isEmpty()) {
			problems.add(at, "an empty key; list its columns or leave it out");
			return false;
		}
		boolean ok = true;
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < columns.size(); i++) {
			String column = columns.get(i);
			if (!problems.required(column, at + "[" + i + "]", "blank column")) {
				ok = false;
			}
			else if (!seen.add(column)) {
				problems.add(at + "[" + i + "]", "column '" + column + "' is listed twice in this key");
				ok = false;
			}
		}
		return ok;
	}

	private static boolean qualifiedName(@Nullable String name, String at, String what, Problems problems) {
		if (!problems.required(name, at, what + " needs a schema-qualified name, e.g. public.orders")) {
			return false;
		}
		int dot = name.indexOf('.');
		if (dot <= 0 || dot == name.length() - 1) {
			problems.add(at, "'" + name + "' is not schema-qualified; write it as schema.name, e.g. public.orders");
			return false;
		}
		return true;
	}

	static boolean qualified(@Nullable String name, String at, String what, Problems problems) {
		return qualifiedName(name, at, what, problems);
	}

	static final class Problems {

		final List<ContractProblem> list = new ArrayList<>();

		void add(String path, String message) {
			list.add(ContractProblem.at(path, message));
		}

		/** Reports a null or blank value; true when the value is there. */
		boolean required(@Nullable String value, String path, String message) {
			if (value == null || value.isBlank()) {
				add(path, message);
				return false;
			}
			return true;
		}
	}
}

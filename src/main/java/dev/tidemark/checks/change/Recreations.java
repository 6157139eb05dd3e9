package dev.tidemark.checks.change;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ConstraintInfo;
import dev.tidemark.inspection.model.FunctionInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.PartitioningInfo;
import dev.tidemark.inspection.model.PolicyInfo;
import dev.tidemark.inspection.model.PrivilegeInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TriggerInfo;
import dev.tidemark.inspection.model.TypeInfo;
import dev.tidemark.targets.CompareOptions;
import org.jspecify.annotations.Nullable;

/**
 * What one family's change does to another family's objects, added where the change is: views that read a column
 * whose type changes are dropped before and created again after (PostgreSQL refuses the ALTER otherwise), and an
 * object dropped and created again (a view, a materialized view, a function) gets back what the drop took with it
 * and the reference has: its grants (a materialized view's indexes come with its creation). A function dropped and
 * created again first loses the column defaults and CHECK constraints that call it, which the reference's put back
 * after.
 */
final class Recreations {

	private Recreations() {
	}

	static List<Difference> apply(List<Difference> differences, CatalogSnapshot target, CatalogSnapshot reference,
			CompareOptions options) {
		List<Difference> withViews = differences.stream()
			.map(d -> aroundTypeChanges(d, target, reference))
			.map(d -> aroundRoutineReplacements(d, target, reference))
			.toList();
		return withViews.stream().map(d -> restoreWhatDropsTake(d, target, reference, options)).toList();
	}

	/**
	 * A function dropped and created again (its result or signature changes) cannot be dropped while a column
	 * default or a CHECK constraint of the target calls it: those go right before its drop and the reference's come
	 * back right after the routines' creation (later, with the columns, where the table's columns change). Anything
	 * else that calls it (an index, a generated column, a trigger, a policy, a domain, another kind of constraint,
	 * another function's SQL-standard body or argument default, a partition key; possibly an aggregate, which the
	 * snapshot does not show) would need rebuilding what holds data or behaviour: refused. Operators, casts and
	 * extended statistics are not in the snapshot.
	 */
	private static Difference aroundRoutineReplacements(Difference d, CatalogSnapshot target,
			CatalogSnapshot reference) {
		if (d.refusal() != null || d.changes().stream()
			.noneMatch(c -> c instanceof RoutineChange.DropFunction f && f.replaced())) {
			return d;
		}
		List<SchemaChange> changes = new ArrayList<>();
		List<SchemaChange> added = new ArrayList<>();
		for (SchemaChange c : d.changes()) {
			if (!(c instanceof RoutineChange.DropFunction f) || !f.replaced()) {
				changes.add(c);
				continue;
			}
			List<String> blockers = new ArrayList<>();
			List<String> after = new ArrayList<>(f.after());
			for (TableInfo table : target.tables()) {
				TableInfo ref = reference.tables().stream().filter(r -> r.key().equals(table.key())).findFirst()
					.orElse(null);
				boolean sameColumns = ref != null && sameColumns(table, ref);
				for (ColumnInfo column : table.columns()) {
					String object = table.key() + "." + column.name();
					if (calls(column.generatedExpression(), f.schema(), f.name())) {
						blockers.add("generated column " + object);
					}
					if (!calls(column.defaultExpression(), f.schema(), f.name())) {
						continue;
					}
					// right before the function's drop by its order, not by identity: the restore shares it
					added.add(new RelationChange.DropColumnDefault(table.schema(), table.name(), column.name(),
							column.defaultExpression()));
					ColumnInfo back = ref == null ? null
							: ref.columns().stream().filter(x -> x.name().equals(column.name())).findFirst()
								.orElse(null);
					if (back != null && back.defaultExpression() != null) {
						// right after the function's creation; with the table's columns changing, after them
						added.add(sameColumns
								? new RelationChange.SetColumnDefaultForRoutine(table.schema(), table.name(),
										column.name(), back.defaultExpression(), f.identity())
								: new RelationChange.SetColumnDefault(table.schema(), table.name(), column.name(),
										back.defaultExpression(), null));
					}
				}
			}
			for (ConstraintInfo constraint : target.constraints()) {
				if (constraint.inherited() || !calls(constraint.definition(), f.schema(), f.name())) {
					continue; // an inherited one goes and comes back with its parent's
				}
				if (constraint.type() != ConstraintInfo.ConstraintType.CHECK) {
					blockers.add("constraint " + constraint.key());
					continue;
				}
				ConstraintInfo back = reference.constraints().stream()
					.filter(r -> r.key().equals(constraint.key()) && r.type() == ConstraintInfo.ConstraintType.CHECK)
					.findFirst().orElse(null);
				if (back == null) {
					// the reference has none: its own difference drops it, destructive as ever
					RelationChange.DropConstraint drop = new RelationChange.DropConstraint(constraint.schema(),
							constraint.table(), constraint.name(), constraint.type().name(),
							RelationComparer.plain(constraint.definition()));
					added.add(drop);
					after.add(drop.identity());
					continue;
				}
				added.add(new RelationChange.DropConstraintForRoutine(constraint.schema(), constraint.table(),
						constraint.name(), RelationComparer.plain(constraint.definition())));
				TableInfo table = target.tables().stream().filter(t -> t.key().equals(constraint.tableKey()))
					.findFirst().orElse(null);
				TableInfo ref = reference.tables().stream().filter(r -> r.key().equals(back.tableKey())).findFirst()
					.orElse(null);
				if (table != null && ref != null && sameColumns(table, ref)) {
					added.add(new RelationChange.AddConstraintForRoutine(back.schema(), back.table(), back.name(),
							RelationComparer.plain(back.definition()), back.validated(), f.identity()));
					continue;
				}
				boolean partitioned = ref != null && ref.kind() == TableInfo.TableKind.PARTITIONED_TABLE;
				added.add(new RelationChange.AddConstraint(back.schema(), back.table(), back.name(), back.type().name(),
						RelationComparer.plain(back.definition()), back.validated(), partitioned, null, List.of()));
			}
			for (IndexInfo index : target.indexes()) {
				if (calls(index.definition(), f.schema(), f.name())) {
					blockers.add("index " + index.key());
				}
			}
			for (TriggerInfo trigger : target.triggers()) {
				if (trigger.function().equals(f.schema() + "." + f.name())
						|| calls(trigger.definition(), f.schema(), f.name())) {
					blockers.add("trigger " + trigger.key());
				}
			}
			for (PolicyInfo policy : target.policies()) {
				if (calls(policy.using(), f.schema(), f.name()) || calls(policy.withCheck(), f.schema(), f.name())) {
					blockers.add("policy " + policy.key());
				}
			}
			for (TypeInfo type : target.types()) {
				if (calls(type.defaultExpression(), f.schema(), f.name())
						|| type.constraints().stream().anyMatch(x -> calls(x, f.schema(), f.name()))) {
					blockers.add("domain " + type.key());
				}
			}
			for (FunctionInfo other : target.functions()) {
				if (!other.key().equals(f.object()) && calls(outsideStringBodies(other.definition()), f.schema(),
						f.name())) {
					blockers.add("function " + other.key()); // a SQL-standard body or an argument default
				}
				else if (RoutineComparer.AGGREGATE.equals(other.kind()) && !f.arguments().isEmpty()) {
					// the snapshot does not show an aggregate's support functions
					blockers.add("possibly aggregate " + other.key());
				}
			}
			for (PartitioningInfo partitioning : target.partitioning()) {
				if (calls(partitioning.partitionKey(), f.schema(), f.name())) {
					blockers.add("the partition key of " + partitioning.key());
				}
			}
			if (!blockers.isEmpty()) {
				return d.refused("Function " + f.object() + " must be dropped and created again (CREATE OR REPLACE "
						+ "cannot change its result, parameters or kind), and PostgreSQL refuses the drop while "
						+ String.join(", ", blockers) + " calls it; Tidemark does not rebuild "
						+ (blockers.size() == 1 ? "it" : "them") + " around the replacement",
						"Drop " + String.join(", ", blockers) + ", replace the function, and create "
								+ (blockers.size() == 1 ? "it" : "them") + " again as the reference has "
								+ (blockers.size() == 1 ? "it" : "them") + ", by hand");
			}
			changes.add(new RoutineChange.DropFunction(f.schema(), f.name(), f.arguments(), f.routineKind(), true,
					after));
		}
		return with(new Difference(d.presence(), d.kind(), d.object(), d.parents(), d.reference(), d.target(),
				changes, null), added);
	}

	/**
	 * A {@code pg_get_functiondef} text without its dollar-quoted bodies, which PostgreSQL does not parse for
	 * dependencies: what is left (the header with argument defaults, a SQL-standard body) is what holds them.
	 */
	static @Nullable String outsideStringBodies(@Nullable String definition) {
		return definition == null ? null : definition.replaceAll("(?s)(\\$[A-Za-z_0-9]*\\$).*?\\1", "''");
	}

	/** The same columns by name and type: what the function's creation leaves is what the reference's needs. */
	private static boolean sameColumns(TableInfo target, TableInfo reference) {
		return target.columns().stream().map(c -> c.name() + " " + c.type()).toList()
			.equals(reference.columns().stream().map(c -> c.name() + " " + c.type()).toList());
	}

	/**
	 * Whether catalog SQL calls function {@code schema.name}: the snapshot prints it with {@code search_path =
	 * pg_catalog}, so a user function is always schema-qualified, each part quoted where it must be. Any
	 * overload counts.
	 */
	static boolean calls(@Nullable String sql, String schema, String name) {
		if (sql == null) {
			return false;
		}
		return Pattern.compile("(?<![\\w$\".])" + namePart(schema) + "\\." + namePart(name) + "\\s*\\(")
			.matcher(sql)
			.find();
	}

	private static String namePart(String identifier) {
		String quoted = Pattern.quote("\"" + identifier.replace("\"", "\"\"") + "\"");
		return identifier.matches("[a-z_][a-z0-9_$]*") ? "(?:" + Pattern.quote(identifier) + "|" + quoted + ")"
				: quoted;
	}

	/** Views reading a table whose column changes type: dropped first, created again from the reference. */
	private static Difference aroundTypeChanges(Difference d, CatalogSnapshot target, CatalogSnapshot reference) {
		Set<String> tables = new LinkedHashSet<>();
		for (SchemaChange c : d.changes()) {
			if (c instanceof RelationChange.AlterColumnType a) {
				tables.add(a.schema() + "." + a.table());
			}
		}
		if (tables.isEmpty()) {
			return d;
		}
		List<SchemaChange> added = new ArrayList<>();
		for (String table : tables) {
			added.addAll(RoutineComparer.readersDroppedAndRecreated(table, target, reference));
		}
		Difference refused = RoutineComparer.refusedForUnwritable(new Difference(d.presence(), d.kind(), d.object(),
				d.parents(), d.reference(), d.target(), added, null));
		if (refused.refusal() != null && d.refusal() == null) {
			return d.refused(refused.refusal().reason(), refused.refusal().instead());
		}
		return with(d, added);
	}

	/**
	 * Grants of objects this difference drops and creates again (a materialized view's indexes and a view's
	 * triggers come with its {@link RoutineChange.CreateView}, from the routine comparer).
	 */
	private static Difference restoreWhatDropsTake(Difference d, CatalogSnapshot target, CatalogSnapshot reference,
			CompareOptions options) {
		Set<String> relations = new LinkedHashSet<>();
		Set<String> functions = new LinkedHashSet<>();
		for (SchemaChange c : d.changes()) {
			if (c instanceof RoutineChange.DropViewOrdered v && v.recreated()) {
				relations.add(v.schema() + "." + v.name());
			}
			else if (c instanceof RoutineChange.DropFunction f && f.replaced()) {
				functions.add(f.schema() + "." + f.name() + "(" + f.arguments() + ")");
			}
		}
		if (relations.isEmpty() && functions.isEmpty()) {
			return d;
		}
		List<SchemaChange> added = new ArrayList<>();
		// the target as it will be right after the re-creation: those objects with PostgreSQL's default ACL
		List<PrivilegeInfo> privileges = new ArrayList<>();
		for (PrivilegeInfo p : target.privileges()) {
			if (!recreated(p, relations, functions)) {
				privileges.add(p);
			}
		}
		for (String function : functions) {
			String schema = function.substring(0, function.indexOf('.'));
			privileges.add(new PrivilegeInfo("FUNCTION", schema, function, "PUBLIC", List.of("EXECUTE"), List.of()));
		}
		CatalogSnapshot afterRecreation = withPrivileges(target, privileges);
		for (Difference access : new AccessComparer(options).compare(afterRecreation, reference)) {
			if (access.kind().equals("privilege") && recreatedObject(access.object(), relations, functions)) {
				added.addAll(access.changes());
			}
		}
		return with(d, added);
	}

	private static boolean recreated(PrivilegeInfo p, Set<String> relations, Set<String> functions) {
		return switch (p.objectKind()) {
			case "TABLE" -> relations.contains(p.object());
			case "COLUMN" -> relations.stream().anyMatch(r -> p.object().startsWith(r + "."));
			case "FUNCTION" -> functions.contains(p.object());
			default -> false;
		};
	}

	/** A privilege difference's object text: {@code <object> to <grantee>}. */
	private static boolean recreatedObject(String privilegeObject, Set<String> relations, Set<String> functions) {
		int to = privilegeObject.lastIndexOf(" to ");
		String object = to < 0 ? privilegeObject : privilegeObject.substring(0, to);
		return relations.contains(object) || functions.contains(object)
				|| relations.stream().anyMatch(r -> object.startsWith(r + "."));
	}

	private static Difference with(Difference d, List<SchemaChange> added) {
		if (added.isEmpty() || d.refusal() != null) {
			return d;
		}
		Map<SchemaChange, Boolean> changes = new LinkedHashMap<>();
		d.changes().forEach(c -> changes.put(c, true));
		added.forEach(c -> changes.putIfAbsent(c, true));
		return new Difference(d.presence(), d.kind(), d.object(), d.parents(), d.reference(), d.target(),
				List.copyOf(changes.keySet()), null);
	}

	private static CatalogSnapshot withPrivileges(CatalogSnapshot s, List<PrivilegeInfo> privileges) {
		return new CatalogSnapshot(s.formatVersion(), s.server(), s.schemas(), s.extensions(), s.tables(),
				s.constraints(), s.indexes(), s.views(), s.sequences(), s.functions(), s.triggers(), s.partitioning(),
				s.migrations(), s.timescale(), s.types(), s.collations(), s.policies(), privileges,
				s.defaultPrivileges(), s.roles());
	}
}

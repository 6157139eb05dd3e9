package dev.tidemark.checks.change;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.PrivilegeInfo;
import dev.tidemark.targets.CompareOptions;

/**
 * What one family's change does to another family's objects, added where the change is: views that read a column
 * whose type changes are dropped before and created again after (PostgreSQL refuses the ALTER otherwise), and an
 * object dropped and created again (a view, a materialized view, a function) gets back what the drop took with it
 * and the reference has: its grants.
 */
final class Recreations {

	private Recreations() {
	}

	static List<Difference> apply(List<Difference> differences, CatalogSnapshot target, CatalogSnapshot reference,
			CompareOptions options) {
		List<Difference> withViews = differences.stream().map(d -> aroundTypeChanges(d, target, reference)).toList();
		return withViews.stream().map(d -> restoreWhatDropsTake(d, target, reference, options)).toList();
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
		Difference refused = RoutineComparer.refusedForRules(new Difference(d.presence(), d.kind(), d.object(),
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

package dev.tidemark.checks.change;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.targets.CompareOptions;

/**
 * Compares a target with its reference, kind by kind, into one {@link Difference} per object that differs. An
 * object inside a missing or extra parent (a column of a missing table, a table of a missing schema) is no
 * difference of its own: its changes join the outermost such parent's, so a missing table is one finding that
 * creates the table with everything on it.
 * <p>
 * Snapshots of different formats are compared as the older format saw them, so a reference read before a kind
 * was read does not make every object of that kind look extra. The target's {@link CompareOptions} leave owners
 * or privileges out.
 */
public final class SchemaComparer {

	private SchemaComparer() {
	}

	public static List<Difference> compare(CatalogSnapshot target, CatalogSnapshot reference) {
		return compare(target, reference, CompareOptions.defaults());
	}

	public static List<Difference> compare(CatalogSnapshot target, CatalogSnapshot reference, CompareOptions options) {
		int format = Math.min(target.formatVersion(), reference.formatVersion());
		CatalogSnapshot t = target.asFormat(format);
		CatalogSnapshot r = reference.asFormat(format);
		List<Difference> all = new ArrayList<>();
		for (FamilyComparer family : List.of(new NamespaceComparer(), new RelationComparer(), new RoutineComparer(),
				new AccessComparer(options))) {
			all.addAll(family.compare(t, r));
		}
		return Recreations.apply(fold(all), t, r, options);
	}

	static List<Difference> fold(List<Difference> differences) {
		Map<String, Difference> byIdentity = new LinkedHashMap<>();
		for (Difference d : differences) {
			byIdentity.merge(d.identity(), d, SchemaComparer::merge);
		}
		Map<String, List<SchemaChange>> adopted = new LinkedHashMap<>();
		List<Difference> kept = new ArrayList<>();
		for (Difference d : byIdentity.values()) {
			String owner = null;
			for (String parent : d.parents()) {
				Difference p = byIdentity.get(parent);
				if (p != null && p.presence() != Difference.Presence.MISMATCH) {
					owner = parent; // outermost first: the first hit wins
					break;
				}
			}
			if (owner == null) {
				kept.add(d);
			}
			else {
				adopted.computeIfAbsent(owner, k -> new ArrayList<>()).addAll(d.changes());
			}
		}
		List<Difference> result = new ArrayList<>();
		for (Difference d : kept) {
			List<SchemaChange> more = adopted.get(d.identity());
			if (more == null || d.refusal() != null) {
				result.add(d);
			}
			else {
				List<SchemaChange> changes = new ArrayList<>(d.changes());
				more.stream().filter(c -> !changes.contains(c)).forEach(changes::add);
				result.add(new Difference(d.presence(), d.kind(), d.object(), d.parents(), d.reference(), d.target(),
						changes, null));
			}
		}
		result.sort(Comparator.comparing(Difference::kind).thenComparing(Difference::object));
		return result;
	}

	/** Two families reporting the same object (a table's properties and its partition bound): one difference. */
	private static Difference merge(Difference a, Difference b) {
		List<SchemaChange> changes = new ArrayList<>(a.changes());
		b.changes().stream().filter(c -> !changes.contains(c)).forEach(changes::add);
		Difference.Refusal refusal = a.refusal() != null ? a.refusal() : b.refusal();
		return new Difference(a.presence(), a.kind(), a.object(), a.parents(),
				a.reference() != null ? a.reference() : b.reference(), a.target() != null ? a.target() : b.target(),
				refusal == null ? changes : List.of(), refusal);
	}
}

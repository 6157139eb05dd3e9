package dev.tidemark.remediation.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tidemark.checks.change.SchemaChange;

/**
 * The order a plan's changes run in: by phase (dependents dropped first, then namespaces, routines, relations,
 * constraints, indexes, views, behaviour, and drops last), within a phase each change after those it requires,
 * then by {@link SchemaChange#order()} and object. A requirement cycle is broken by that same tie-break, so
 * ordering never fails; the statement that then meets a missing object fails and is reported as such.
 */
public final class ChangeOrder {

	private static final Comparator<SchemaChange> TIE_BREAK = Comparator.comparingInt(SchemaChange::order)
		.thenComparing(SchemaChange::object)
		.thenComparing(SchemaChange::kind)
		.thenComparing(c -> c.getClass().getSimpleName());

	private ChangeOrder() {
	}

	/** The changes in run order, each distinct change once (two findings may need the same change). */
	public static List<SchemaChange> sort(List<? extends SchemaChange> changes) {
		Map<SchemaChange.Phase, List<SchemaChange>> byPhase = new EnumMap<>(SchemaChange.Phase.class);
		for (SchemaChange change : new LinkedHashSet<>(changes)) {
			byPhase.computeIfAbsent(change.phase(), p -> new ArrayList<>()).add(change);
		}
		List<SchemaChange> result = new ArrayList<>();
		byPhase.values().forEach(phase -> result.addAll(topological(phase)));
		return result;
	}

	private static List<SchemaChange> topological(List<SchemaChange> phase) {
		List<SchemaChange> pending = new ArrayList<>(phase);
		pending.sort(TIE_BREAK);
		List<SchemaChange> ordered = new ArrayList<>();
		Set<String> done = new HashSet<>();
		while (!pending.isEmpty()) {
			SchemaChange next = pending.stream().filter(c -> ready(c, pending, done)).findFirst().orElse(pending.get(0));
			pending.remove(next);
			ordered.add(next);
			if (pending.stream().noneMatch(c -> c.identity().equals(next.identity()))) {
				done.add(next.identity());
			}
		}
		return ordered;
	}

	/** Every requirement is either done or not among this phase's pending changes. */
	private static boolean ready(SchemaChange change, List<SchemaChange> pending, Set<String> done) {
		for (String required : change.requires()) {
			if (done.contains(required) || required.equals(change.identity())) {
				continue;
			}
			if (pending.stream().anyMatch(c -> c != change && c.identity().equals(required))) {
				return false;
			}
		}
		return true;
	}
}

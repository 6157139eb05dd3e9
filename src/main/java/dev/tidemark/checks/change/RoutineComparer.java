package dev.tidemark.checks.change;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import dev.tidemark.checks.change.RoutineChange.CommentOnFunction;
import dev.tidemark.checks.change.RoutineChange.CommentOnView;
import dev.tidemark.checks.change.RoutineChange.CreateFunction;
import dev.tidemark.checks.change.RoutineChange.CreateRule;
import dev.tidemark.checks.change.RoutineChange.CreateTrigger;
import dev.tidemark.checks.change.RoutineChange.CreateView;
import dev.tidemark.checks.change.RoutineChange.DropFunction;
import dev.tidemark.checks.change.RoutineChange.DropRule;
import dev.tidemark.checks.change.RoutineChange.DropTrigger;
import dev.tidemark.checks.change.RoutineChange.DropView;
import dev.tidemark.checks.change.RoutineChange.DropViewOrdered;
import dev.tidemark.checks.change.RoutineChange.EnableTrigger;
import dev.tidemark.inspection.model.CatalogObject;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.FunctionInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.RuleInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TriggerInfo;
import dev.tidemark.inspection.model.ViewInfo;

/**
 * Differences in the objects of {@link RoutineChange}: views and materialized views (definition, or its hash in
 * format 1, and comment), functions and procedures (definition, or body hash in format 1, and comment; aggregates
 * by body hash, never repaired), triggers (definition and firing state).
 * <p>
 * A view that is dropped (in the target only, defined otherwise, or reading a function that is dropped and
 * created again) takes the target's views that read it along, so none of the drops fails on a dependent: those
 * are dropped first and created again from the reference after, with their triggers, as part of the same
 * difference.
 */
final class RoutineComparer implements FamilyComparer {

	static final String AGGREGATE = "AGGREGATE";

	static final String AGGREGATE_REASON = "pg_get_functiondef cannot print an aggregate, so Tidemark cannot write"
			+ " its CREATE AGGREGATE";

	static final String AGGREGATE_INSTEAD = "Create, replace or drop the aggregate by hand (pg_dump --schema-only of"
			+ " the reference prints its CREATE AGGREGATE), then scan again";

	static final String FORMAT1_REASON = "the reference snapshot is format 1: it holds only a hash of the"
			+ " definition, not the definition to create";

	static final String FORMAT1_INSTEAD = "Snapshot the reference again with this Tidemark version, then scan again";

	@Override
	public List<Difference> compare(CatalogSnapshot target, CatalogSnapshot reference) {
		Graph graph = new Graph(target, reference);
		List<Difference> out = new ArrayList<>();
		out.addAll(functions(graph));
		out.addAll(views(graph));
		out.addAll(triggers(target, reference));
		out.addAll(rules(graph));
		return out.stream().map(RoutineComparer::refusedForUnwritable).toList();
	}

	/**
	 * For another family's change (a column's type): the changes that drop the target views reading {@code name}
	 * (a relation's qualified name), after their own readers, and create again those the reference has.
	 */
	static List<SchemaChange> readersDroppedAndRecreated(String name, CatalogSnapshot target,
			CatalogSnapshot reference) {
		return new Graph(target, reference).readersDroppedAndRecreated(name);
	}

	// ---------------------------------------------------------------- views

	/** Both snapshots' views and functions by identity, and which target views read what. */
	private static final class Graph {

		final Map<String, ViewInfo> targetViews = new TreeMap<>();

		final Map<String, ViewInfo> referenceViews = new TreeMap<>();

		final Map<String, FunctionInfo> targetFunctions = new TreeMap<>();

		final Map<String, FunctionInfo> referenceFunctions = new TreeMap<>();

		/** Target views by the qualified name they answer to ({@code public.v}). */
		final Map<String, ViewInfo> targetByName = new LinkedHashMap<>();

		final List<TriggerInfo> referenceTriggers;

		final List<IndexInfo> referenceIndexes;

		/** Views whose own difference drops them (in the target only, or defined otherwise). */
		final Set<String> droppedRoots = new TreeSet<>();

		/** Functions dropped and created again (a signature, result or kind CREATE OR REPLACE cannot change). */
		final Set<String> replacedFunctions = new TreeSet<>();

		Graph(CatalogSnapshot target, CatalogSnapshot reference) {
			target.views().forEach(v -> targetViews.put(identity(v), v));
			reference.views().forEach(v -> referenceViews.put(identity(v), v));
			target.functions().forEach(f -> targetFunctions.put(f.key(), f));
			reference.functions().forEach(f -> referenceFunctions.put(f.key(), f));
			target.views().forEach(v -> targetByName.put(v.key(), v));
			referenceTriggers = reference.triggers();
			referenceIndexes = reference.indexes();
			// which views their own difference drops: decided first, the readers of each follow them
			for (Map.Entry<String, ViewInfo> e : targetViews.entrySet()) {
				ViewInfo r = referenceViews.get(e.getKey());
				if (r == null || (!sameDefinition(r, e.getValue()) && r.definition() != null)) {
					droppedRoots.add(e.getKey());
				}
			}
		}

		/** Target views reading {@code name} (a view's qualified name, or a function's key). */
		List<ViewInfo> readers(String name) {
			return targetViews.values().stream().filter(v -> v.dependsOn().contains(name)).toList();
		}

		/** Every target view that reads {@code name}, directly or through other views, in the order found. */
		Set<String> readersClosure(String name) {
			Set<String> found = new LinkedHashSet<>();
			Deque<String> queue = new ArrayDeque<>(List.of(name));
			while (!queue.isEmpty()) {
				for (ViewInfo reader : readers(queue.poll())) {
					if (found.add(identity(reader))) {
						queue.add(reader.key());
					}
				}
			}
			return found;
		}

		/** The drop of a target view, after the target views that read it. */
		RoutineChange drop(ViewInfo v) {
			boolean recreated = referenceViews.containsKey(identity(v))
					&& referenceViews.get(identity(v)).definition() != null;
			List<String> after = readers(v.key()).stream().map(RoutineComparer::identity).toList();
			if (!recreated && after.isEmpty()) {
				return new DropView(v.schema(), v.name(), v.materialized());
			}
			return new DropViewOrdered(v.schema(), v.name(), v.materialized(), recreated, after);
		}

		/** The changes that drop the views reading {@code name} and put back those the reference has. */
		List<SchemaChange> readersDroppedAndRecreated(String name) {
			List<SchemaChange> changes = new ArrayList<>();
			for (String id : readersClosure(name)) {
				if (droppedRoots.contains(id)) {
					continue; // its own difference drops it
				}
				ViewInfo t = targetViews.get(id);
				changes.add(drop(t));
				ViewInfo r = referenceViews.get(id);
				changes.addAll(lostRules(t, r));
				if (r != null && r.definition() != null) {
					changes.addAll(create(r));
				}
			}
			return changes;
		}

		/**
		 * The creation of a reference view, with the reference's triggers and rules on it (in the view's own
		 * changeset) and, for a materialized view, its indexes (built after it is populated).
		 */
		List<SchemaChange> create(ViewInfo r) {
			List<SchemaChange> changes = new ArrayList<>();
			List<CreateTrigger> triggers = new ArrayList<>();
			for (TriggerInfo trigger : referenceTriggers) {
				if (trigger.schema().equals(r.schema()) && trigger.table().equals(r.name())) {
					triggers.add(new CreateTrigger(trigger.schema(), trigger.table(), trigger.name(),
							trigger.definition(), trigger.enabled(), trigger.function(), null, List.of()));
				}
			}
			List<CreateRule> rules = rulesOf(r).stream()
				.map(rule -> new CreateRule(r.schema(), r.name(), rule.name(), rule.definition(), null))
				.toList();
			CreateView view = createView(r);
			if (r.materialized()) {
				changes.add(view);
				changes.addAll(triggers);
				changes.addAll(rules);
			}
			else {
				// in the view's own transaction: never writable without them
				changes.add(new CreateView(view.schema(), view.name(), false, view.definition(), view.dependsOn(),
						view.comment(), triggers, rules));
			}
			// an index that cannot go into a changeset is kept too: refusedForUnwritable refuses the finding then
			for (IndexInfo index : indexesOn(r)) {
				changes.add(new RelationChange.CreateViewIndex(index.schema(), index.table(), index.name(),
						index.definition()));
			}
			return changes;
		}

		/**
		 * The drops of the target's rules on a view that the reference's lacks, where both read rules: the view
		 * comes back without them, and so the change is destructive, as their own findings are.
		 */
		List<SchemaChange> lostRules(ViewInfo t, @Nullable ViewInfo r) {
			if (r == null || t.rules() == null || r.rules() == null) {
				return List.of();
			}
			Set<String> kept = new TreeSet<>();
			r.rules().forEach(x -> kept.add(x.name()));
			return t.rules().stream().filter(x -> !kept.contains(x.name()))
				.map(x -> (SchemaChange) new DropRule(t.schema(), t.name(), x.name(), x.definition()))
				.toList();
		}

		/** The reference's rules on the view; where the reference did not read rules, the target's are kept. */
		List<RuleInfo> rulesOf(ViewInfo r) {
			if (r.rules() != null) {
				return r.rules();
			}
			ViewInfo t = targetViews.get(identity(r));
			return t == null || t.rules() == null ? List.of() : t.rules();
		}

		/** A materialized view's indexes in the reference (none back a constraint: a view has none). */
		List<IndexInfo> indexesOn(ViewInfo r) {
			return r.materialized() ? referenceIndexes.stream()
				.filter(i -> i.constraint() == null && i.schema().equals(r.schema()) && i.table().equals(r.name()))
				.toList() : List.of();
		}

		/** The first of the view's indexes whose definition cannot go into a changeset as it is, or null. */
		@Nullable String unwritableIndex(ViewInfo r) {
			return indexesOn(r).stream().filter(i -> !writable(i)).map(IndexInfo::definition).findFirst()
				.orElse(null);
		}
	}

	private static boolean writable(IndexInfo index) {
		return writable(index.definition());
	}

	private static boolean writable(String indexDefinition) {
		return RelationComparer.safe(indexDefinition) && RelationComparer.INDEX.matcher(indexDefinition).matches();
	}

	private static Difference refusedForIndex(Difference d, String definition) {
		return d.refused("The materialized view's index " + definition + " is not one CREATE INDEX statement Tidemark"
				+ " puts into a changeset, so creating the view would lose it", "Create the view and its index by hand");
	}

	// ---------------------------------------------------------------- rules

	/**
	 * A rule definition that goes into a changeset as it is: one {@code CREATE RULE} statement, so outside quoted
	 * strings and names no {@code ;} (several actions: Liquibase would split them at line ends) and no comment. The
	 * catalog indents it over several lines; the changelog writer escapes what strings hold.
	 */
	static boolean writableRule(String definition) {
		String rule = viewBody(definition);
		return rule.startsWith("CREATE RULE ") && RelationComparer.oneStatement(rule, true);
	}

	/** The first rule definition among these changes that cannot go into a changeset, or null. */
	static @Nullable String unwritableRule(List<SchemaChange> changes) {
		for (SchemaChange c : changes) {
			if (c instanceof CreateView v) {
				String rule = unwritableRule(List.copyOf(v.rules()));
				if (rule != null) {
					return rule;
				}
			}
			if (c instanceof CreateRule r && (!writableRule(r.definition())
					|| r.previous() != null && !writableRule(r.previous()))) {
				return r.object();
			}
			if (c instanceof DropRule r && !writableRule(r.definition())) {
				return r.object();
			}
		}
		return null;
	}

	/**
	 * The difference refused when one of its changes cannot go into a changeset as it is: a materialized view's
	 * index (the view would come back without it) or a rule with several actions; as it is otherwise.
	 */
	static Difference refusedForUnwritable(Difference d) {
		if (d.refusal() != null) {
			return d;
		}
		for (SchemaChange c : d.changes()) {
			if (c instanceof RelationChange.CreateViewIndex i && !writable(i.definition())) {
				return refusedForIndex(d, i.definition());
			}
		}
		return refusedForRules(d);
	}

	private static Difference refusedForRules(Difference d) {
		String rule = d.refusal() == null ? unwritableRule(d.changes()) : null;
		if (rule == null) {
			return d;
		}
		return d.refused("Rule " + rule + " has several actions or a comment: its definition is not one statement"
				+ " Tidemark puts into a changeset, and a view dropped and created again would lose it",
				"Create, replace or drop the rule (and a view it is on that must be created again) by hand");
	}

	/** Rules of the views both sides have, where both read them; those of recreated views come with the view. */
	private List<Difference> rules(Graph g) {
		List<Difference> out = new ArrayList<>();
		for (Map.Entry<String, ViewInfo> e : g.targetViews.entrySet()) {
			ViewInfo t = e.getValue();
			ViewInfo r = g.referenceViews.get(e.getKey());
			if (r == null || t.rules() == null || r.rules() == null) {
				continue;
			}
			Map<String, RuleInfo> ts = new TreeMap<>();
			Map<String, RuleInfo> rs = new TreeMap<>();
			t.rules().forEach(x -> ts.put(x.name(), x));
			r.rules().forEach(x -> rs.put(x.name(), x));
			Set<String> names = new TreeSet<>(ts.keySet());
			names.addAll(rs.keySet());
			List<String> parents = List.of("schema:" + t.schema(), e.getKey());
			for (String name : names) {
				RuleInfo tr = ts.get(name);
				RuleInfo rr = rs.get(name);
				String key = CatalogObject.qualified(t.schema(), t.name(), name);
				if (tr == null) {
					out.add(Difference.missing("rule", key, parents, rr.definition(),
							List.of(new CreateRule(t.schema(), t.name(), name, rr.definition(), null))));
				}
				else if (rr == null) {
					out.add(Difference.extra("rule", key, parents, tr.definition(),
							List.of(new DropRule(t.schema(), t.name(), name, tr.definition()))));
				}
				else if (!rr.definition().equals(tr.definition())) {
					out.add(Difference.mismatch("rule", key, parents, rr.definition(), tr.definition(),
							List.of(new CreateRule(t.schema(), t.name(), name, rr.definition(), tr.definition()))));
				}
			}
		}
		return out;
	}

	static String identity(ViewInfo v) {
		return RoutineChange.viewKind(v.materialized()) + ":" + v.key();
	}

	static CreateView createView(ViewInfo r) {
		return new CreateView(r.schema(), r.name(), r.materialized(), viewBody(Objects.requireNonNull(r.definition())),
				r.dependsOn(), r.comment());
	}

	/** {@code pg_get_viewdef} ends with {@code ;}: the query alone, for {@code CREATE VIEW ... AS <query>}. */
	static String viewBody(String definition) {
		String body = definition.strip();
		while (body.endsWith(";")) {
			body = body.substring(0, body.length() - 1).strip();
		}
		return body;
	}

	private static boolean sameDefinition(ViewInfo a, ViewInfo b) {
		if (a.definition() != null && b.definition() != null) {
			return a.definition().strip().equals(b.definition().strip());
		}
		return Objects.equals(a.definitionHash(), b.definitionHash());
	}

	private static String text(ViewInfo v) {
		String definition = v.definition() != null ? v.definition().strip() : "definition md5 " + v.definitionHash();
		return definition + (v.comment() != null ? "\nCOMMENT " + v.comment() : "");
	}

	private static List<String> schemaParent(String schema) {
		return List.of("schema:" + schema);
	}

	private List<Difference> views(Graph g) {
		Set<String> all = new TreeSet<>(g.targetViews.keySet());
		all.addAll(g.referenceViews.keySet());
		List<Difference> out = new ArrayList<>();
		for (String id : all) {
			ViewInfo t = g.targetViews.get(id);
			ViewInfo r = g.referenceViews.get(id);
			String kind = id.substring(0, id.indexOf(':'));
			String object = id.substring(id.indexOf(':') + 1);
			if (t == null) {
				Difference d = Difference.missing(kind, object, schemaParent(r.schema()), text(r), List.of());
				out.add(r.definition() == null ? d.refused(FORMAT1_REASON, FORMAT1_INSTEAD)
						: g.unwritableIndex(r) != null ? refusedForIndex(d, g.unwritableIndex(r))
						: Difference.missing(kind, object, schemaParent(r.schema()), text(r), g.create(r)));
				continue;
			}
			if (r == null) {
				List<SchemaChange> changes = new ArrayList<>(g.readersDroppedAndRecreated(t.key()));
				changes.add(0, g.drop(t));
				out.add(Difference.extra(kind, object, schemaParent(t.schema()), text(t), changes));
				continue;
			}
			boolean definitionDiffers = !sameDefinition(r, t);
			boolean commentDiffers = !Objects.equals(r.comment(), t.comment());
			if (!definitionDiffers && !commentDiffers) {
				continue;
			}
			Difference d = Difference.mismatch(kind, object, schemaParent(t.schema()), text(r), text(t), List.of());
			if (definitionDiffers && r.definition() == null) {
				out.add(d.refused(FORMAT1_REASON, FORMAT1_INSTEAD));
				continue;
			}
			if (definitionDiffers && g.unwritableIndex(r) != null) {
				out.add(refusedForIndex(d, g.unwritableIndex(r)));
				continue;
			}
			List<SchemaChange> changes = new ArrayList<>();
			if (definitionDiffers) {
				changes.add(g.drop(t));
				changes.addAll(g.lostRules(t, r));
				changes.addAll(g.readersDroppedAndRecreated(t.key()));
				changes.addAll(g.create(r));
			}
			else {
				changes.add(new CommentOnView(r.schema(), r.name(), r.materialized(), r.comment(), t.comment()));
			}
			out.add(Difference.mismatch(kind, object, schemaParent(t.schema()), text(r), text(t), changes));
		}
		return out;
	}

	// ---------------------------------------------------------------- functions

	private static String text(FunctionInfo f) {
		String definition = f.definition() != null ? f.definition().strip()
				: f.kind() + " " + f.key() + " body md5 " + f.bodyHash();
		return definition + (f.comment() != null ? "\nCOMMENT " + f.comment() : "");
	}

	private static boolean sameDefinition(FunctionInfo a, FunctionInfo b) {
		if (a.definition() != null && b.definition() != null && !AGGREGATE.equals(a.kind())) {
			return a.definition().strip().equals(b.definition().strip());
		}
		return Objects.equals(a.bodyHash(), b.bodyHash());
	}

	/** The definition's first line: {@code CREATE OR REPLACE FUNCTION s.f(args with defaults)}. */
	private static String signature(@Nullable String definition) {
		if (definition == null) {
			return "";
		}
		String d = definition.strip();
		int eol = d.indexOf('\n');
		return eol < 0 ? d : d.substring(0, eol);
	}

	private static CreateFunction createFunction(FunctionInfo r, @Nullable String comment, boolean replacing) {
		return new CreateFunction(r.schema(), r.name(), r.arguments(), Objects.requireNonNull(r.definition()).strip(),
				r.kind(), comment, replacing);
	}

	private List<Difference> functions(Graph g) {
		Set<String> all = new TreeSet<>(g.targetFunctions.keySet());
		all.addAll(g.referenceFunctions.keySet());
		List<FunctionInfo> replaced = new ArrayList<>();
		for (String key : all) {
			FunctionInfo t = g.targetFunctions.get(key);
			FunctionInfo r = g.referenceFunctions.get(key);
			if (t != null && r != null && r.definition() != null && !AGGREGATE.equals(r.kind())
					&& !AGGREGATE.equals(t.kind()) && !sameDefinition(r, t) && needsDrop(r, t)) {
				g.replacedFunctions.add(key);
				replaced.add(t);
			}
		}
		List<Difference> out = new ArrayList<>();
		for (String key : all) {
			FunctionInfo t = g.targetFunctions.get(key);
			FunctionInfo r = g.referenceFunctions.get(key);
			if (t == null) {
				Difference d = Difference.missing("function", key, schemaParent(r.schema()), text(r), List.of());
				if (AGGREGATE.equals(r.kind())) {
					out.add(d.refused(AGGREGATE_REASON, AGGREGATE_INSTEAD));
				}
				else if (r.definition() == null) {
					out.add(d.refused(FORMAT1_REASON, FORMAT1_INSTEAD));
				}
				else {
					out.add(Difference.missing("function", key, schemaParent(r.schema()), text(r),
							List.of(createFunction(r, r.comment(), false))));
				}
				continue;
			}
			if (r == null) {
				Difference d = Difference.extra("function", key, schemaParent(t.schema()), text(t),
						List.of(new DropFunction(t.schema(), t.name(), t.arguments(), t.kind(), false, List.of())));
				out.add(AGGREGATE.equals(t.kind()) ? d.refused(AGGREGATE_REASON, AGGREGATE_INSTEAD) : d);
				continue;
			}
			boolean definitionDiffers = !sameDefinition(r, t) || !r.kind().equals(t.kind());
			boolean commentDiffers = !Objects.equals(r.comment(), t.comment());
			if (!definitionDiffers && !commentDiffers) {
				continue;
			}
			Difference d = Difference.mismatch("function", key, schemaParent(t.schema()), text(r), text(t),
					List.of());
			if (AGGREGATE.equals(r.kind()) || AGGREGATE.equals(t.kind())) {
				out.add(d.refused(AGGREGATE_REASON, AGGREGATE_INSTEAD));
				continue;
			}
			if (definitionDiffers && r.definition() == null) {
				out.add(d.refused(FORMAT1_REASON, FORMAT1_INSTEAD));
				continue;
			}
			List<SchemaChange> changes = new ArrayList<>();
			if (g.replacedFunctions.contains(key)) {
				List<String> after = g.readers(key).stream().map(RoutineComparer::identity).toList();
				changes.add(new DropFunction(t.schema(), t.name(), t.arguments(), t.kind(), true, after));
				changes.add(createFunction(r, r.comment(), true));
			}
			else {
				if (definitionDiffers) {
					changes.add(createFunction(r, null, true));
				}
				if (commentDiffers) {
					changes.add(new CommentOnFunction(r.schema(), r.name(), r.arguments(), r.kind(), r.comment(),
							t.comment()));
				}
			}
			out.add(Difference.mismatch("function", key, schemaParent(t.schema()), text(r), text(t), changes));
		}
		// the views reading a dropped function go before its drop (and come back after its replacement's
		// creation, or, the same text reading another overload, after the reference's routines are created)
		List<Difference> result = new ArrayList<>();
		for (Difference d : out) {
			boolean dropped = d.presence() == Difference.Presence.MISMATCH && g.replacedFunctions.contains(d.object())
					|| d.presence() == Difference.Presence.EXTRA && d.refusal() == null;
			if (dropped) {
				List<SchemaChange> changes = new ArrayList<>(d.changes());
				changes.addAll(g.readersDroppedAndRecreated(d.object()));
				d = new Difference(d.presence(), d.kind(), d.object(), d.parents(), d.reference(), d.target(),
						changes, null);
			}
			result.add(d);
		}
		return result;
	}

	/**
	 * CREATE OR REPLACE cannot change a routine's kind, its result type, its parameters' names, modes or defaults
	 * (all on the definition's first line): then the routine is dropped and created again.
	 */
	private static boolean needsDrop(FunctionInfo r, FunctionInfo t) {
		return !r.kind().equals(t.kind()) || !Objects.equals(r.returns(), t.returns())
				|| !signature(r.definition()).equals(signature(t.definition()));
	}

	// ---------------------------------------------------------------- triggers

	private static String text(TriggerInfo t) {
		return t.definition() + ("ENABLED".equals(t.enabled()) ? "" : " [" + t.enabled() + "]");
	}

	/** The parent's trigger of which this one is the partition's clone (same name), as a one-element list. */
	private static List<String> parentTrigger(TriggerInfo trigger, CatalogSnapshot snapshot) {
		for (TableInfo table : snapshot.tables()) {
			if (table.schema().equals(trigger.schema()) && table.name().equals(trigger.table())
					&& table.partitionOf() != null) {
				String parent = table.partitionOf() + "." + trigger.name();
				boolean cloned = snapshot.triggers()
					.stream()
					.anyMatch(p -> CatalogObject.qualified(p.schema(), p.table(), p.name()).equals(parent));
				return cloned ? List.of("trigger:" + parent) : List.of();
			}
		}
		return List.of();
	}

	private List<Difference> triggers(CatalogSnapshot target, CatalogSnapshot reference) {
		Map<String, TriggerInfo> ts = new TreeMap<>();
		Map<String, TriggerInfo> rs = new TreeMap<>();
		target.triggers().forEach(t -> ts.put(t.key(), t));
		reference.triggers().forEach(t -> rs.put(t.key(), t));
		Set<String> all = new TreeSet<>(ts.keySet());
		all.addAll(rs.keySet());
		List<Difference> out = new ArrayList<>();
		for (String key : all) {
			TriggerInfo t = ts.get(key);
			TriggerInfo r = rs.get(key);
			TriggerInfo any = t != null ? t : r;
			List<String> parents = List.of("schema:" + any.schema(), "table:" + any.schema() + "." + any.table());
			if (t == null) {
				out.add(Difference.missing("trigger", key, parents, text(r),
						List.of(new CreateTrigger(r.schema(), r.table(), r.name(), r.definition(), r.enabled(),
								r.function(), null, parentTrigger(r, reference)))));
			}
			else if (r == null) {
				out.add(Difference.extra("trigger", key, parents, text(t), List.of(new DropTrigger(t.schema(),
						t.table(), t.name(), t.definition(), t.enabled(), parentTrigger(t, target)))));
			}
			else if (!r.definition().equals(t.definition())) {
				out.add(Difference.mismatch("trigger", key, parents, text(r), text(t),
						List.of(new CreateTrigger(r.schema(), r.table(), r.name(), r.definition(), r.enabled(),
								r.function(), t.definition(), parentTrigger(r, reference)))));
			}
			else if (!r.enabled().equals(t.enabled())) {
				out.add(Difference.mismatch("trigger", key, parents, text(r), text(t),
						List.of(new EnableTrigger(r.schema(), r.table(), r.name(), r.enabled(), t.enabled()))));
			}
		}
		return out;
	}
}

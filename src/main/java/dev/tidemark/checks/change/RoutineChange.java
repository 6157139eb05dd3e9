package dev.tidemark.checks.change;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import org.jspecify.annotations.Nullable;

/**
 * Changes to views, materialized views, functions, procedures and triggers.
 * <p>
 * Names as findings print them: {@code view public.v}, {@code materialized-view public.mv},
 * {@code function public.f(x integer)} (procedures too), {@code trigger public.orders.audit}. Definitions are the
 * catalog's own printouts ({@code pg_get_viewdef}, {@code pg_get_functiondef}, {@code pg_get_triggerdef}).
 */
@JsonSubTypes({ @JsonSubTypes.Type(RoutineChange.CreateView.class), @JsonSubTypes.Type(RoutineChange.DropView.class),
		@JsonSubTypes.Type(RoutineChange.DropViewOrdered.class),
		@JsonSubTypes.Type(RoutineChange.CommentOnView.class),
		@JsonSubTypes.Type(RoutineChange.CreateFunction.class),
		@JsonSubTypes.Type(RoutineChange.DropFunction.class),
		@JsonSubTypes.Type(RoutineChange.CommentOnFunction.class),
		@JsonSubTypes.Type(RoutineChange.CreateTrigger.class), @JsonSubTypes.Type(RoutineChange.DropTrigger.class),
		@JsonSubTypes.Type(RoutineChange.EnableTrigger.class), @JsonSubTypes.Type(RoutineChange.CreateRule.class),
		@JsonSubTypes.Type(RoutineChange.DropRule.class) })
public sealed interface RoutineChange extends SchemaChange {

	/** A change to a view or materialized view ({@code schema.name}). */
	sealed interface ViewChange extends RoutineChange {

		String schema();

		String name();

		boolean materialized();

		@Override
		default String kind() {
			return viewKind(materialized());
		}

		@Override
		default String object() {
			return schema() + "." + name();
		}
	}

	/** A change to a function or procedure ({@code schema.name(arguments)}). */
	sealed interface FunctionChange extends RoutineChange {

		String schema();

		String name();

		String arguments();

		@Override
		default String kind() {
			return "function";
		}

		@Override
		default String object() {
			return schema() + "." + name() + "(" + arguments() + ")";
		}
	}

	/** A change to a trigger ({@code schema.table.name}). */
	sealed interface TriggerChange extends RoutineChange {

		String schema();

		String table();

		String name();

		@Override
		default String kind() {
			return "trigger";
		}

		@Override
		default String object() {
			return schema() + "." + table() + "." + name();
		}
	}

	/** A change to a view's rewrite rule ({@code schema.view.name}). */
	sealed interface RuleChange extends RoutineChange {

		String schema();

		String view();

		String name();

		@Override
		default String kind() {
			return "rule";
		}

		@Override
		default String object() {
			return schema() + "." + view() + "." + name();
		}
	}

	static String viewKind(boolean materialized) {
		return materialized ? "materialized-view" : "view";
	}

	/** {@code PROCEDURE} for procedures, {@code FUNCTION} for functions and window functions. */
	static String routineWord(String kind) {
		return "PROCEDURE".equals(kind) ? "PROCEDURE" : "FUNCTION";
	}

	/**
	 * Creates a view (or a materialized view, populated) from its {@code pg_get_viewdef} definition, with its
	 * comment; after the views it reads when those are created in the same plan. Other code builds this record
	 * to put views back around a column type change: keep its components. A plain view's INSTEAD OF triggers and
	 * rules ({@code triggers}, {@code rules}) are created in the same transaction as the view, so it is never
	 * writable without them (a simple view is auto-updatable: writes would reach its table unchecked).
	 *
	 * @param dependsOn what the view reads, schema-qualified ({@code public.orders}, {@code public.f(x integer)})
	 */
	record CreateView(String schema, String name, boolean materialized, String definition, List<String> dependsOn,
			@Nullable String comment, List<CreateTrigger> triggers, List<CreateRule> rules) implements ViewChange {

		public CreateView {
			dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
			triggers = triggers == null ? List.of() : List.copyOf(triggers);
			rules = rules == null ? List.of() : List.copyOf(rules);
		}

		/** Without triggers or rules. */
		public CreateView(String schema, String name, boolean materialized, String definition, List<String> dependsOn,
				@Nullable String comment) {
			this(schema, name, materialized, definition, dependsOn, comment, List.of(), List.of());
		}

		@Override
		public Phase phase() {
			return Phase.CREATE_VIEWS;
		}

		@Override
		public Set<String> requires() {
			Set<String> required = new LinkedHashSet<>();
			for (String d : dependsOn) {
				required.add("view:" + d);
				required.add("materialized-view:" + d);
			}
			triggers.forEach(t -> required.addAll(t.requires()));
			return required;
		}

		@Override
		public String summary() {
			return "Create " + (materialized ? "materialized view " : "view ") + object()
					+ (materialized ? " and populate it" : "");
		}
	}

	/**
	 * Drops a view or materialized view (destructive: a view in the target only). Other code builds this record to
	 * drop views around a column type change: keep its components. A drop that must wait for other drops, or that
	 * is put back by its reference definition, is a {@link DropViewOrdered}.
	 */
	record DropView(String schema, String name, boolean materialized) implements ViewChange {

		@Override
		public Phase phase() {
			return Phase.DROP_DEPENDENTS;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public String summary() {
			return "Drop " + (materialized ? "materialized view " : "view ") + object();
		}
	}

	/**
	 * Drops a view after the drops of the views that read it ({@code after}, as identities {@code view:s.v}), so
	 * none fails on a dependent. {@code recreated}: a {@link CreateView} of the reference definition puts it back
	 * later in the plan (its definition differs, or something it reads is replaced), so nothing is lost for good
	 * and the drop is not destructive; otherwise it is a view in the target only and the drop is.
	 */
	record DropViewOrdered(String schema, String name, boolean materialized, boolean recreated, List<String> after)
			implements ViewChange {

		public DropViewOrdered {
			after = after == null ? List.of() : List.copyOf(after);
		}

		@Override
		public Phase phase() {
			return Phase.DROP_DEPENDENTS;
		}

		@Override
		public boolean destructive() {
			return !recreated;
		}

		@Override
		public Set<String> requires() {
			return new LinkedHashSet<>(after);
		}

		@Override
		public String summary() {
			return "Drop " + (materialized ? "materialized view " : "view ") + object()
					+ (recreated ? " (created again from the reference later in this plan)" : "");
		}
	}

	/** Sets (or, null, removes) a view's comment; {@code previous} is the target's, for the rollback. */
	record CommentOnView(String schema, String name, boolean materialized, @Nullable String comment,
			@Nullable String previous) implements ViewChange {

		@Override
		public Phase phase() {
			return Phase.ATTACH_BEHAVIOUR;
		}

		@Override
		public String summary() {
			return (comment == null ? "Remove the comment on " : "Set the comment on ") + kind() + " " + object();
		}
	}

	/**
	 * Creates a function or procedure from the reference's {@code pg_get_functiondef} output (a
	 * {@code CREATE OR REPLACE} statement), its body not checked at creation. {@code replacing}: the target has
	 * the function with another definition (replaced in place, or created again after a {@link DropFunction}
	 * that is {@code replaced}). {@code comment}: set with the creation (null: none, or set by a
	 * {@link CommentOnFunction}).
	 *
	 * @param arguments identity arguments as {@code pg_get_function_identity_arguments} prints them
	 * @param routineKind FUNCTION, PROCEDURE or WINDOW
	 */
	record CreateFunction(String schema, String name, String arguments, String definition, String routineKind,
			@Nullable String comment, boolean replacing) implements FunctionChange {

		@Override
		public Phase phase() {
			return Phase.CREATE_ROUTINES;
		}

		@Override
		public String summary() {
			return (replacing ? "Replace " : "Create ") + routineWord(routineKind).toLowerCase() + " " + object()
					+ (replacing ? " with the reference's definition" : "");
		}
	}

	/**
	 * Drops a function or procedure. A function in the target only: destructive, with the other routine and type
	 * drops. {@code replaced}: its signature, result or kind changes, which {@code CREATE OR REPLACE} cannot do,
	 * so it is dropped right before a {@link CreateFunction} puts the reference's back (with the routines): not
	 * destructive (a function holds no data), after the drops of the views, defaults and CHECKs that call it
	 * ({@code after}).
	 */
	record DropFunction(String schema, String name, String arguments, String routineKind, boolean replaced,
			List<String> after) implements FunctionChange {

		public DropFunction {
			after = after == null ? List.of() : List.copyOf(after);
		}

		@Override
		public Phase phase() {
			return replaced ? Phase.CREATE_ROUTINES : Phase.DROP_ROUTINES_AND_TYPES;
		}

		@Override
		public int order() {
			return replaced ? -2 : 0; // before the routines' creation, after the defaults and CHECKs calling it
		}

		@Override
		public boolean destructive() {
			return !replaced;
		}

		@Override
		public Set<String> requires() {
			return new LinkedHashSet<>(after);
		}

		@Override
		public String summary() {
			return "Drop " + routineWord(routineKind).toLowerCase() + " " + object()
					+ (replaced ? " (created again from the reference later in this plan)" : "");
		}
	}

	/** Sets (or, null, removes) a function's or procedure's comment; {@code previous} for the rollback. */
	record CommentOnFunction(String schema, String name, String arguments, String routineKind,
			@Nullable String comment, @Nullable String previous) implements FunctionChange {

		@Override
		public Phase phase() {
			return Phase.ATTACH_BEHAVIOUR;
		}

		@Override
		public String summary() {
			return (comment == null ? "Remove the comment on " : "Set the comment on ")
					+ routineWord(routineKind).toLowerCase() + " " + object();
		}
	}

	/**
	 * Creates a trigger from its {@code pg_get_triggerdef} definition and sets its firing state ({@code enabled}:
	 * ENABLED, DISABLED, REPLICA, ALWAYS). {@code previous}: the target's definition when it has the trigger
	 * defined otherwise; then it is dropped and created again in the same transaction, so no write slips between.
	 *
	 * @param function the trigger function, {@code schema.name} (trigger functions take no arguments)
	 * @param after identities created first: the partitioned parent's trigger of which this one is a clone
	 */
	record CreateTrigger(String schema, String table, String name, String definition, String enabled,
			String function, @Nullable String previous, List<String> after) implements TriggerChange {

		public CreateTrigger {
			after = after == null ? List.of() : List.copyOf(after);
		}

		@Override
		public Phase phase() {
			return Phase.ATTACH_BEHAVIOUR;
		}

		@Override
		public Set<String> requires() {
			Set<String> required = new LinkedHashSet<>();
			required.add("function:" + function + "()");
			required.addAll(after);
			return required;
		}

		@Override
		public String summary() {
			return (previous == null ? "Create trigger " : "Replace trigger ") + object();
		}
	}

	/**
	 * Drops a trigger (destructive). {@code definition} and {@code enabled} are the target's, for the rollback;
	 * {@code after}: drops that go first (the partitioned parent's trigger, which takes its clones with it).
	 */
	record DropTrigger(String schema, String table, String name, String definition, String enabled,
			List<String> after) implements TriggerChange {

		public DropTrigger {
			after = after == null ? List.of() : List.copyOf(after);
		}

		@Override
		public Phase phase() {
			return Phase.DROP_DEPENDENTS;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public Set<String> requires() {
			return new LinkedHashSet<>(after);
		}

		@Override
		public String summary() {
			return "Drop trigger " + object();
		}
	}

	/** Sets a trigger's firing state (ENABLED, DISABLED, REPLICA, ALWAYS); {@code previous} for the rollback. */
	record EnableTrigger(String schema, String table, String name, String enabled, String previous)
			implements TriggerChange {

		@Override
		public Phase phase() {
			return Phase.ATTACH_BEHAVIOUR;
		}

		@Override
		public String summary() {
			return "Set trigger " + object() + " " + enabled;
		}
	}

	/**
	 * Creates or replaces a view's rule from its {@code pg_get_ruledef} definition ({@code CREATE RULE ... ;} over
	 * two lines, checked by the comparer to hold no other statement). {@code previous}: the target's definition when it
	 * has the rule defined otherwise, for the rollback. With the behaviour, after the views are created.
	 */
	record CreateRule(String schema, String view, String name, String definition, @Nullable String previous)
			implements RuleChange {

		@Override
		public Phase phase() {
			return Phase.ATTACH_BEHAVIOUR;
		}

		@Override
		public String summary() {
			return (previous == null ? "Create rule " : "Replace rule ") + object();
		}
	}

	/** Drops a view's rule (destructive); {@code definition} is the target's, for the rollback. */
	record DropRule(String schema, String view, String name, String definition) implements RuleChange {

		@Override
		public Phase phase() {
			return Phase.DROP_DEPENDENTS;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public String summary() {
			return "Drop rule " + object();
		}
	}
}

package dev.tidemark.checks.change;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.tidemark.checks.change.Difference.Presence;
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
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.FunctionInfo;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.RuleInfo;
import dev.tidemark.inspection.model.SchemaInfo;
import dev.tidemark.inspection.model.ServerInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TriggerInfo;
import dev.tidemark.inspection.model.ViewInfo;

import static org.assertj.core.api.Assertions.assertThat;

/** Hand-built target and reference snapshots, and the exact differences the routine family finds. */
class RoutineComparerTests {

	static final ServerInfo SERVER = new ServerInfo("15.8", 150008, "app", new TreeMap<>());

	/** A hostile schema name: quotes, a space, capitals, unicode. */
	static final String S = "Odd \"Sché ma\"";

	static final List<String> IN_S = List.of("schema:" + S);

	/** A small snapshot builder: add objects, then {@link #build()} (format 2) or {@link #format1()}. */
	static final class Snap {

		final List<TableInfo> tables = new ArrayList<>();

		final List<ViewInfo> views = new ArrayList<>();

		final List<FunctionInfo> functions = new ArrayList<>();

		final List<TriggerInfo> triggers = new ArrayList<>();

		final List<IndexInfo> indexes = new ArrayList<>();

		Snap table(String schema, String name, @Nullable String partitionOf) {
			tables.add(new TableInfo(schema, name,
					partitionOf == null ? TableInfo.TableKind.PARTITIONED_TABLE : TableInfo.TableKind.TABLE, "p",
					"owner", partitionOf, List.of()));
			return this;
		}

		Snap view(String schema, String name, String definition, List<String> dependsOn, @Nullable String comment) {
			views.add(new ViewInfo(schema, name, false, "owner", null, null, "h" + definition.hashCode(), List.of(),
					definition, dependsOn, comment));
			return this;
		}

		Snap matview(String schema, String name, String definition) {
			views.add(new ViewInfo(schema, name, true, "owner", true, false, "h" + definition.hashCode(), List.of(),
					definition, List.of(), null));
			return this;
		}

		Snap index(String schema, String table, String name, String definition) {
			indexes.add(new IndexInfo(schema, table, name, "btree", false, false, List.of("c"), List.of(), null, true,
					true, null, definition));
			return this;
		}

		Snap viewWithRules(String schema, String name, String definition, List<RuleInfo> rules) {
			views.add(new ViewInfo(schema, name, false, "owner", null, null, "h" + definition.hashCode(), List.of(),
					definition, List.of(), null, rules));
			return this;
		}

		Snap function(String schema, String name, String args, String kind, @Nullable String returns,
				String definition, @Nullable String comment) {
			functions.add(new FunctionInfo(schema, name, args, kind, returns, "plpgsql", "VOLATILE", false,
					"h" + definition.hashCode(), kind.equals("AGGREGATE") ? null : definition, comment));
			return this;
		}

		Snap trigger(String schema, String table, String name, String function, String enabled, String definition) {
			triggers.add(new TriggerInfo(schema, table, name, function, enabled, definition));
			return this;
		}

		CatalogSnapshot build() {
			return new CatalogSnapshot(2, SERVER, List.of(new SchemaInfo("public", "owner")), List.of(), tables,
					List.of(), indexes, views, List.of(), functions, triggers, List.of(), MigrationHistory.none(),
					null, List.of(), List.of(), List.of(), List.of(), List.of());
		}

		/** As a format-1 reader saw it: definitions as hashes only. */
		CatalogSnapshot format1() {
			return build().asFormat(1);
		}
	}

	static List<Difference> compare(Snap target, Snap reference) {
		return new RoutineComparer().compare(target.build(), reference.build());
	}

	static String fdef(String schema, String name, String args, String returns, String body) {
		return "CREATE OR REPLACE FUNCTION " + schema + "." + name + "(" + args + ")\n RETURNS " + returns
				+ "\n LANGUAGE plpgsql\nAS $function$\nBEGIN\n  " + body + "\nEND;\n$function$\n";
	}

	// ---------------------------------------------------------------- views

	@Test
	void missingViewIsCreatedFromTheReferenceWithoutItsTrailingSemicolon() {
		String def = " SELECT \"select\".id\n   FROM \"Odd \"\"Sché ma\"\"\".\"select\";";
		List<Difference> diffs = compare(new Snap(),
				new Snap().view(S, "Ünï view \"q\"", def, List.of(S + ".select"), "it's"));
		assertThat(diffs).containsExactly(Difference.missing("view", S + ".Ünï view \"q\"", IN_S,
				def.strip() + "\nCOMMENT it's",
				List.of(new CreateView(S, "Ünï view \"q\"", false,
						"SELECT \"select\".id\n   FROM \"Odd \"\"Sché ma\"\"\".\"select\"", List.of(S + ".select"),
						"it's"))));
	}

	@Test
	void extraViewIsDropped() {
		List<Difference> diffs = compare(new Snap().matview("public", "Order", "SELECT 1;"), new Snap());
		assertThat(diffs).containsExactly(Difference.extra("materialized-view", "public.Order", List.of("schema:public"),
				"SELECT 1;", List.of(new DropView("public", "Order", true))));
		assertThat(diffs.get(0).changes().get(0).destructive()).isTrue();
	}

	@Test
	void extraViewsAreDroppedReadersFirst() {
		Snap target = new Snap().view("public", "base", "SELECT 1;", List.of(), null)
			.view("public", "reader", "SELECT * FROM base;", List.of("public.base"), null);
		List<Difference> diffs = compare(target, new Snap());
		assertThat(diffs).extracting(Difference::object).containsExactly("public.base", "public.reader");
		assertThat(diffs.get(0).changes())
			.containsExactly(new DropViewOrdered("public", "base", false, false, List.of("view:public.reader")));
		assertThat(diffs.get(0).changes().get(0).destructive()).isTrue();
		assertThat(diffs.get(1).changes()).containsExactly(new DropView("public", "reader", false));
	}

	@Test
	void aRedefinedMaterializedViewGetsItsIndexesBackWithTheViewsAfterItsCreation() {
		String idx = "CREATE UNIQUE INDEX mv_i ON public.mv USING btree (c)";
		List<Difference> diffs = compare(new Snap().matview("public", "mv", "SELECT 1 AS c;").index("public", "mv",
				"mv_i", idx), new Snap().matview("public", "mv", "SELECT 2 AS c;").index("public", "mv", "mv_i", idx));
		assertThat(diffs).hasSize(1);
		assertThat(diffs.get(0).changes()).contains(new RelationChange.CreateViewIndex("public", "mv", "mv_i", idx));
		SchemaChange index = diffs.get(0).changes().stream()
			.filter(c -> c instanceof RelationChange.CreateViewIndex).findFirst().orElseThrow();
		assertThat(index.phase()).isEqualTo(SchemaChange.Phase.CREATE_VIEWS);
		assertThat(index.requires()).containsExactly("materialized-view:public.mv");
	}

	@Test
	void aMissingMaterializedViewWhoseIndexCannotBeWrittenIsRefused() {
		List<Difference> diffs = compare(new Snap(), new Snap().matview("public", "mv", "SELECT 1 AS c;")
			.index("public", "mv", "mv_i", "CREATE INDEX mv_i ON public.mv USING btree (c); DROP TABLE x"));
		assertThat(diffs).singleElement().satisfies(d -> assertThat(d.refusal()).isNotNull());
	}

	static final String NO_DELETE = "CREATE RULE no_delete AS\n    ON DELETE TO public.v DO INSTEAD NOTHING;";

	static final String NO_INSERT = "CREATE RULE no_insert AS\n    ON INSERT TO public.v DO INSTEAD NOTHING;";

	@Test
	void rulesOfAViewAreComparedByNameAndCreatedReplacedOrDropped() {
		String other = "CREATE RULE no_delete AS\n    ON DELETE TO public.v DO NOTHING;";
		String upd = "CREATE RULE upd AS\n    ON UPDATE TO public.v DO INSTEAD NOTHING;";
		List<Difference> diffs = compare(
				new Snap().viewWithRules("public", "v", "SELECT 1;", List.of(new RuleInfo("no_delete", other),
						new RuleInfo("upd", upd))),
				new Snap().viewWithRules("public", "v", "SELECT 1;", List.of(new RuleInfo("no_delete", NO_DELETE),
						new RuleInfo("no_insert", NO_INSERT))));
		List<String> parents = List.of("schema:public", "view:public.v");
		assertThat(diffs).containsExactly(
				Difference.mismatch("rule", "public.v.no_delete", parents, NO_DELETE, other,
						List.of(new CreateRule("public", "v", "no_delete", NO_DELETE, other))),
				Difference.missing("rule", "public.v.no_insert", parents, NO_INSERT,
						List.of(new CreateRule("public", "v", "no_insert", NO_INSERT, null))),
				Difference.extra("rule", "public.v.upd", parents, upd,
						List.of(new DropRule("public", "v", "upd", upd))));
	}

	@Test
	void aRedefinedViewGetsItsRulesBackAndRulesUnknownToTheReferenceAreKeptFromTheTarget() {
		List<RuleInfo> rules = List.of(new RuleInfo("no_delete", NO_DELETE));
		List<Difference> diffs = compare(new Snap().viewWithRules("public", "v", "SELECT 1;", rules),
				new Snap().viewWithRules("public", "v", "SELECT 2;", rules));
		assertThat(diffs).singleElement()
			.satisfies(d -> assertThat(d.changes()).contains(new CreateView("public", "v", false, "SELECT 2", List.of(),
					null, List.of(), List.of(new CreateRule("public", "v", "no_delete", NO_DELETE, null)))));
		diffs = compare(new Snap().viewWithRules("public", "v", "SELECT 1;", rules),
				new Snap().view("public", "v", "SELECT 2;", List.of(), null));
		assertThat(diffs).singleElement()
			.satisfies(d -> assertThat(d.changes()).contains(new CreateView("public", "v", false, "SELECT 2", List.of(),
					null, List.of(), List.of(new CreateRule("public", "v", "no_delete", NO_DELETE, null)))));
	}

	@Test
	void aRedefinedViewLosingARuleTheReferenceLacksIsDestructive() {
		String noInsert = "CREATE RULE no_insert AS\n    ON INSERT TO public.v DO INSTEAD NOTHING;";
		List<Difference> diffs = compare(new Snap().viewWithRules("public", "v", "SELECT 1;",
				List.of(new RuleInfo("no_delete", NO_DELETE), new RuleInfo("no_insert", noInsert))),
				new Snap().viewWithRules("public", "v", "SELECT 2;", List.of(new RuleInfo("no_delete", NO_DELETE))));
		Difference view = diffs.stream().filter(d -> d.kind().equals("view")).findFirst().orElseThrow();
		assertThat(view.changes()).contains(new DropRule("public", "v", "no_insert", noInsert));
		assertThat(view.changes()).anyMatch(SchemaChange::destructive);
	}

	@Test
	void aMaterializedViewReadingARecreatedViewWithAnIndexNoChangesetHoldsIsRefused() {
		Snap target = new Snap().view("public", "base", "SELECT 1 AS c;", List.of(), null);
		target.views.add(new ViewInfo("public", "mv", true, "owner", true, false, "h", List.of(), "SELECT c FROM base;",
				List.of("public.base"), null));
		Snap reference = new Snap().view("public", "base", "SELECT 2 AS c;", List.of(), null)
			.index("public", "mv", "mv_i", "CREATE INDEX mv_i ON public.mv USING btree (c); DROP TABLE x");
		reference.views.add(new ViewInfo("public", "mv", true, "owner", true, false, "h", List.of(),
				"SELECT c FROM base;", List.of("public.base"), null));
		assertThat(compare(target, reference)).singleElement()
			.satisfies(d -> assertThat(d.refusal().reason()).contains("mv_i"));
	}

	@Test
	void aViewWhoseRuleHasSeveralActionsIsNotDroppedAndCreatedAgain() {
		String several = "CREATE RULE ins AS\n    ON INSERT TO public.v DO INSTEAD ( INSERT INTO t VALUES (1);\n"
				+ " INSERT INTO t VALUES (2);\n);";
		List<RuleInfo> rules = List.of(new RuleInfo("ins", several));
		List<Difference> diffs = compare(new Snap().viewWithRules("public", "v", "SELECT 1;", rules),
				new Snap().viewWithRules("public", "v", "SELECT 2;", rules));
		assertThat(diffs).singleElement().satisfies(d -> assertThat(d.refusal().reason()).contains("public.v.ins"));
		assertThat(RoutineComparer.writableRule("CREATE RULE r AS ON INSERT TO v DO INSTEAD SELECT ';'")).isTrue();
	}

	@Test
	void redefinedViewIsDroppedAndCreatedWithTheViewsReadingIt() {
		Snap target = new Snap().view("public", "base", "SELECT 1 AS a;", List.of(), "c")
			.view("public", "reader", "SELECT a FROM base;", List.of("public.base"), null)
			.view("public", "far", "SELECT a FROM reader;", List.of("public.reader"), null)
			.view("public", "other", "SELECT 2;", List.of(), null)
			.trigger("public", "reader", "ins", "public.ins_fn", "ENABLED", "CREATE TRIGGER ins INSTEAD OF ...");
		Snap reference = new Snap().view("public", "base", "SELECT 1 AS a, 2 AS b;", List.of(), "c")
			.view("public", "reader", "SELECT a FROM base;", List.of("public.base"), null)
			.view("public", "far", "SELECT a FROM reader;", List.of("public.reader"), null)
			.view("public", "other", "SELECT 2;", List.of(), null)
			.trigger("public", "reader", "ins", "public.ins_fn", "ENABLED", "CREATE TRIGGER ins INSTEAD OF ...");
		List<Difference> diffs = compare(target, reference);
		assertThat(diffs).containsExactly(Difference.mismatch("view", "public.base", List.of("schema:public"),
				"SELECT 1 AS a, 2 AS b;\nCOMMENT c", "SELECT 1 AS a;\nCOMMENT c",
				List.of(new DropViewOrdered("public", "base", false, true, List.of("view:public.reader")),
						new DropViewOrdered("public", "reader", false, true, List.of("view:public.far")),
						// the reader's INSTEAD OF trigger goes with it and comes back, in the view's own changeset
						new CreateView("public", "reader", false, "SELECT a FROM base", List.of("public.base"), null,
								List.of(new CreateTrigger("public", "reader", "ins", "CREATE TRIGGER ins INSTEAD OF ...",
										"ENABLED", "public.ins_fn", null, List.of())),
								List.of()),
						new DropViewOrdered("public", "far", false, true, List.of()),
						new CreateView("public", "far", false, "SELECT a FROM reader", List.of("public.reader"), null),
						new CreateView("public", "base", false, "SELECT 1 AS a, 2 AS b", List.of(), "c"))));
		assertThat(diffs.get(0).changes()).noneMatch(SchemaChange::destructive);
	}

	@Test
	void commentOnlyDifferenceSetsTheComment() {
		List<Difference> diffs = compare(new Snap().view(S, "v", "SELECT 1;", List.of(), "old"),
				new Snap().view(S, "v", "SELECT 1;", List.of(), null));
		assertThat(diffs).containsExactly(Difference.mismatch("view", S + ".v", IN_S, "SELECT 1;",
				"SELECT 1;\nCOMMENT old", List.of(new CommentOnView(S, "v", false, null, "old"))));
	}

	@Test
	void viewBecomingMaterializedIsOneExtraAndOneMissing() {
		List<Difference> diffs = compare(new Snap().view("public", "v", "SELECT 1;", List.of(), null),
				new Snap().matview("public", "v", "SELECT 1;"));
		assertThat(diffs).extracting(Difference::presence, Difference::kind)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Presence.MISSING, "materialized-view"),
					org.assertj.core.groups.Tuple.tuple(Presence.EXTRA, "view"));
		assertThat(diffs.get(1).changes()).containsExactly(new DropView("public", "v", false));
		assertThat(diffs.get(0).changes())
			.containsExactly(new CreateView("public", "v", true, "SELECT 1", List.of(), null));
	}

	@Test
	void format1SnapshotsCompareHashesAndRefuseWhatNeedsADefinition() {
		Snap target = new Snap().view("public", "v", "SELECT 1;", List.of(), null)
			.view("public", "same", "SELECT 3;", List.of(), null)
			.view("public", "gone", "SELECT 4;", List.of(), null);
		Snap reference = new Snap().view("public", "v", "SELECT 2;", List.of(), null)
			.view("public", "same", "SELECT 3;", List.of(), null)
			.view("public", "new", "SELECT 5;", List.of(), null);
		List<Difference> diffs = new RoutineComparer().compare(target.format1(), reference.format1());
		assertThat(diffs).extracting(Difference::object).containsExactly("public.gone", "public.new", "public.v");
		assertThat(diffs.get(0).changes()).containsExactly(new DropView("public", "gone", false));
		assertThat(diffs.get(1).refusal()).isEqualTo(
				new Difference.Refusal(RoutineComparer.FORMAT1_REASON, RoutineComparer.FORMAT1_INSTEAD));
		assertThat(diffs.get(2).presence()).isEqualTo(Presence.MISMATCH);
		assertThat(diffs.get(2).changes()).isEmpty();
		assertThat(diffs.get(2).refusal()).isNotNull();
		assertThat(diffs.get(2).reference()).startsWith("definition md5 ");
	}

	// ---------------------------------------------------------------- functions

	@Test
	void missingFunctionIsCreatedFromItsDefinition() {
		String def = fdef("\"Odd \"\"Sché ma\"\"\"", "\"select\"", "x integer", "integer", "RETURN x;");
		List<Difference> diffs = compare(new Snap(),
				new Snap().function(S, "select", "x integer", "FUNCTION", "integer", def, "c"));
		assertThat(diffs).containsExactly(Difference.missing("function", S + ".select(x integer)", IN_S,
				def.strip() + "\nCOMMENT c",
				List.of(new CreateFunction(S, "select", "x integer", def.strip(), "FUNCTION", "c", false))));
	}

	@Test
	void extraProcedureIsDropped() {
		String def = "CREATE OR REPLACE PROCEDURE public.p(IN n integer)\n LANGUAGE sql\nAS $procedure$SELECT 1$procedure$\n";
		List<Difference> diffs = compare(new Snap().function("public", "p", "IN n integer", "PROCEDURE", null, def, null),
				new Snap());
		assertThat(diffs).containsExactly(Difference.extra("function", "public.p(IN n integer)",
				List.of("schema:public"), def.strip(),
				List.of(new DropFunction("public", "p", "IN n integer", "PROCEDURE", false, List.of()))));
	}

	@Test
	void changedBodyIsReplacedInPlaceAndCommentSetApart() {
		Snap target = new Snap().function("public", "f", "", "FUNCTION", "integer",
				fdef("public", "f", "", "integer", "RETURN 1;"), "old");
		Snap reference = new Snap().function("public", "f", "", "FUNCTION", "integer",
				fdef("public", "f", "", "integer", "RETURN 2;"), "new");
		List<Difference> diffs = compare(target, reference);
		assertThat(diffs).hasSize(1);
		assertThat(diffs.get(0).changes()).containsExactly(
				new CreateFunction("public", "f", "", fdef("public", "f", "", "integer", "RETURN 2;").strip(),
						"FUNCTION", null, true),
				new CommentOnFunction("public", "f", "", "FUNCTION", "new", "old"));
	}

	@Test
	void commentOnlyDifferenceOnAFunction() {
		String def = fdef("public", "f", "", "integer", "RETURN 1;");
		List<Difference> diffs = compare(new Snap().function("public", "f", "", "WINDOW", "integer", def, null),
				new Snap().function("public", "f", "", "WINDOW", "integer", def, "c"));
		assertThat(diffs.get(0).changes())
			.containsExactly(new CommentOnFunction("public", "f", "", "WINDOW", "c", null));
	}

	@Test
	void changedResultTypeDropsAndCreatesTheFunctionAndTheViewsReadingIt() {
		String oldDef = fdef("public", "f", "", "integer", "RETURN 1;");
		String newDef = fdef("public", "f", "", "bigint", "RETURN 1;");
		Snap target = new Snap().function("public", "f", "", "FUNCTION", "integer", oldDef, "c")
			.view("public", "uses_f", "SELECT f() AS x;", List.of("public.f()"), null)
			.view("public", "unrelated", "SELECT 1;", List.of(), null);
		Snap reference = new Snap().function("public", "f", "", "FUNCTION", "bigint", newDef, "c")
			.view("public", "uses_f", "SELECT f() AS x;", List.of("public.f()"), null)
			.view("public", "unrelated", "SELECT 1;", List.of(), null);
		List<Difference> diffs = compare(target, reference);
		assertThat(diffs).containsExactly(Difference.mismatch("function", "public.f()", List.of("schema:public"),
				newDef.strip() + "\nCOMMENT c", oldDef.strip() + "\nCOMMENT c",
				List.of(new DropFunction("public", "f", "", "FUNCTION", true, List.of("view:public.uses_f")),
						new CreateFunction("public", "f", "", newDef.strip(), "FUNCTION", "c", true),
						new DropViewOrdered("public", "uses_f", false, true, List.of()),
						new CreateView("public", "uses_f", false, "SELECT f() AS x", List.of("public.f()"), null))));
		assertThat(diffs.get(0).changes()).noneMatch(SchemaChange::destructive);
	}

	@Test
	void aViewReadingAnExtraOverloadIsDroppedBeforeItAndCreatedAgain() {
		String viewDef = "SELECT f(1) AS x;";
		Snap target = new Snap()
			.function("public", "f", "x integer", "FUNCTION", "integer", fdef("public", "f", "x integer", "integer", "RETURN x;"), null)
			.view("public", "v", viewDef, List.of("public.f(x integer)"), null);
		Snap reference = new Snap()
			.function("public", "f", "x bigint", "FUNCTION", "integer", fdef("public", "f", "x bigint", "integer", "RETURN x;"), null)
			.view("public", "v", viewDef, List.of("public.f(x bigint)"), null);
		List<Difference> diffs = compare(target, reference);
		assertThat(diffs).extracting(Difference::object).containsExactly("public.f(x bigint)", "public.f(x integer)");
		assertThat(diffs.get(1).changes()).containsExactly(
				new DropFunction("public", "f", "x integer", "FUNCTION", false, List.of()),
				new DropViewOrdered("public", "v", false, true, List.of()),
				new CreateView("public", "v", false, "SELECT f(1) AS x", List.of("public.f(x bigint)"), null));
	}

	@Test
	void changedParameterDefaultOrKindDropsAndCreates() {
		String withDefault = "CREATE OR REPLACE FUNCTION public.g(x integer DEFAULT 1)\n RETURNS integer\n"
				+ " LANGUAGE sql\nAS $function$SELECT x$function$\n";
		String without = "CREATE OR REPLACE FUNCTION public.g(x integer)\n RETURNS integer\n"
				+ " LANGUAGE sql\nAS $function$SELECT x$function$\n";
		List<Difference> diffs = compare(
				new Snap().function("public", "g", "x integer", "FUNCTION", "integer", withDefault, null),
				new Snap().function("public", "g", "x integer", "FUNCTION", "integer", without, null));
		assertThat(diffs.get(0).changes()).containsExactly(
				new DropFunction("public", "g", "x integer", "FUNCTION", true, List.of()),
				new CreateFunction("public", "g", "x integer", without.strip(), "FUNCTION", null, true));
		String proc = "CREATE OR REPLACE PROCEDURE public.g(IN x integer)\n LANGUAGE sql\nAS $procedure$SELECT x$procedure$";
		diffs = compare(new Snap().function("public", "g", "x integer", "FUNCTION", "integer", without, null),
				new Snap().function("public", "g", "x integer", "PROCEDURE", null, proc, null));
		assertThat(diffs.get(0).changes()).containsExactly(
				new DropFunction("public", "g", "x integer", "FUNCTION", true, List.of()),
				new CreateFunction("public", "g", "x integer", proc, "PROCEDURE", null, true));
	}

	@Test
	void aggregatesAreComparedByHashAndNeverRepaired() {
		Snap target = new Snap().function("public", "agg_changed", "numeric", "AGGREGATE", "numeric", "sum|a", null)
			.function("public", "agg_extra", "numeric", "AGGREGATE", "numeric", "sum|b", null)
			.function("public", "agg_same", "numeric", "AGGREGATE", "numeric", "sum|c", null);
		Snap reference = new Snap().function("public", "agg_changed", "numeric", "AGGREGATE", "numeric", "sum|x", null)
			.function("public", "agg_missing", "numeric", "AGGREGATE", "numeric", "sum|d", null)
			.function("public", "agg_same", "numeric", "AGGREGATE", "numeric", "sum|c", null);
		List<Difference> diffs = compare(target, reference);
		assertThat(diffs).extracting(Difference::object, Difference::presence)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("public.agg_changed(numeric)", Presence.MISMATCH),
					org.assertj.core.groups.Tuple.tuple("public.agg_extra(numeric)", Presence.EXTRA),
					org.assertj.core.groups.Tuple.tuple("public.agg_missing(numeric)", Presence.MISSING));
		assertThat(diffs).allSatisfy(d -> {
			assertThat(d.changes()).isEmpty();
			assertThat(d.refusal()).isEqualTo(
					new Difference.Refusal(RoutineComparer.AGGREGATE_REASON, RoutineComparer.AGGREGATE_INSTEAD));
		});
	}

	@Test
	void equalSnapshotsHaveNoDifferences() {
		Snap both = new Snap().view("public", "v", "SELECT 1;", List.of(), "c")
			.function("public", "f", "", "FUNCTION", "integer", fdef("public", "f", "", "integer", "RETURN 1;"), null)
			.trigger("public", "t", "trg", "public.f", "DISABLED", "CREATE TRIGGER trg ...");
		assertThat(compare(both, both)).isEmpty();
	}

	// ---------------------------------------------------------------- triggers

	static final String TRG = "CREATE TRIGGER \"end\" BEFORE INSERT ON \"Odd \"\"Sché ma\"\"\".\"Order Items\" FOR EACH ROW"
			+ " EXECUTE FUNCTION \"Odd \"\"Sché ma\"\"\".touch()";

	static final List<String> ON_TABLE = List.of("schema:" + S, "table:" + S + ".Order Items");

	@Test
	void missingTriggerIsCreatedAfterItsFunctionWithItsFiringState() {
		List<Difference> diffs = compare(new Snap(),
				new Snap().trigger(S, "Order Items", "end", S + ".touch", "REPLICA", TRG));
		CreateTrigger create = new CreateTrigger(S, "Order Items", "end", TRG, "REPLICA", S + ".touch", null, List.of());
		assertThat(diffs).containsExactly(
				Difference.missing("trigger", S + ".Order Items.end", ON_TABLE, TRG + " [REPLICA]", List.of(create)));
		assertThat(create.requires()).containsExactly("function:" + S + ".touch()");
	}

	@Test
	void extraTriggerIsDropped() {
		List<Difference> diffs = compare(new Snap().trigger(S, "Order Items", "end", S + ".touch", "ENABLED", TRG),
				new Snap());
		assertThat(diffs).containsExactly(Difference.extra("trigger", S + ".Order Items.end", ON_TABLE, TRG,
				List.of(new DropTrigger(S, "Order Items", "end", TRG, "ENABLED", List.of()))));
	}

	@Test
	void redefinedTriggerIsReplacedAndFiringStateAloneIsAltered() {
		String other = TRG.replace("BEFORE", "AFTER");
		List<Difference> diffs = compare(new Snap().trigger(S, "Order Items", "end", S + ".touch", "ENABLED", other),
				new Snap().trigger(S, "Order Items", "end", S + ".touch", "DISABLED", TRG));
		assertThat(diffs).containsExactly(Difference.mismatch("trigger", S + ".Order Items.end", ON_TABLE,
				TRG + " [DISABLED]", other,
				List.of(new CreateTrigger(S, "Order Items", "end", TRG, "DISABLED", S + ".touch", other, List.of()))));
		diffs = compare(new Snap().trigger(S, "Order Items", "end", S + ".touch", "ENABLED", TRG),
				new Snap().trigger(S, "Order Items", "end", S + ".touch", "ALWAYS", TRG));
		assertThat(diffs).containsExactly(Difference.mismatch("trigger", S + ".Order Items.end", ON_TABLE,
				TRG + " [ALWAYS]", TRG, List.of(new EnableTrigger(S, "Order Items", "end", "ALWAYS", "ENABLED"))));
	}

	@Test
	void aPartitionsCloneOfItsParentsTriggerWaitsForTheParent() {
		Snap reference = new Snap().table("public", "events", null)
			.table("public", "events_2024", "public.events")
			.table("public", "plain", null)
			.trigger("public", "events", "audit", "public.audit", "ENABLED", "CREATE TRIGGER audit ... events")
			.trigger("public", "events_2024", "audit", "public.audit", "ENABLED", "CREATE TRIGGER audit ... 2024")
			.trigger("public", "plain", "audit", "public.audit", "ENABLED", "CREATE TRIGGER audit ... plain");
		Snap target = new Snap().table("public", "events", null)
			.table("public", "events_2024", "public.events")
			.table("public", "plain", null);
		List<Difference> diffs = compare(target, reference);
		assertThat(diffs).extracting(d -> ((CreateTrigger) d.changes().get(0)).after())
			.containsExactly(List.of(), List.of("trigger:public.events.audit"), List.of());
		// and dropped after the parent's trigger, which takes the clone with it
		diffs = compare(reference, target);
		assertThat(diffs).extracting(d -> ((DropTrigger) d.changes().get(0)).after())
			.containsExactly(List.of(), List.of("trigger:public.events.audit"), List.of());
	}

	@Test
	void aTriggerOfAMissingTableFoldsIntoTheTablesDifference() {
		Difference table = Difference.missing("table", S + ".Order Items", IN_S, "CREATE TABLE ...", List.of());
		List<Difference> triggers = compare(new Snap(),
				new Snap().trigger(S, "Order Items", "end", S + ".touch", "ENABLED", TRG));
		List<Difference> all = new ArrayList<>(triggers);
		all.add(table);
		List<Difference> folded = SchemaComparer.fold(all);
		assertThat(folded).hasSize(1);
		assertThat(folded.get(0).kind()).isEqualTo("table");
		assertThat(folded.get(0).changes()).containsExactly(triggers.get(0).changes().get(0));
	}
}

package dev.tidemark.remediation.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import liquibase.util.StringUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tidemark.checks.change.ChangeRecords;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.NamespaceChange;
import dev.tidemark.checks.change.RelationChange;
import dev.tidemark.checks.change.RoutineChange;
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
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.checks.change.SchemaChange.Phase;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each routine change renders to exact SQL, rollback, risk and precondition. The SQL was run on PostgreSQL 15
 * (each precondition counted the drift before the step and none after) and linted with squawk.
 */
class RoutineRendererTests {

	/** A schema name with quotes and a space, as the catalog would name it. */
	static final String S = "Odd \"S\"";

	/** {@code S} as quoted SQL. */
	static final String QS = "\"Odd \"\"S\"\"\"";

	static final String TOUCH_DEF = "CREATE OR REPLACE FUNCTION " + QS + ".\"touch;it\"()\n RETURNS trigger\n"
			+ " LANGUAGE plpgsql\nAS $function$\nBEGIN\n  NEW.\"updatedAt\" := now(); -- it's now\n  RETURN NEW;\nEND;\n"
			+ "$function$\n";

	static final String BACKSLASH_DEF = "CREATE OR REPLACE FUNCTION public.esc()\n RETURNS text\n LANGUAGE plpgsql\n"
			+ "AS $function$\nBEGIN\n  RETURN 'a\\' || 'wow!';\nEND;\n$function$\n";

	static final String ADD_DEF = "CREATE OR REPLACE FUNCTION " + QS + ".add(a integer, b integer)\n RETURNS integer\n"
			+ " LANGUAGE sql\n IMMUTABLE\nAS $function$SELECT a + b$function$\n";

	static final String PROC_DEF = "CREATE OR REPLACE PROCEDURE public.p(IN n integer)\n LANGUAGE plpgsql\n"
			+ "AS $procedure$\nBEGIN\n  PERFORM n;\nEND;\n$procedure$\n";

	static final String TRIGGER_DEF = "CREATE TRIGGER \"select\" BEFORE UPDATE ON " + QS
			+ ".\"T\" FOR EACH ROW EXECUTE FUNCTION " + QS + ".\"touch;it\"()";

	static final String OLD_TRIGGER_DEF = "CREATE TRIGGER \"select\" AFTER UPDATE ON " + QS
			+ ".\"T\" FOR EACH ROW EXECUTE FUNCTION " + QS + ".\"touch;it\"()";

	static final String VIEW_PROBE = "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON"
			+ " n.oid = c.relnamespace WHERE n.nspname = 'Odd \"S\"' AND c.relname = ";

	static final String PROC_PROBE = "SELECT count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON"
			+ " n.oid = p.pronamespace WHERE n.nspname = ";

	static final String TRIGGER_PROBE = "SELECT count(*) FROM pg_catalog.pg_trigger t WHERE t.tgrelid ="
			+ " to_regclass('\"Odd \"\"S\"\"\".\"T\"') AND t.tgname = 'select'";

	record Expected(Risk risk, boolean transactional, String sql, Rollback rollback, String precondition,
			int expected) {
	}

	static Expected step(Risk risk, String sql, Rollback rollback, String precondition, int expected) {
		return new Expected(risk, true, sql, rollback, precondition, expected);
	}

	static Stream<Arguments> cases() {
		return Stream.of(
				Arguments.of("plain view with comment, hostile names",
						new CreateView(S, "Ünïcode view", false,
								" SELECT t.id,\n    t.\"Name\"\n   FROM \"Odd \"\"S\"\"\".\"T\" t\n  WHERE t.note = 'x;\n';",
								List.of(S + ".T"), "it's a view"),
						List.of(step(Risk.LOW,
								"CREATE VIEW " + QS + ".\"Ünïcode view\" AS\nSELECT t.id,\n    t.\"Name\"\n   FROM " + QS
										+ ".\"T\" t\n  WHERE t.note = 'x;\n';\nCOMMENT ON VIEW " + QS
										+ ".\"Ünïcode view\" IS 'it''s a view';",
								Rollback.sql("DROP VIEW IF EXISTS " + QS + ".\"Ünïcode view\";"),
								VIEW_PROBE + "'Ünïcode view'", 0))),
				Arguments.of("materialized view: created empty, populated outside a transaction",
						new CreateView(S, "mv", true, " SELECT 1 AS one;", List.of(), null),
						List.of(step(Risk.LOW,
								"CREATE MATERIALIZED VIEW " + QS + ".\"mv\" AS\nSELECT 1 AS one\nWITH NO DATA;",
								Rollback.sql("DROP MATERIALIZED VIEW IF EXISTS " + QS + ".\"mv\";"),
								VIEW_PROBE + "'mv'", 0),
								new Expected(Risk.MEDIUM, false, "REFRESH MATERIALIZED VIEW " + QS + ".\"mv\";",
										Rollback.nothingToUndo(
												"populating changes no definition; rolling back its creation drops it"),
										VIEW_PROBE + "'mv' AND c.relkind = 'm' AND NOT c.relispopulated", 1))),
				Arguments.of("view in the target only",
						new DropView(S, "Ünïcode view", false),
						List.of(step(Risk.HIGH, "DROP VIEW " + QS + ".\"Ünïcode view\";",
								Rollback.none("its definition is in the finding, to create by hand"),
								VIEW_PROBE + "'Ünïcode view' AND c.relkind = 'v'", 1))),
				Arguments.of("materialized view dropped to be created again",
						new DropViewOrdered(S, "mv", true, true, List.of("view:public.reader")),
						List.of(step(Risk.MEDIUM, "DROP MATERIALIZED VIEW " + QS + ".\"mv\";",
								Rollback.none("the plan creates it again from the reference; its target definition is"
										+ " in the finding, to create by hand"),
								VIEW_PROBE + "'mv' AND c.relkind = 'm'", 1))),
				Arguments.of("view comment removed",
						new CommentOnView(S, "v", false, null, "old 'one'"),
						List.of(step(Risk.LOW, "COMMENT ON VIEW " + QS + ".\"v\" IS NULL;",
								Rollback.sql("COMMENT ON VIEW " + QS + ".\"v\" IS 'old ''one''';"),
								VIEW_PROBE + "'v' AND c.relkind = 'v' AND pg_catalog.obj_description(c.oid,"
										+ " 'pg_class') IS DISTINCT FROM NULL",
								1))),
				Arguments.of("plpgsql function: body as a string constant, with its comment",
						new CreateFunction(S, "touch;it", "", TOUCH_DEF, "FUNCTION", "touch's", false),
						List.of(step(Risk.LOW,
								"SET LOCAL check_function_bodies = off;\nCREATE OR REPLACE FUNCTION " + QS
										+ ".\"touch;it\"()\n RETURNS trigger\n LANGUAGE plpgsql\nAS '\nBEGIN\n"
										+ "  NEW.\"updatedAt\" := now(); -- it''s now\n  RETURN NEW;\nEND;\n';\n"
										+ "COMMENT ON FUNCTION " + QS + ".\"touch;it\"() IS 'touch''s';",
								Rollback.sql("DROP FUNCTION IF EXISTS " + QS + ".\"touch;it\"();"),
								"SELECT count(*) FROM (SELECT 1) x WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p"
										+ " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname ="
										+ " 'Odd \"S\"' AND p.proname = 'touch;it' AND"
										+ " pg_catalog.pg_get_function_identity_arguments(p.oid) = '' AND"
										+ " md5(rtrim(pg_catalog.pg_get_functiondef(p.oid), chr(10))) = '"
										+ RoutineRenderer.md5(TOUCH_DEF.strip()) + "')",
								1))),
				Arguments.of("sql function without a line-ending ; keeps its dollar quotes; replaced in place",
						new CreateFunction(S, "add", "a integer, b integer", ADD_DEF, "FUNCTION", null, true),
						List.of(step(Risk.MEDIUM,
								"SET LOCAL check_function_bodies = off;\n" + ADD_DEF.strip() + ";",
								Rollback.none("the target's previous definition is in the finding, to run by hand"),
								"SELECT count(*) FROM (SELECT 1) x WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p"
										+ " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname ="
										+ " 'Odd \"S\"' AND p.proname = 'add' AND"
										+ " pg_catalog.pg_get_function_identity_arguments(p.oid) = 'a integer, b integer'"
										+ " AND md5(rtrim(pg_catalog.pg_get_functiondef(p.oid), chr(10))) = '"
										+ RoutineRenderer.md5(ADD_DEF.strip()) + "')",
								1))),
				Arguments.of("procedure dropped (target only)",
						new DropFunction("public", "p", "IN n integer", "PROCEDURE", false, List.of()),
						List.of(step(Risk.HIGH, "DROP PROCEDURE \"public\".\"p\"(IN n integer);",
								Rollback.none("its definition is in the finding, to run by hand"),
								PROC_PROBE + "'public' AND p.proname = 'p' AND"
										+ " pg_catalog.pg_get_function_identity_arguments(p.oid) = 'IN n integer'",
								1))),
				Arguments.of("function dropped to be created again",
						new DropFunction(S, "add", "a integer, b integer", "FUNCTION", true, List.of()),
						List.of(step(Risk.MEDIUM, "DROP FUNCTION " + QS + ".\"add\"(a integer, b integer);",
								Rollback.none("its definition is in the finding, to run by hand"),
								PROC_PROBE + "'Odd \"S\"' AND p.proname = 'add' AND"
										+ " pg_catalog.pg_get_function_identity_arguments(p.oid) = 'a integer, b integer'",
								1))),
				Arguments.of("procedure comment",
						new CommentOnFunction("public", "p", "IN n integer", "PROCEDURE", "new", null),
						List.of(step(Risk.LOW, "COMMENT ON PROCEDURE \"public\".\"p\"(IN n integer) IS 'new';",
								Rollback.sql("COMMENT ON PROCEDURE \"public\".\"p\"(IN n integer) IS NULL;"),
								PROC_PROBE + "'public' AND p.proname = 'p' AND"
										+ " pg_catalog.pg_get_function_identity_arguments(p.oid) = 'IN n integer'"
										+ " AND pg_catalog.obj_description(p.oid, 'pg_proc') IS DISTINCT FROM 'new'",
								1))),
				Arguments.of("disabled trigger created",
						new CreateTrigger(S, "T", "select", TRIGGER_DEF, "DISABLED", S + ".touch;it", null, List.of()),
						List.of(step(Risk.LOW,
								TRIGGER_DEF + ";\nALTER TABLE " + QS + ".\"T\" DISABLE TRIGGER \"select\";",
								Rollback.sql("DROP TRIGGER IF EXISTS \"select\" ON " + QS + ".\"T\";"),
								"SELECT count(*) FROM (SELECT 1) x WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t"
										+ " WHERE t.tgrelid = to_regclass('\"Odd \"\"S\"\"\".\"T\"') AND t.tgname ="
										+ " 'select' AND pg_catalog.pg_get_triggerdef(t.oid, true) = '"
										+ TRIGGER_DEF.replace("'", "''") + "')",
								1))),
				Arguments.of("trigger replaced in one transaction",
						new CreateTrigger(S, "T", "select", TRIGGER_DEF, "ENABLED", S + ".touch;it", OLD_TRIGGER_DEF,
								List.of()),
						List.of(step(Risk.MEDIUM,
								"DROP TRIGGER IF EXISTS \"select\" ON " + QS + ".\"T\";\n" + TRIGGER_DEF + ";",
								Rollback.sql("DROP TRIGGER IF EXISTS \"select\" ON " + QS + ".\"T\"; " + OLD_TRIGGER_DEF
										+ ";"),
								"SELECT count(*) FROM (SELECT 1) x WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t"
										+ " WHERE t.tgrelid = to_regclass('\"Odd \"\"S\"\"\".\"T\"') AND t.tgname ="
										+ " 'select' AND pg_catalog.pg_get_triggerdef(t.oid, true) = '"
										+ TRIGGER_DEF.replace("'", "''") + "')",
								1))),
				Arguments.of("trigger in the target only: rollback puts it back with its firing state",
						new DropTrigger(S, "T", "select", OLD_TRIGGER_DEF, "REPLICA", List.of()),
						List.of(step(Risk.HIGH, "DROP TRIGGER \"select\" ON " + QS + ".\"T\";",
								Rollback.sql(OLD_TRIGGER_DEF + ";\nALTER TABLE " + QS
										+ ".\"T\" ENABLE REPLICA TRIGGER \"select\";"),
								TRIGGER_PROBE, 1))),
				Arguments.of("trigger firing state",
						new EnableTrigger(S, "T", "select", "ALWAYS", "DISABLED"),
						List.of(step(Risk.LOW, "ALTER TABLE " + QS + ".\"T\" ENABLE ALWAYS TRIGGER \"select\";",
								Rollback.sql("ALTER TABLE " + QS + ".\"T\" DISABLE TRIGGER \"select\";"),
								TRIGGER_PROBE + " AND t.tgenabled <> 'A'", 1))),
				Arguments.of("trigger enabled again",
						new EnableTrigger(S, "T", "select", "ENABLED", "REPLICA"),
						List.of(step(Risk.LOW, "ALTER TABLE " + QS + ".\"T\" ENABLE TRIGGER \"select\";",
								Rollback.sql("ALTER TABLE " + QS + ".\"T\" ENABLE REPLICA TRIGGER \"select\";"),
								TRIGGER_PROBE + " AND t.tgenabled <> 'O'", 1))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void rendersExactly(String name, RoutineChange change, List<Expected> expected) {
		List<Draft> drafts = ChangeRenderer.render(change);
		assertThat(drafts).hasSameSizeAs(expected);
		for (int i = 0; i < drafts.size(); i++) {
			Draft d = drafts.get(i);
			Expected e = expected.get(i);
			assertThat(d.sql()).as("sql").isEqualTo(e.sql());
			assertThat(d.rollback()).as("rollback").isEqualTo(e.rollback());
			assertThat(d.risk()).as("risk").isEqualTo(e.risk());
			assertThat(d.transactional()).as("transactional").isEqualTo(e.transactional());
			assertThat(d.precondition()).as("precondition").isEqualTo(e.precondition());
			assertThat(d.expected()).as("expected").isEqualTo(e.expected());
			assertThat(d.precondition()).as("one line").doesNotContain("\n");
			assertThat(d.sql().strip()).endsWith(";");
			assertThat(d.description()).isNotBlank();
		}
	}

	@Test
	void aBodyWithABackslashIsAUnicodeEscapedConstant() {
		String sql = ChangeRenderer.render(new CreateFunction("public", "esc", "", BACKSLASH_DEF, "FUNCTION", null,
				false)).get(0).sql();
		assertThat(sql).isEqualTo("SET LOCAL check_function_bodies = off;\nCREATE OR REPLACE FUNCTION public.esc()\n"
				+ " RETURNS text\n LANGUAGE plpgsql\nAS U&'\nBEGIN\n  RETURN ''a!005C'' || ''wow!!'';\nEND;\n'"
				+ " UESCAPE '!';");
	}

	@Test
	void definitionsWithoutADollarQuotedBodyAreLeftAsPrinted() {
		String atomic = "CREATE OR REPLACE FUNCTION public.one()\n RETURNS integer\n LANGUAGE sql\nBEGIN ATOMIC\n"
				+ " SELECT 1;\nEND";
		assertThat(RoutineRenderer.forLiquibase(atomic + "\n")).isEqualTo(atomic);
		String c = "CREATE OR REPLACE FUNCTION public.c()\n RETURNS integer\n LANGUAGE c\nAS '$libdir/x',"
				+ " $function$c_fn$function$";
		assertThat(RoutineRenderer.forLiquibase(c)).isEqualTo(c);
		assertThat(RoutineRenderer.forLiquibase(ADD_DEF)).isEqualTo(ADD_DEF.strip());
	}

	/**
	 * Liquibase splits a formatted-SQL changeset at each {@code ;} that ends a line and knows no dollar quotes:
	 * every rendered step must split into exactly its statements, a routine's body whole.
	 */
	@Test
	void liquibaseSplitsEveryStepIntoItsStatementsOnly() {
		Map<RoutineChange, Integer> statements = Map.of(
				new CreateFunction(S, "touch;it", "", TOUCH_DEF, "FUNCTION", "touch's", false), 3,
				new CreateFunction("public", "esc", "", BACKSLASH_DEF, "FUNCTION", null, false), 2,
				new CreateFunction("public", "p", "IN n integer", PROC_DEF, "PROCEDURE", null, true), 2,
				new CreateFunction(S, "add", "a integer, b integer", ADD_DEF, "FUNCTION", null, false), 2,
				new CreateView(S, "v", false, " SELECT 'a;\n'::text AS x;", List.of(), "c;\n"), 2,
				new CreateTrigger(S, "T", "select", TRIGGER_DEF, "DISABLED", S + ".touch;it", OLD_TRIGGER_DEF,
						List.of()), 3);
		statements.forEach((change, count) -> {
			String sql = ChangeRenderer.render(change).get(0).sql();
			String[] split = StringUtil.processMultiLineSQL(sql, false, true, null, null);
			assertThat(split).as(sql).hasSize(count);
			assertThat(String.join(";\n", split) + ";").as("nothing lost or added").isEqualTo(sql);
		});
		// the reason for the string constant: as printed, the body is cut at its first line-ending ;
		assertThat(StringUtil.processMultiLineSQL(TOUCH_DEF.strip() + ";", false, true, null, null)).hasSizeGreaterThan(1);
	}

	@Test
	void phasesRisksAndRequirements() {
		CreateView view = new CreateView("public", "v", false, "SELECT 1", List.of("public.base", "public.f()"), null);
		assertThat(view.identity()).isEqualTo("view:public.v");
		assertThat(view.phase()).isEqualTo(Phase.CREATE_VIEWS);
		assertThat(view.requires()).containsExactly("view:public.base", "materialized-view:public.base",
				"view:public.f()", "materialized-view:public.f()");
		assertThat(view.destructive()).isFalse();
		assertThat(new CreateView("public", "m", true, "SELECT 1", List.of(), null).identity())
			.isEqualTo("materialized-view:public.m");
		DropView drop = new DropView("public", "v", false);
		assertThat(drop.phase()).isEqualTo(Phase.DROP_DEPENDENTS);
		assertThat(drop.destructive()).isTrue();
		DropViewOrdered base = new DropViewOrdered("public", "base", false, true, List.of("view:public.v"));
		assertThat(base.destructive()).isFalse();
		assertThat(base.requires()).containsExactly("view:public.v");
		assertThat(new DropViewOrdered("public", "base", false, false, List.of()).destructive()).isTrue();
		// a base view's drop runs after the drop of the view reading it
		assertThat(ChangeOrder.sort(List.of(base, drop))).containsExactly(drop, base);
		DropFunction extra = new DropFunction("public", "f", "x integer", "FUNCTION", false, List.of());
		assertThat(extra.phase()).isEqualTo(Phase.DROP_ROUTINES_AND_TYPES);
		assertThat(extra.destructive()).isTrue();
		assertThat(extra.identity()).isEqualTo("function:public.f(x integer)");
		DropFunction replaced = new DropFunction("public", "f", "x integer", "FUNCTION", true, List.of("view:public.v"));
		assertThat(replaced.phase()).isEqualTo(Phase.CREATE_ROUTINES);
		assertThat(replaced.destructive()).isFalse();
		CreateFunction create = new CreateFunction("public", "f", "x integer", "CREATE ...", "FUNCTION", null, true);
		assertThat(create.phase()).isEqualTo(Phase.CREATE_ROUTINES);
		// the replaced function goes after the views reading it, right before its creation
		assertThat(ChangeOrder.sort(List.of(create, replaced, drop))).containsExactly(drop, replaced, create);
		// the defaults and CHECKs calling it go right before its drop and come back right after its creation:
		// only the creation of routines runs while the column has no default, the defaults before any CHECK scan
		var dropDefault = new RelationChange.DropColumnDefault("public", "t", "c", "public.f(1)");
		var dropCheck = new RelationChange.DropConstraintForRoutine("public", "t", "k", "CHECK ((c < public.f(1)))");
		DropFunction withCallers = new DropFunction("public", "f", "x integer", "FUNCTION", true,
				List.of("view:public.v"));
		var setDefault = new RelationChange.SetColumnDefaultForRoutine("public", "t", "c", "public.f(1)",
				withCallers.identity());
		var addCheck = new RelationChange.AddConstraintForRoutine("public", "t", "k", "CHECK ((c < public.f(1)))",
				true, withCallers.identity());
		CreateFunction other = new CreateFunction("public", "a", "", "CREATE ...", "FUNCTION", null, false);
		var sequence = new NamespaceChange.CreateSequence("public", "s", "bigint", 1, 1, 100, null, null, false);
		var column = new RelationChange.AddColumn("public", "u",
				new RelationChange.ColumnDef("d", "integer", null, null, false, null, null), false);
		assertThat(ChangeOrder.sort(List.of(setDefault, addCheck, column, other, create, sequence, withCallers,
				dropCheck, drop, dropDefault)))
			.containsExactly(drop, sequence, dropDefault, dropCheck, withCallers, other, create, setDefault, addCheck,
					column);
		CreateTrigger trigger = new CreateTrigger("public", "p1", "t", "CREATE TRIGGER ...", "ENABLED", "public.fn",
				null, List.of("trigger:public.p.t"));
		assertThat(trigger.phase()).isEqualTo(Phase.ATTACH_BEHAVIOUR);
		assertThat(trigger.requires()).containsExactly("function:public.fn()", "trigger:public.p.t");
		assertThat(trigger.identity()).isEqualTo("trigger:public.p1.t");
		DropTrigger dropTrigger = new DropTrigger("public", "p1", "t", "CREATE TRIGGER ...", "ENABLED", List.of());
		assertThat(dropTrigger.phase()).isEqualTo(Phase.DROP_DEPENDENTS);
		assertThat(dropTrigger.destructive()).isTrue();
		assertThat(new EnableTrigger("public", "t", "x", "DISABLED", "ENABLED").phase())
			.isEqualTo(Phase.ATTACH_BEHAVIOUR);
		assertThat(new CommentOnView("public", "v", false, "c", null).phase()).isEqualTo(Phase.ATTACH_BEHAVIOUR);
		assertThat(new CommentOnFunction("public", "f", "", "FUNCTION", "c", null).phase())
			.isEqualTo(Phase.ATTACH_BEHAVIOUR);
	}

	private static final String RULE_DEF = "CREATE RULE no_delete AS\n    ON DELETE TO s.v DO INSTEAD NOTHING;";

	@Test
	void aRuleIsCreatedOrReplacedFromItsDefinitionAndDroppedWithItBackAsRollback() {
		Draft create = RoutineRenderer.render(new CreateRule("public", "v", "no_delete", RULE_DEF, null)).get(0);
		assertThat(create.sql()).isEqualTo("CREATE OR REPLACE RULE no_delete AS\n    ON DELETE TO s.v DO INSTEAD NOTHING;");
		assertThat(create.rollback().text()).isEqualTo("DROP RULE IF EXISTS \"no_delete\" ON \"public\".\"v\";");
		assertThat(create.expected()).isEqualTo(1);
		assertThat(create.precondition()).contains("pg_get_ruledef(r.oid) = ");
		Draft drop = RoutineRenderer.render(new DropRule("public", "v", "no_delete", RULE_DEF)).get(0);
		assertThat(drop.sql()).isEqualTo("DROP RULE \"no_delete\" ON \"public\".\"v\";");
		assertThat(drop.risk()).isEqualTo(Risk.HIGH);
		assertThat(drop.rollback().text()).startsWith("CREATE OR REPLACE RULE no_delete AS");
	}

	@Test
	void aViewIsCreatedWithItsTriggersAndRulesInOneTransactionalChangeset() {
		CreateView view = new CreateView("public", "v", false, "SELECT 1 AS a;", List.of(), null,
				List.of(new CreateTrigger("public", "v", "ins", "CREATE TRIGGER ins INSTEAD OF INSERT ON public.v FOR"
						+ " EACH ROW EXECUTE FUNCTION public.ins_fn()", "ENABLED", "public.ins_fn", null, List.of())),
				List.of(new CreateRule("public", "v", "no_delete", RULE_DEF, null)));
		List<Draft> drafts = RoutineRenderer.render(view);
		assertThat(drafts).singleElement().satisfies(d -> {
			assertThat(d.transactional()).isTrue();
			assertThat(d.sql()).isEqualTo("CREATE VIEW \"public\".\"v\" AS\nSELECT 1 AS a;\n"
					+ "CREATE TRIGGER ins INSTEAD OF INSERT ON public.v FOR EACH ROW EXECUTE FUNCTION public.ins_fn();\n"
					+ "CREATE OR REPLACE RULE no_delete AS\n    ON DELETE TO s.v DO INSTEAD NOTHING;");
			assertThat(d.rollback().text()).isEqualTo("DROP VIEW IF EXISTS \"public\".\"v\";");
		});
		// the trigger's function is created first
		assertThat(view.requires()).contains("function:public.ins_fn()");
	}

	@Test
	void everyRecordRoundTripsThroughEvidence() {
		List<SchemaChange> all = List.of(
				new CreateView(S, "Ünïcode view", true, "SELECT 1", List.of("public.t"), "it's"),
				new CreateView("public", "v", false, "SELECT 1", List.of(), null), new DropView(S, "v", true),
				new CreateView(S, "v", false, "SELECT 1", List.of(), null,
						List.of(new CreateTrigger(S, "v", "ins", TRIGGER_DEF, "ENABLED", S + ".touch", null, List.of())),
						List.of(new CreateRule(S, "v", "no_delete", RULE_DEF, null))),
				new DropViewOrdered(S, "v", false, true, List.of("view:public.w")),
				new CommentOnView(S, "v", false, null, "old"),
				new CreateFunction(S, "touch;it", "", TOUCH_DEF, "FUNCTION", "c", false),
				new DropFunction("public", "p", "IN n integer", "PROCEDURE", true, List.of("view:public.v")),
				new CommentOnFunction("public", "f", "x integer", "WINDOW", "c", null),
				new CreateTrigger(S, "T", "select", TRIGGER_DEF, "ALWAYS", S + ".touch;it", OLD_TRIGGER_DEF,
						List.of("trigger:public.p.select")),
				new DropTrigger(S, "T", "select", TRIGGER_DEF, "DISABLED", List.of()),
				new EnableTrigger(S, "T", "select", "REPLICA", "ENABLED"),
				new CreateRule(S, "v", "no_delete", RULE_DEF, "CREATE RULE no_delete AS ON DELETE TO s.v DO NOTHING;"),
				new DropRule(S, "v", "no_delete", RULE_DEF));
		List<Map<String, Object>> evidence = Changes.toEvidence(all);
		assertThat(evidence.get(0)).containsEntry("change", "CreateView");
		assertThat(evidence.get(4)).containsEntry("change", "DropViewOrdered");
		assertThat(Changes.fromEvidence(Map.of(Changes.EVIDENCE_KEY, evidence))).isEqualTo(all);
		// every record of the family is covered
		assertThat(all.stream().map(c -> c.getClass()).distinct())
			.hasSize(ChangeRecords.of(RoutineChange.class).size());
	}
}

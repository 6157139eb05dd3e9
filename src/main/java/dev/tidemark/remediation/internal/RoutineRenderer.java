package dev.tidemark.remediation.internal;

import static dev.tidemark.common.SqlIdentifiers.literal;
import static dev.tidemark.common.SqlIdentifiers.qualified;
import static dev.tidemark.common.SqlIdentifiers.quote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

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
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;

/**
 * Changesets for {@link RoutineChange}s. Lock and statement timeouts are set by the changelog writer for every
 * changeset, so none is set here.
 * <p>
 * Definitions are the catalog's own printouts, run as printed, with two exceptions. A view's trailing {@code ;}
 * is dropped ({@code CREATE VIEW ... AS <query>;}). A function body that Liquibase's statement splitter would cut
 * (it splits formatted SQL at a {@code ;} that ends a line and does not know dollar quotes, so every plpgsql body
 * is cut at its {@code END;}) is written as an ordinary string constant instead of {@code $function$ ... $function$}:
 * the same function (PostgreSQL keeps the body, not its quoting), and the splitter knows {@code '...'}. A body
 * with a backslash is written {@code U&'...' UESCAPE '!'} with the backslash as {@code !005C}, because the splitter
 * takes {@code \'} for an escaped quote where PostgreSQL does not.
 */
final class RoutineRenderer {

	/** A function body in dollar quotes at the end of {@code pg_get_functiondef} output: {@code AS $tag$...$tag$}. */
	private static final Pattern CLOSING_TAG = Pattern.compile("\\$[A-Za-z_0-9]*\\$$");

	/** Where Liquibase's formatted-SQL splitter ends a statement: {@code ;} closing a line. */
	private static final Pattern LINE_END_DELIMITER = Pattern.compile(";[ \\t]*(\\r?\\n|$)");

	private RoutineRenderer() {
	}

	static List<Draft> render(RoutineChange change) {
		return switch (change) {
			case CreateView c -> createView(c);
			case DropView c -> List.of(dropView(c.schema(), c.name(), c.materialized(), false));
			case DropViewOrdered c -> List.of(dropView(c.schema(), c.name(), c.materialized(), c.recreated()));
			case CommentOnView c -> List.of(commentOnView(c));
			case CreateFunction c -> List.of(createFunction(c));
			case DropFunction c -> List.of(dropFunction(c));
			case CommentOnFunction c -> List.of(commentOnFunction(c));
			case CreateTrigger c -> List.of(createTrigger(c));
			case DropTrigger c -> List.of(dropTrigger(c));
			case EnableTrigger c -> List.of(enableTrigger(c));
			case CreateRule c -> List.of(createRule(c));
			case DropRule c -> List.of(dropRule(c));
		};
	}

	// ---------------------------------------------------------------- views

	private static String viewWord(boolean materialized) {
		return materialized ? "MATERIALIZED VIEW" : "VIEW";
	}

	/** The view (relkind v) or materialized view (m) of that name: 1 while it exists. */
	static String viewProbe(String schema, String name, boolean materialized) {
		return Probes.relation(schema, name) + " AND c.relkind = " + (materialized ? "'m'" : "'v'");
	}

	/** {@code pg_get_viewdef} output without its trailing {@code ;}. */
	static String query(String definition) {
		String body = definition.strip();
		while (body.endsWith(";")) {
			body = body.substring(0, body.length() - 1).strip();
		}
		return body;
	}

	private static String commentOn(String what, @Nullable String comment) {
		return "COMMENT ON " + what + " IS " + (comment == null ? "NULL" : literal(comment)) + ";";
	}

	private static List<Draft> createView(CreateView c) {
		String view = qualified(c.schema(), c.name());
		String word = viewWord(c.materialized());
		String text = c.schema() + "." + c.name();
		StringBuilder sql = new StringBuilder("CREATE ").append(word).append(' ').append(view).append(" AS\n")
			.append(query(c.definition()));
		// a materialized view is created empty and populated by its own step: the population reads all the data
		// it selects, which may outlast the statement timeout of a transactional changeset
		sql.append(c.materialized() ? "\nWITH NO DATA;" : ";");
		if (c.comment() != null) {
			sql.append('\n').append(commentOn(word + " " + view, c.comment()));
		}
		// its INSTEAD OF triggers and rules in the same transaction: the view is never writable without them
		for (CreateTrigger t : c.triggers()) {
			sql.append('\n').append(trigger(t.schema(), t.table(), t.name(), t.definition(), t.enabled()));
		}
		for (CreateRule r : c.rules()) {
			sql.append('\n').append(createOrReplaceRule(r.definition()));
		}
		List<Draft> drafts = new ArrayList<>();
		String behaviour = c.triggers().isEmpty() && c.rules().isEmpty() ? ""
				: " with its " + (c.triggers().isEmpty() ? "" : "triggers" + (c.rules().isEmpty() ? "" : " and "))
						+ (c.rules().isEmpty() ? "" : "rules");
		drafts.add(new Draft("Create " + word.toLowerCase() + " " + text + " from the reference's definition" + behaviour
				+ (c.materialized() ? " (empty; populated by the next step)" : ""), Risk.LOW, true, sql.toString(),
				Rollback.sql("DROP " + word + " IF EXISTS " + view + ";"), Probes.relation(c.schema(), c.name()), 0));
		if (c.materialized()) {
			drafts.add(new Draft("Populate materialized view " + text
					+ " (reads the data it selects; locks only the new view)", Risk.MEDIUM, false,
					"REFRESH MATERIALIZED VIEW " + view + ";",
					Rollback.nothingToUndo("populating changes no definition; rolling back its creation drops it"),
					viewProbe(c.schema(), c.name(), true) + " AND NOT c.relispopulated", 1));
		}
		return drafts;
	}

	private static Draft dropView(String schema, String name, boolean materialized, boolean recreated) {
		String word = viewWord(materialized);
		String text = schema + "." + name;
		return new Draft("Drop " + word.toLowerCase() + " " + text
				+ (recreated ? " (created again from the reference's definition later in this plan)" : ""),
				recreated ? Risk.MEDIUM : Risk.HIGH, true, "DROP " + word + " " + qualified(schema, name) + ";",
				Rollback.none(recreated ? "the plan creates it again from the reference; its target definition is in"
						+ " the finding, to create by hand" : "its definition is in the finding, to create by hand"),
				viewProbe(schema, name, materialized), 1);
	}

	private static Draft commentOnView(CommentOnView c) {
		String what = viewWord(c.materialized()) + " " + qualified(c.schema(), c.name());
		return new Draft(
				(c.comment() == null ? "Remove the comment on " : "Set the comment on ")
						+ viewWord(c.materialized()).toLowerCase() + " " + c.schema() + "." + c.name(),
				Risk.LOW, true, commentOn(what, c.comment()), Rollback.sql(commentOn(what, c.previous())),
				viewProbe(c.schema(), c.name(), c.materialized())
						+ " AND pg_catalog.obj_description(c.oid, 'pg_class') IS DISTINCT FROM "
						+ (c.comment() == null ? "NULL" : literal(c.comment())),
				1);
	}

	// ---------------------------------------------------------------- functions

	/** {@code "s"."f"(x integer)}: the identity arguments as the catalog prints them (types already quoted). */
	private static String signature(String schema, String name, String arguments) {
		return qualified(schema, name) + "(" + arguments + ")";
	}

	private static String routineWord(String kind) {
		return "PROCEDURE".equals(kind) ? "PROCEDURE" : "FUNCTION";
	}

	/** 1 while the function or procedure with these identity arguments exists. */
	static String functionProbe(String schema, String name, String arguments) {
		return "SELECT count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
				+ " WHERE n.nspname = " + literal(schema) + " AND p.proname = " + literal(name)
				+ " AND pg_catalog.pg_get_function_identity_arguments(p.oid) = " + literal(arguments);
	}

	/** The md5 PostgreSQL's {@code md5(text)} gives for this text in a UTF-8 database. */
	static String md5(String text) {
		try {
			return HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * The definition as Liquibase's splitter keeps it in one statement: a dollar-quoted body that has a {@code ;}
	 * at a line end becomes a string constant (see the class comment); anything else is returned as it is.
	 */
	static String forLiquibase(String definition) {
		String d = definition.strip();
		Matcher closing = CLOSING_TAG.matcher(d);
		if (!closing.find()) {
			return d; // SQL-standard body (BEGIN ATOMIC ... END, RETURN ...) or C function
		}
		String tag = closing.group();
		int open = d.indexOf("\nAS " + tag);
		if (open < 0 || open + 4 + tag.length() > closing.start()) {
			return d;
		}
		String body = d.substring(open + 4 + tag.length(), closing.start());
		if (!LINE_END_DELIMITER.matcher(body).find()) {
			return d;
		}
		return d.substring(0, open + 4) + stringConstant(body);
	}

	/** A body as a string constant Liquibase's splitter keeps whole (see the class comment). */
	static String stringConstant(String body) {
		return body.indexOf('\\') < 0 ? "'" + body.replace("'", "''") + "'"
				: "U&'" + body.replace("!", "!!").replace("\\", "!005C").replace("'", "''") + "' UESCAPE '!'";
	}

	private static Draft createFunction(CreateFunction c) {
		String word = routineWord(c.routineKind());
		String signature = signature(c.schema(), c.name(), c.arguments());
		String definition = c.definition().strip();
		StringBuilder sql = new StringBuilder("SET LOCAL check_function_bodies = off;\n")
			.append(forLiquibase(definition))
			.append(";");
		if (c.comment() != null) {
			sql.append('\n').append(commentOn(word + " " + signature, c.comment()));
		}
		String text = word.toLowerCase() + " " + c.schema() + "." + c.name() + "(" + c.arguments() + ")";
		// drift: no routine of that signature has exactly the reference's definition
		String probe = "SELECT count(*) FROM (SELECT 1) x WHERE NOT EXISTS (" + functionProbe(c.schema(), c.name(),
				c.arguments()).replace("SELECT count(*) FROM", "SELECT 1 FROM")
				+ " AND md5(rtrim(pg_catalog.pg_get_functiondef(p.oid), chr(10))) = " + literal(md5(definition)) + ")";
		return new Draft(
				(c.replacing() ? "Replace " : "Create ") + text + " with the reference's definition"
						+ " (body not checked at creation, as pg_dump does)",
				c.replacing() ? Risk.MEDIUM : Risk.LOW, true, sql.toString(),
				c.replacing() ? Rollback.none("the target's previous definition is in the finding, to run by hand")
						: Rollback.sql("DROP " + word + " IF EXISTS " + signature + ";"),
				probe, 1);
	}

	private static Draft dropFunction(DropFunction c) {
		String word = routineWord(c.routineKind());
		return new Draft(
				"Drop " + word.toLowerCase() + " " + c.schema() + "." + c.name() + "(" + c.arguments() + ")"
						+ (c.replaced() ? " (created again from the reference's definition later in this plan)" : ""),
				c.replaced() ? Risk.MEDIUM : Risk.HIGH, true,
				"DROP " + word + " " + signature(c.schema(), c.name(), c.arguments()) + ";",
				Rollback.none("its definition is in the finding, to run by hand"),
				functionProbe(c.schema(), c.name(), c.arguments()), 1);
	}

	private static Draft commentOnFunction(CommentOnFunction c) {
		String what = routineWord(c.routineKind()) + " " + signature(c.schema(), c.name(), c.arguments());
		return new Draft(
				(c.comment() == null ? "Remove the comment on " : "Set the comment on ")
						+ routineWord(c.routineKind()).toLowerCase() + " " + c.schema() + "." + c.name() + "("
						+ c.arguments() + ")",
				Risk.LOW, true, commentOn(what, c.comment()), Rollback.sql(commentOn(what, c.previous())),
				functionProbe(c.schema(), c.name(), c.arguments())
						+ " AND pg_catalog.obj_description(p.oid, 'pg_proc') IS DISTINCT FROM "
						+ (c.comment() == null ? "NULL" : literal(c.comment())),
				1);
	}

	// ---------------------------------------------------------------- triggers

	/** 1 while the table has a trigger of that name. */
	static String triggerProbe(String schema, String table, String name) {
		return "SELECT count(*) FROM pg_catalog.pg_trigger t WHERE t.tgrelid = " + Sql.regclass(schema, table)
				+ " AND t.tgname = " + literal(name);
	}

	/** The ALTER TABLE clause that sets a trigger's firing state. */
	static String firing(String enabled) {
		return switch (enabled) {
			case "ENABLED" -> "ENABLE TRIGGER";
			case "DISABLED" -> "DISABLE TRIGGER";
			case "REPLICA" -> "ENABLE REPLICA TRIGGER";
			case "ALWAYS" -> "ENABLE ALWAYS TRIGGER";
			default -> throw new IllegalArgumentException("Unknown trigger state " + enabled);
		};
	}

	/** {@code pg_trigger.tgenabled} for a firing state. */
	static String firingCode(String enabled) {
		return switch (enabled) {
			case "ENABLED" -> "O";
			case "DISABLED" -> "D";
			case "REPLICA" -> "R";
			case "ALWAYS" -> "A";
			default -> throw new IllegalArgumentException("Unknown trigger state " + enabled);
		};
	}

	private static String setFiring(String schema, String table, String name, String enabled) {
		return "ALTER TABLE " + qualified(schema, table) + " " + firing(enabled) + " " + quote(name) + ";";
	}

	/** pg_get_triggerdef output, one statement ending with {@code ;}, then its firing state unless ENABLED. */
	private static String trigger(String schema, String table, String name, String definition, String enabled) {
		String sql = query(definition) + ";";
		return "ENABLED".equals(enabled) ? sql : sql + "\n" + setFiring(schema, table, name, enabled);
	}

	private static Draft createTrigger(CreateTrigger c) {
		String drop = "DROP TRIGGER IF EXISTS " + quote(c.name()) + " ON " + qualified(c.schema(), c.table()) + ";";
		String text = c.schema() + "." + c.table() + "." + c.name();
		boolean replacing = c.previous() != null;
		String sql = (replacing ? drop + "\n" : "") + trigger(c.schema(), c.table(), c.name(), c.definition(),
				c.enabled());
		// drift: the table has no trigger of that name with exactly this definition (a partition's clone that
		// the parent's trigger created is no drift)
		String probe = "SELECT count(*) FROM (SELECT 1) x WHERE NOT EXISTS (" + triggerProbe(c.schema(), c.table(),
				c.name()).replace("SELECT count(*) FROM", "SELECT 1 FROM")
				+ " AND pg_catalog.pg_get_triggerdef(t.oid, true) = " + literal(query(c.definition())) + ")";
		if (!replacing && c.definition().contains(" INSTEAD OF ")) {
			// a view's trigger: the view's creation in this plan may have created it already, in its own changeset
			// (the printout names the view as the session's search_path shows it, so compare by name)
			probe = "SELECT 1 - (" + triggerProbe(c.schema(), c.table(), c.name()) + ")";
		}
		return new Draft(
				replacing ? "Replace trigger " + text + " with the reference's definition (dropped and created in one"
						+ " transaction, so no write runs without it)" : "Create trigger " + text,
				replacing ? Risk.MEDIUM : Risk.LOW, true, sql,
				Rollback.sql(replacing ? drop + " " + query(c.previous()) + ";" : drop), probe, 1);
	}

	private static Draft dropTrigger(DropTrigger c) {
		return new Draft("Drop trigger " + c.schema() + "." + c.table() + "." + c.name(), Risk.HIGH, true,
				"DROP TRIGGER " + quote(c.name()) + " ON " + qualified(c.schema(), c.table()) + ";",
				Rollback.sql(trigger(c.schema(), c.table(), c.name(), c.definition(), c.enabled())),
				triggerProbe(c.schema(), c.table(), c.name()), 1);
	}

	private static Draft enableTrigger(EnableTrigger c) {
		return new Draft("Set trigger " + c.schema() + "." + c.table() + "." + c.name() + " "
				+ c.enabled() + " (was " + c.previous() + ")", Risk.LOW, true,
				setFiring(c.schema(), c.table(), c.name(), c.enabled()),
				Rollback.sql(setFiring(c.schema(), c.table(), c.name(), c.previous())),
				triggerProbe(c.schema(), c.table(), c.name()) + " AND t.tgenabled <> "
						+ literal(firingCode(c.enabled())),
				1);
	}

	// ---------------------------------------------------------------- rules

	/** 1 while the view has a rule of that name. */
	static String ruleProbe(String schema, String view, String name) {
		return "SELECT count(*) FROM pg_catalog.pg_rewrite r WHERE r.ev_class = " + Sql.regclass(schema, view)
				+ " AND r.rulename = " + literal(name);
	}

	/** pg_get_ruledef's {@code CREATE RULE} as {@code CREATE OR REPLACE RULE}, so it also replaces. */
	static String createOrReplaceRule(String definition) {
		String d = query(definition);
		return (d.startsWith("CREATE RULE ") ? "CREATE OR REPLACE RULE " + d.substring("CREATE RULE ".length()) : d)
				+ ";";
	}

	private static Draft createRule(CreateRule c) {
		String text = c.schema() + "." + c.view() + "." + c.name();
		// drift: the view has no rule of that name with exactly this definition
		String probe = "SELECT count(*) FROM (SELECT 1) x WHERE NOT EXISTS (" + ruleProbe(c.schema(), c.view(),
				c.name()).replace("SELECT count(*) FROM", "SELECT 1 FROM")
				+ " AND pg_catalog.pg_get_ruledef(r.oid) = " + literal(c.definition().strip()) + ")";
		return new Draft(c.previous() == null ? "Create rule " + text : "Replace rule " + text
				+ " with the reference's definition", c.previous() == null ? Risk.LOW : Risk.MEDIUM, true,
				createOrReplaceRule(c.definition()),
				Rollback.sql(c.previous() == null ? "DROP RULE IF EXISTS " + quote(c.name()) + " ON "
						+ qualified(c.schema(), c.view()) + ";" : createOrReplaceRule(c.previous())),
				probe, 1);
	}

	private static Draft dropRule(DropRule c) {
		return new Draft("Drop rule " + c.schema() + "." + c.view() + "." + c.name(), Risk.HIGH, true,
				"DROP RULE " + quote(c.name()) + " ON " + qualified(c.schema(), c.view()) + ";",
				Rollback.sql(createOrReplaceRule(c.definition())), ruleProbe(c.schema(), c.view(), c.name()), 1);
	}
}

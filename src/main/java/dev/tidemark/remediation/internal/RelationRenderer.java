package dev.tidemark.remediation.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tidemark.checks.change.RelationChange;
import dev.tidemark.checks.change.RelationChange.ColumnDef;
import dev.tidemark.checks.change.RelationChange.Name;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;
import org.jspecify.annotations.Nullable;

import static dev.tidemark.common.SqlIdentifiers.quote;
import static dev.tidemark.common.SqlIdentifiers.literal;
import static dev.tidemark.common.SqlIdentifiers.qualified;
import static dev.tidemark.remediation.internal.Sql.regclass;

/**
 * Changesets for {@link RelationChange}s. lock_timeout and statement_timeout are set for every changeset by
 * {@code ChangelogWriter}, so none is set here. Catalog SQL the records carry (types, defaults, definitions,
 * bounds) goes in verbatim: the comparer let through only fragments without a separator, comment or line break.
 * squawk rules that judge the reference's own choices (its column types, a constraint it has) are ignored with
 * the reason beside them; rules about how the change is made are followed.
 */
final class RelationRenderer {

	/** {@code CREATE [UNIQUE] INDEX name ON [ONLY] rest} as pg_get_indexdef prints it. */
	private static final Pattern INDEX = Pattern
		.compile("^CREATE (UNIQUE )?INDEX (?:\"(?:[^\"]|\"\")+\"|[^\\s\"]+) ON (?:ONLY )?(.+)$");

	private static final Pattern DEFERRABLE = Pattern.compile("(?i)\\s+(DEFERRABLE(?:\\s+INITIALLY\\s+(?:DEFERRED|IMMEDIATE))?)\\s*$");

	private RelationRenderer() {
	}

	static List<Draft> render(RelationChange change) {
		return switch (change) {
			case RelationChange.CreateTable c -> createTable(c);
			case RelationChange.DropTable c -> dropTable(c);
			case RelationChange.SetPersistence c -> persistence(c);
			case RelationChange.SetRowSecurity c -> rowSecurity(c);
			case RelationChange.SetStorageOptions c -> storageOptions(c);
			case RelationChange.SetInheritance c -> inheritance(c);
			case RelationChange.CommentOnTable c -> commentOnTable(c);
			case RelationChange.AttachPartition c -> attach(c);
			case RelationChange.DetachPartition c -> detach(c);
			case RelationChange.AddColumn c -> addColumn(c);
			case RelationChange.DropColumn c -> dropColumn(c);
			case RelationChange.AlterColumnType c -> columnType(c);
			case RelationChange.SetColumnCollation c -> collation(c);
			case RelationChange.DropColumnExpression c -> dropExpression(c);
			case RelationChange.SetColumnExpression c -> setExpression(c);
			case RelationChange.SetColumnDefault c -> columnDefault(c);
			case RelationChange.DropColumnDefault c -> dropDefaultForRoutine(c);
			case RelationChange.DropConstraintForRoutine c -> dropConstraintForRoutine(c);
			case RelationChange.SetColumnDefaultForRoutine c -> setDefaultForRoutine(c);
			case RelationChange.AddConstraintForRoutine c -> addConstraint(new RelationChange.AddConstraint(c.schema(),
					c.table(), c.name(), "CHECK", c.definition(), c.validate(), false, null, List.of()));
			case RelationChange.SetNotNull c -> setNotNull(c);
			case RelationChange.DropNotNull c -> dropNotNull(c);
			case RelationChange.SetColumnIdentity c -> identity(c);
			case RelationChange.CommentOnColumn c -> commentOnColumn(c);
			case RelationChange.SetColumnStatistics c -> statistics(c);
			case RelationChange.SetColumnStorage c -> storage(c);
			case RelationChange.AddConstraint c -> addConstraint(c);
			case RelationChange.DropConstraint c -> dropConstraint(c);
			case RelationChange.ReplaceConstraint c -> replaceConstraint(c);
			case RelationChange.ValidateConstraint c -> validate(c);
			case RelationChange.CreateIndex c -> createIndex(c);
			case RelationChange.CreateViewIndex c -> List.of(dropInvalid(c.schema(), c.name()),
					buildConcurrently(c.schema(), c.name(), concurrentIndex(c.definition(), c.name()),
							"Create index " + c.object() + " on the materialized view " + c.schema() + "." + c.view()));
			case RelationChange.DropIndex c -> dropIndex(c);
			case RelationChange.ReplaceIndex c -> replaceIndex(c);
			case RelationChange.BuildIndex c -> RepairRenderer.buildIndex(c);
			case RelationChange.BuildPartitionedIndex c -> RepairRenderer.partitionedIndex(c);
			case RelationChange.RebuildInvalidIndex c -> RepairRenderer.rebuildInvalidIndex(c);
			case RelationChange.AddKeyUsingIndex c -> RepairRenderer.keyUsingIndex(c);
			case RelationChange.CreatePartition c -> RepairRenderer.createPartition(c);
		};
	}

	private static Draft draft(String description, Risk risk, String sql, Rollback rollback,
			String precondition, int expected) {
		return new Draft(description, risk, true, sql, rollback, precondition, expected);
	}

	private static String table(String schema, String name) {
		return qualified(schema, name);
	}

	private static String table(Name name) {
		return qualified(name.schema(), name.name());
	}

	// ------------------------------------------------------------------------------------------------ tables

	private static List<Draft> createTable(RelationChange.CreateTable c) {
		String t = table(c.schema(), c.name());
		StringBuilder sql = new StringBuilder("CREATE ").append(c.unlogged() ? "UNLOGGED " : "").append("TABLE ").append(t);
		if (c.partitionOf() != null) {
			sql.append(" PARTITION OF ").append(table(c.partitionOf())).append(' ').append(c.partitionBound());
		}
		else {
			sql.append(" (");
			for (int i = 0; i < c.columns().size(); i++) {
				ColumnDef col = c.columns().get(i);
				String ignore = typeLint(col.type());
				// the reference chose these column types; the repair copies them, it does not judge them
				sql.append('\n').append(ignore.isEmpty() ? "" : ignore + "\n").append("    ").append(column(col))
					.append(i + 1 < c.columns().size() ? "," : "");
			}
			sql.append(c.columns().isEmpty() ? ")" : "\n)");
			if (!c.inherits().isEmpty()) {
				sql.append(" INHERITS (").append(c.inherits().stream().map(RelationRenderer::table)
					.collect(Collectors.joining(", "))).append(')');
			}
		}
		if (c.partitionKey() != null) {
			sql.append(" PARTITION BY ").append(c.partitionKey());
		}
		if (!c.options().isEmpty()) {
			sql.append(" WITH (").append(c.options().stream().map(RelationRenderer::option)
				.collect(Collectors.joining(", "))).append(')');
		}
		sql.append(';');
		if (c.rowSecurity()) {
			sql.append("\nALTER TABLE ").append(t).append(" ENABLE ROW LEVEL SECURITY;");
		}
		if (c.forceRowSecurity()) {
			sql.append("\nALTER TABLE ").append(t).append(" FORCE ROW LEVEL SECURITY;");
		}
		if (c.comment() != null) {
			sql.append("\nCOMMENT ON TABLE ").append(t).append(" IS ").append(literal(c.comment())).append(';');
		}
		String what = c.partitionOf() != null ? "partition " + c.object() + " of " + c.partitionOf() + " "
				+ c.partitionBound() + " (brief lock on the parent" + (c.partitionBound().equals("DEFAULT") ? ""
						: "; a default partition is scanned for rows of the new bound") + ")"
				: (c.partitionKey() != null ? "partitioned table " : "table ") + c.object() + " with "
						+ c.columns().size() + " column" + (c.columns().size() == 1 ? "" : "s");
		return List.of(draft("Create " + what + " as the reference has it", Risk.LOW, sql.toString(),
				Rollback.none("dropping " + c.object() + " would delete the rows written to it since; drop it by hand "
						+ "once it is empty"),
				Probes.relation(c.schema(), c.name()), 0));
	}

	/** A column as CREATE TABLE and ADD COLUMN write it. */
	private static String column(ColumnDef c) {
		return quote(c.name()) + " " + c.type() + (c.collation() == null ? "" : " COLLATE " + collation(c.collation()))
				+ (c.defaultExpression() == null ? "" : " DEFAULT " + c.defaultExpression())
				+ (c.notNull() ? " NOT NULL" : "")
				+ (c.identity() == null ? "" : " GENERATED " + identityKind(c.identity()) + " AS IDENTITY")
				+ (c.generatedExpression() == null ? "" : " GENERATED ALWAYS AS (" + c.generatedExpression() + ") STORED");
	}

	private static String identityKind(String identity) {
		return identity.equals("ALWAYS") ? "ALWAYS" : "BY DEFAULT";
	}

	/**
	 * A collation as {@code columns.sql} prints it ({@code "C"}, {@code public."my coll"}), quoted again through
	 * {@link Sql}: split on the dots outside double quotes, each part unquoted.
	 */
	static String collation(String text) {
		List<String> parts = new ArrayList<>();
		StringBuilder part = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char ch = text.charAt(i);
			if (ch == '"') {
				if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					part.append('"');
					i++;
				}
				else {
					quoted = !quoted;
				}
			}
			else if (ch == '.' && !quoted) {
				parts.add(part.toString());
				part.setLength(0);
			}
			else {
				part.append(ch);
			}
		}
		parts.add(part.toString());
		return parts.stream().map(SqlIdentifiers::quote).collect(Collectors.joining("."));
	}

	/** {@code name=value} as a storage parameter: the name quoted (a namespace kept apart), the value a literal. */
	static String option(String option) {
		int eq = option.indexOf('=');
		String name = eq < 0 ? option : option.substring(0, eq);
		String value = eq < 0 ? "true" : option.substring(eq + 1);
		return optionName(name) + " = " + literal(value);
	}

	private static String optionName(String name) {
		int dot = name.indexOf('.');
		return dot < 0 ? quote(name) : quote(name.substring(0, dot)) + "." + quote(name.substring(dot + 1));
	}

	/** squawk's type rules, for a type the reference chose. */
	static String typeLint(String type) {
		String t = type.toLowerCase(Locale.ROOT).strip();
		List<String> rules = new ArrayList<>();
		// format_type's spellings, and those a contract may choose (serial, int2, varchar without a length)
		if (t.startsWith("integer") || t.equals("int") || t.equals("int4") || t.equals("serial")
				|| t.equals("serial4")) {
			rules.add("prefer-bigint-over-int");
		}
		if (t.startsWith("smallint") || t.equals("int2") || t.equals("smallserial") || t.equals("serial2")) {
			rules.add("prefer-bigint-over-smallint");
		}
		if (t.startsWith("character varying(") || t.startsWith("varchar(") || t.equals("character varying")
				|| t.equals("varchar")) {
			rules.add("prefer-text-field");
		}
		if (t.startsWith("timestamp") && t.contains("without time zone") || t.equals("timestamp")) {
			rules.add("prefer-timestamp-tz");
		}
		if (t.startsWith("character(") || t.equals("character") || t.startsWith("char(")) {
			rules.add("ban-char-field");
		}
		return rules.isEmpty() ? "" : "-- squawk-ignore " + String.join(", ", rules);
	}

	private static String withLint(List<String> rules, String statement) {
		Set<String> all = new LinkedHashSet<>();
		for (String r : rules) {
			if (!r.isEmpty()) {
				all.addAll(List.of(r.replace("-- squawk-ignore ", "").split(", ")));
			}
		}
		return all.isEmpty() ? statement : "-- squawk-ignore " + String.join(", ", all) + "\n" + statement;
	}

	private static List<Draft> dropTable(RelationChange.DropTable c) {
		String t = table(c.schema(), c.name());
		// ban-drop-table: the reference has no such table and the proposal allowed destructive changes
		return List.of(draft("Drop table " + c.object() + (c.partitioned() ? " with every partition" : "")
				+ ": its rows are deleted (ACCESS EXCLUSIVE; fails while other objects depend on it)", Risk.HIGH,
				rowsComment(t + " holds ", c.estimatedRows(), c.partitioned() ? "a partition never analyzed"
						: "table never analyzed") + "-- squawk-ignore ban-drop-table\nDROP TABLE IF EXISTS " + t + ";",
				Rollback.none("the rows of " + c.object() + " are gone; restore them from a backup"),
				Probes.relation(c.schema(), c.name()), 1));
	}

	/**
	 * One comment line telling how many rows a drop takes: {@code -- "public"."orders" holds about 1,234 rows
	 * (planner estimate, pg_class.reltuples)}, or that the count is unknown. Names are quoted (a line can then not
	 * read as a Liquibase directive) and control characters in them replaced, so the comment stays one line.
	 */
	private static String rowsComment(String subject, @Nullable Long estimatedRows, String whyUnknown) {
		String text = estimatedRows == null ? "row count unknown (" + whyUnknown + ")"
				: subject + RelationChange.rowsAbout(estimatedRows) + " (planner estimate, pg_class.reltuples)";
		return "-- " + text.replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]", "?") + "\n";
	}

	private static String classProbe(String schema, String name, String condition) {
		return "SELECT count(*) FROM pg_catalog.pg_class WHERE oid = " + regclass(schema, name) + " AND " + condition;
	}

	private static List<Draft> persistence(RelationChange.SetPersistence c) {
		String t = table(c.schema(), c.name());
		String to = c.unlogged() ? "UNLOGGED" : "LOGGED";
		String from = c.unlogged() ? "LOGGED" : "UNLOGGED";
		return List.of(draft("Set " + c.object() + " " + to + ": rewrites the table and its indexes under ACCESS "
				+ "EXCLUSIVE (reads and writes wait)" + (c.unlogged() ? "; an unlogged table is emptied by a crash "
						+ "and not replicated" : ""), Risk.HIGH, "ALTER TABLE " + t + " SET " + to + ";",
				Rollback.sql("ALTER TABLE " + t + " SET " + from + ";"),
				classProbe(c.schema(), c.name(), "relpersistence = " + literal(c.unlogged() ? "p" : "u")), 1));
	}

	private static List<Draft> rowSecurity(RelationChange.SetRowSecurity c) {
		String t = table(c.schema(), c.name());
		List<String> sql = new ArrayList<>();
		List<String> undo = new ArrayList<>();
		if (c.enabled() != c.fromEnabled()) {
			sql.add("ALTER TABLE " + t + (c.enabled() ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY;");
			undo.add("ALTER TABLE " + t + (c.fromEnabled() ? " ENABLE" : " DISABLE") + " ROW LEVEL SECURITY;");
		}
		if (c.forced() != c.fromForced()) {
			sql.add("ALTER TABLE " + t + (c.forced() ? " FORCE" : " NO FORCE") + " ROW LEVEL SECURITY;");
			undo.add("ALTER TABLE " + t + (c.fromForced() ? " FORCE" : " NO FORCE") + " ROW LEVEL SECURITY;");
		}
		String effect = c.enabled() && !c.fromEnabled()
				? "; until its policies exist, roles other than the owner see no rows"
				: !c.enabled() && c.fromEnabled() ? "; its policies stop filtering rows" : "";
		return List.of(draft("Row level security on " + c.object() + ": " + (c.enabled() ? "enabled" : "disabled")
				+ (c.forced() ? ", forced on the owner too" : ", not forced on the owner") + " (brief ACCESS EXCLUSIVE)"
				+ effect, Risk.MEDIUM, String.join("\n", sql), Rollback.sql(String.join("\n", undo)),
				classProbe(c.schema(), c.name(), "relrowsecurity = " + c.fromEnabled() + " AND relforcerowsecurity = "
						+ c.fromForced()),
				1));
	}

	private static String textArray(List<String> values) {
		return values.isEmpty() ? "ARRAY[]::text[]"
				: "ARRAY[" + values.stream().map(SqlIdentifiers::literal).collect(Collectors.joining(", ")) + "]::text[]";
	}

	private static String optionNameOf(String option) {
		int eq = option.indexOf('=');
		return eq < 0 ? option : option.substring(0, eq);
	}

	private static List<Draft> storageOptions(RelationChange.SetStorageOptions c) {
		String t = table(c.schema(), c.name());
		List<String> sql = new ArrayList<>();
		if (!c.set().isEmpty()) {
			sql.add("ALTER TABLE " + t + " SET (" + c.set().stream().map(RelationRenderer::option)
				.collect(Collectors.joining(", ")) + ");");
		}
		if (!c.reset().isEmpty()) {
			sql.add("ALTER TABLE " + t + " RESET (" + c.reset().stream().map(RelationRenderer::optionName)
				.collect(Collectors.joining(", ")) + ");");
		}
		Set<String> touched = new LinkedHashSet<>();
		c.set().forEach(o -> touched.add(optionNameOf(o)));
		touched.addAll(c.reset());
		List<String> undo = new ArrayList<>();
		undo.add("ALTER TABLE " + t + " RESET (" + touched.stream().map(RelationRenderer::optionName)
			.collect(Collectors.joining(", ")) + ");");
		List<String> previous = c.previous().stream().filter(o -> touched.contains(optionNameOf(o))).toList();
		if (!previous.isEmpty()) {
			undo.add("ALTER TABLE " + t + " SET (" + previous.stream().map(RelationRenderer::option)
				.collect(Collectors.joining(", ")) + ");");
		}
		String options = "coalesce(reloptions, ARRAY[]::text[])";
		return List.of(draft("Storage parameters of " + c.object() + (c.set().isEmpty() ? "" : ": set "
				+ String.join(", ", c.set())) + (c.reset().isEmpty() ? "" : ": reset " + String.join(", ", c.reset()))
				+ " (catalog-only, brief lock; applies to pages written from now on)", Risk.LOW,
				String.join("\n", sql), Rollback.sql(String.join("\n", undo)),
				classProbe(c.schema(), c.name(), "NOT (" + options + " @> " + textArray(c.set())
						+ " AND NOT EXISTS (SELECT 1 FROM unnest(" + options + ") o WHERE split_part(o, '=', 1) = ANY ("
						+ textArray(c.reset()) + ")))"),
				1));
	}

	private static String inherits(String schema, String name, Name parent) {
		return "EXISTS (SELECT 1 FROM pg_catalog.pg_inherits WHERE inhrelid = " + regclass(schema, name)
				+ " AND inhparent = " + regclass(parent.schema(), parent.name()) + ")";
	}

	private static List<Draft> inheritance(RelationChange.SetInheritance c) {
		String t = table(c.schema(), c.name());
		List<String> sql = new ArrayList<>();
		List<String> undo = new ArrayList<>();
		List<String> drift = new ArrayList<>();
		for (Name p : c.add()) {
			sql.add("ALTER TABLE " + t + " INHERIT " + table(p) + ";");
			undo.add("ALTER TABLE " + t + " NO INHERIT " + table(p) + ";");
			drift.add("NOT " + inherits(c.schema(), c.name(), p));
		}
		for (Name p : c.remove()) {
			sql.add("ALTER TABLE " + t + " NO INHERIT " + table(p) + ";");
			undo.add("ALTER TABLE " + t + " INHERIT " + table(p) + ";");
			drift.add(inherits(c.schema(), c.name(), p));
		}
		return List.of(draft("Inheritance of " + c.object() + (c.add().isEmpty() ? "" : ": inherit " + c.add())
				+ (c.remove().isEmpty() ? "" : ": no longer inherit " + c.remove())
				+ " (catalog-only; brief ACCESS EXCLUSIVE on the table and its parents; queries on a parent see "
				+ "its children's rows)", Risk.MEDIUM, String.join("\n", sql), Rollback.sql(String.join("\n", undo)),
				"SELECT count(*) FROM (SELECT 1) x WHERE " + String.join(" OR ", drift), 1));
	}

	private static String commentValue(@Nullable String comment) {
		return comment == null ? "NULL" : literal(comment);
	}

	private static List<Draft> commentOnTable(RelationChange.CommentOnTable c) {
		String t = table(c.schema(), c.name());
		return List.of(draft((c.comment() == null ? "Remove the comment on table " : "Comment on table ")
				+ c.object() + " (catalog-only)", Risk.LOW, "COMMENT ON TABLE " + t + " IS " + commentValue(c.comment()) + ";",
				Rollback.sql("COMMENT ON TABLE " + t + " IS " + commentValue(c.previous()) + ";"),
				"SELECT count(*) FROM pg_catalog.pg_class WHERE oid = " + regclass(c.schema(), c.name())
						+ " AND pg_catalog.obj_description(oid, 'pg_class') IS DISTINCT FROM " + commentValue(c.comment()),
				1));
	}

	private static List<Draft> attach(RelationChange.AttachPartition c) {
		String parent = table(c.parent());
		String t = table(c.schema(), c.name());
		return List.of(draft("Attach " + c.object() + " to " + c.parent() + " " + c.bound()
				+ " (SHARE UPDATE EXCLUSIVE on the parent, ACCESS EXCLUSIVE on the table while it is scanned to check "
				+ "the bound; a default partition is scanned too; fails while a row is outside the bound)",
				Risk.MEDIUM, "ALTER TABLE " + parent + " ATTACH PARTITION " + t + " " + c.bound() + ";",
				Rollback.sql("ALTER TABLE " + parent + " DETACH PARTITION " + t + ";"),
				classProbe(c.schema(), c.name(), "NOT relispartition"), 1));
	}

	private static List<Draft> detach(RelationChange.DetachPartition c) {
		String parent = table(c.parent());
		String t = table(c.schema(), c.name());
		return List.of(draft("Detach " + c.object() + " from " + c.parent() + ": the table and its rows stay, as a "
				+ "standalone table (ACCESS EXCLUSIVE on the parent, briefly)", Risk.MEDIUM,
				// require-concurrent-partition-detach: DETACH ... CONCURRENTLY is refused while the parent has a default
				// partition and, interrupted, leaves a pending detach to FINALIZE by hand; the plain form holds ACCESS
				// EXCLUSIVE on the parent only briefly (catalog-only), bounded by lock_timeout
				"-- squawk-ignore require-concurrent-partition-detach\nALTER TABLE " + parent + " DETACH PARTITION " + t + ";",
				Rollback.sql("ALTER TABLE " + parent + " ATTACH PARTITION " + t + " " + c.bound() + ";"),
				"SELECT count(*) FROM (SELECT 1) x WHERE " + inherits(c.schema(), c.name(), c.parent()), 1));
	}

	// ------------------------------------------------------------------------------------------------ columns

	private static List<Draft> addColumn(RelationChange.AddColumn c) {
		String t = table(c.schema(), c.table());
		ColumnDef col = c.column();
		List<String> lint = new ArrayList<>(List.of(typeLint(col.type())));
		if (c.rewrite()) {
			// adding-field-with-default: the reference's identity, generated or volatile default fills every row;
			// the change is declared HIGH and destructive, planned only when the proposal allows it
			lint.add("-- squawk-ignore adding-field-with-default");
		}
		return List.of(draft("Add column " + c.object() + " " + col.type()
				+ (c.rewrite() ? " (fills every existing row: rewrites the table under ACCESS EXCLUSIVE)"
						: " (catalog-only: no rewrite, the default is not volatile)"),
				c.rewrite() ? Risk.HIGH : Risk.LOW,
				withLint(lint, "ALTER TABLE " + t + " ADD COLUMN IF NOT EXISTS " + column(col) + ";"),
				Rollback.sql("ALTER TABLE " + t + " DROP COLUMN IF EXISTS " + quote(col.name()) + ";"),
				Probes.column(c.schema(), c.table(), col.name()), 0));
	}

	private static List<Draft> dropColumn(RelationChange.DropColumn c) {
		String t = table(c.schema(), c.table());
		// ban-drop-column: the reference has no such column and the proposal allowed destructive changes
		return List.of(draft("Drop column " + c.object() + ": its values are lost (catalog-only, brief ACCESS "
				+ "EXCLUSIVE; indexes and constraints on it go with it)", Risk.HIGH,
				rowsComment("the column's table holds ", c.estimatedRows(), "table never analyzed")
						+ "-- squawk-ignore ban-drop-column\nALTER TABLE " + t + " DROP COLUMN IF EXISTS "
						+ quote(c.column()) + ";",
				Rollback.none("the values of " + c.object() + " are gone; restore them from a backup"),
				Probes.column(c.schema(), c.table(), c.column()), 1));
	}

	/**
	 * A type as format_type may print it under the session's search_path: schema-qualified, or not when the
	 * schema is on the path.
	 */
	static List<String> typeSpellings(String type) {
		Set<String> spellings = new LinkedHashSet<>();
		spellings.add(type);
		boolean quoted = false;
		for (int i = 0; i < type.length(); i++) {
			char ch = type.charAt(i);
			if (ch == '"') {
				quoted = !quoted;
			}
			else if (!quoted && (ch == '(' || ch == ' ')) {
				break;
			}
			else if (!quoted && ch == '.') {
				spellings.add(type.substring(i + 1));
				break;
			}
		}
		return List.copyOf(spellings);
	}

	private static String typeProbe(String schema, String table, String column, String type) {
		return Probes.column(schema, table, column) + " AND pg_catalog.format_type(atttypid, atttypmod) NOT IN ("
				+ typeSpellings(type).stream().map(SqlIdentifiers::literal).collect(Collectors.joining(", ")) + ")";
	}

	private static List<Draft> columnType(RelationChange.AlterColumnType c) {
		String t = table(c.schema(), c.table());
		String alter = "ALTER TABLE " + t + " ALTER COLUMN " + quote(c.column()) + " TYPE ";
		String sql = alter + c.toType() + (c.collation() == null ? "" : " COLLATE " + collation(c.collation()))
				+ (c.using() ? " USING " + quote(c.column()) + "::" + c.toType() : "") + ";";
		// changing-column-type: catalog-only widenings take a brief lock only; a rewrite is declared HIGH and
		// destructive, planned only when the proposal allows it
		String lint = (c.dropDefault() ? "ALTER TABLE " + t + " ALTER COLUMN " + quote(c.column()) + " DROP DEFAULT;\n"
				: "") + withLint(List.of(typeLint(c.toType()), "-- squawk-ignore changing-column-type"), sql);
		if (!c.rewrite()) {
			return List.of(draft("Change the type of " + c.object() + " from " + c.fromType() + " to " + c.toType()
					+ " (catalog-only: no rewrite, brief ACCESS EXCLUSIVE)", Risk.LOW, lint,
					Rollback.sql(alter + c.fromType() + ";"), typeProbe(c.schema(), c.table(), c.column(), c.toType()),
					1));
		}
		return List.of(draft("Change the type of " + c.object() + " from " + c.fromType() + " to " + c.toType()
				+ (c.using() ? " converting each value with a cast (fails, changing nothing, on a value it cannot read)"
						: "")
				+ (c.dropDefault() ? ", its old default dropped first (the reference's is set after)" : "")
				+ ": rewrites the table and its indexes under ACCESS EXCLUSIVE (reads and writes wait)", Risk.HIGH, lint,
				Rollback.none("converting back to " + c.fromType() + " rewrites the table again and may not keep "
						+ "every value; do it by hand"),
				typeProbe(c.schema(), c.table(), c.column(), c.toType()), 1));
	}

	private static String collationOrDefault(@Nullable String collation) {
		return collation == null ? quote("default") : collation(collation);
	}

	private static List<Draft> collation(RelationChange.SetColumnCollation c) {
		String t = table(c.schema(), c.table());
		String alter = "ALTER TABLE " + t + " ALTER COLUMN " + quote(c.column()) + " TYPE " + c.type() + " COLLATE ";
		String wanted = c.collation() == null
				? "(SELECT typcollation FROM pg_catalog.pg_type WHERE oid = atttypid)"
				: literal(collation(c.collation())) + "::pg_catalog.regcollation";
		// changing-column-type: the type stays; only the collation changes, and the table is not rewritten
		return List.of(draft("Set the collation of " + c.object() + " to " + (c.collation() == null
				? "the type's default" : c.collation()) + " (ACCESS EXCLUSIVE while the column's indexes are rebuilt; "
				+ "the table is not rewritten)", Risk.MEDIUM,
				withLint(List.of(typeLint(c.type()), "-- squawk-ignore changing-column-type"),
						alter + collationOrDefault(c.collation()) + ";"),
				Rollback.sql(alter + collationOrDefault(c.fromCollation()) + ";"),
				Probes.column(c.schema(), c.table(), c.column()) + " AND attcollation IS DISTINCT FROM " + wanted, 1));
	}

	private static List<Draft> dropExpression(RelationChange.DropColumnExpression c) {
		String alter = "ALTER TABLE " + table(c.schema(), c.table()) + " ALTER COLUMN " + quote(c.column());
		return List.of(draft("Make " + c.object() + " a plain column, keeping its values: new and updated rows are no"
				+ " longer computed from " + c.expression() + " (catalog-only, brief ACCESS EXCLUSIVE)", Risk.MEDIUM,
				alter + " DROP EXPRESSION;",
				Rollback.none("PostgreSQL cannot make a column generated again in place; drop the column and add it"
						+ " back as GENERATED ALWAYS AS (" + c.expression() + ") STORED by hand"),
				Probes.column(c.schema(), c.table(), c.column()) + " AND attgenerated <> ''", 1));
	}

	private static List<Draft> setExpression(RelationChange.SetColumnExpression c) {
		String alter = "ALTER TABLE " + table(c.schema(), c.table()) + " ALTER COLUMN " + quote(c.column())
				+ " SET EXPRESSION AS ";
		// runs while the column is generated from anything else (as the catalog prints it, in either spelling)
		String precondition = Probes.column(c.schema(), c.table(), c.column()) + " AND attgenerated <> '' AND NOT"
				+ " EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef d WHERE d.adrelid = attrelid AND d.adnum = attnum AND"
				+ " pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) IN (" + literals(spellings(c.to())) + "))";
		return List.of(draft("Generate " + c.object() + " from " + c.to() + " instead of " + c.from()
				+ ": computes every row again, rewriting the table and its indexes under ACCESS EXCLUSIVE (reads and"
				+ " writes wait)", Risk.HIGH, alter + "(" + c.to() + ");",
				Rollback.sql(alter + "(" + c.from() + ");"), precondition, 1));
	}

	private static List<Draft> dropDefaultForRoutine(RelationChange.DropColumnDefault c) {
		Draft drop = columnDefault(new RelationChange.SetColumnDefault(c.schema(), c.table(), c.column(), null,
				c.previous())).get(0);
		return List.of(new Draft("Drop the default of " + c.object() + " while the function it calls is dropped and "
				+ "created again (catalog-only; set again right after the function's creation: until then, and for "
				+ "good if the plan stops in between, inserts without a value fail on a NOT NULL column and store NULL "
				+ "otherwise)", Risk.HIGH, drop.transactional(), drop.sql(), drop.rollback(), drop.precondition(),
				drop.expected()));
	}

	private static List<Draft> setDefaultForRoutine(RelationChange.SetColumnDefaultForRoutine c) {
		return columnDefault(new RelationChange.SetColumnDefault(c.schema(), c.table(), c.column(), c.expression(),
				null));
	}

	private static List<Draft> columnDefault(RelationChange.SetColumnDefault c) {
		String alter = "ALTER TABLE " + table(c.schema(), c.table()) + " ALTER COLUMN " + quote(c.column());
		String defaults = "SELECT 1 FROM pg_catalog.pg_attrdef d WHERE d.adrelid = attrelid AND d.adnum = attnum";
		// runs while the column's default is not yet the reference's (as the catalog prints it, in either spelling)
		String precondition = Probes.column(c.schema(), c.table(), c.column()) + (c.expression() == null
				? " AND EXISTS (" + defaults + ")"
				: " AND NOT EXISTS (" + defaults + " AND pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) IN ("
						+ literals(spellings(c.expression())) + "))");
		return List.of(draft((c.expression() == null ? "Drop the default of " + c.object()
				: "Set the default of " + c.object() + " to " + c.expression())
				+ " (catalog-only; existing rows keep their values)", Risk.LOW,
				alter + (c.expression() == null ? " DROP DEFAULT;" : " SET DEFAULT " + c.expression() + ";"),
				Rollback.sql(alter + (c.previous() == null ? " DROP DEFAULT;" : " SET DEFAULT " + c.previous() + ";")),
				precondition, 1));
	}

	/**
	 * SET NOT NULL without a long ACCESS EXCLUSIVE scan (as RepairRenderer does for a key's columns): a CHECK added
	 * NOT VALID, validated under SHARE UPDATE EXCLUSIVE, which lets SET NOT NULL skip its scan; then the CHECK goes.
	 */
	private static List<Draft> setNotNull(RelationChange.SetNotNull c) {
		String schema = c.schema();
		String tableName = c.table();
		String column = c.column();
		String t = table(schema, tableName);
		String check = "tidemark_not_null_" + Sql.hash(schema + "." + tableName + "." + column);
		String reg = regclass(schema, tableName);
		List<Draft> drafts = new ArrayList<>();
		drafts.add(draft("Add CHECK (" + column + " IS NOT NULL) NOT VALID on " + schema + "." + tableName
				+ " (brief lock, no scan)", Risk.MEDIUM,
				"ALTER TABLE " + t + " ADD CONSTRAINT " + quote(check) + " CHECK (" + quote(column)
						+ " IS NOT NULL) NOT VALID;",
				Rollback.sql("ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + quote(check) + ";"),
				Probes.nullableColumn(schema, tableName, column) + " AND NOT EXISTS (SELECT 1 FROM "
						+ "pg_catalog.pg_constraint WHERE conrelid = " + reg + " AND conname = " + literal(check) + ")",
				1));
		drafts.add(draft("Validate the NOT NULL check on " + c.object()
				+ " (scans under SHARE UPDATE EXCLUSIVE: reads and writes go on; fails while NULLs exist)", Risk.MEDIUM,
				"ALTER TABLE " + t + " VALIDATE CONSTRAINT " + quote(check) + ";",
				Rollback.nothingToUndo("validating changes no data and no definition"),
				Probes.unvalidatedConstraint(schema, tableName, check), 1));
		// adding-not-nullable-field: the validated check proves the column has no NULL, so SET NOT NULL skips its scan
		drafts.add(draft("Set NOT NULL on " + c.object() + " (the validated check proves it: no scan)", Risk.MEDIUM,
				"-- squawk-ignore adding-not-nullable-field\nALTER TABLE " + t + " ALTER COLUMN " + quote(column)
						+ " SET NOT NULL;",
				Rollback.sql("ALTER TABLE " + t + " ALTER COLUMN " + quote(column) + " DROP NOT NULL;"),
				Probes.nullableColumn(schema, tableName, column), 1));
		drafts.add(draft("Drop the helper check on " + c.object() + " (NOT NULL now holds)", Risk.MEDIUM,
				"ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + quote(check) + ";",
				Rollback.nothingToUndo("the helper check only served the SET NOT NULL before it"),
				Probes.constraint(schema, tableName, check), 1));
		return drafts;
	}

	private static List<Draft> dropNotNull(RelationChange.DropNotNull c) {
		String alter = "ALTER TABLE " + table(c.schema(), c.table()) + " ALTER COLUMN " + quote(c.column());
		// ban-drop-not-null: the reference's column accepts NULL; clients of the reference already see that
		return List.of(draft("Drop NOT NULL on " + c.object() + " (catalog-only, brief ACCESS EXCLUSIVE)", Risk.LOW,
				"-- squawk-ignore ban-drop-not-null\n" + alter + " DROP NOT NULL;",
				Rollback.sql(alter + " SET NOT NULL;"), Probes.notNullColumn(c.schema(), c.table(), c.column()), 1));
	}

	private static String identityCode(@Nullable String identity) {
		return identity == null ? "" : identity.equals("ALWAYS") ? "a" : "d";
	}

	private static List<Draft> identity(RelationChange.SetColumnIdentity c) {
		String t = table(c.schema(), c.table());
		String alter = "ALTER TABLE " + t + " ALTER COLUMN " + quote(c.column());
		String probe = Probes.column(c.schema(), c.table(), c.column()) + " AND attidentity = "
				+ literal(identityCode(c.previous()));
		if (c.generation() == null) {
			return List.of(draft("Drop the identity of " + c.object() + " and its sequence (catalog-only; the values "
					+ "stay, new rows get none)", Risk.HIGH, alter + " DROP IDENTITY IF EXISTS;",
					Rollback.none("the identity's sequence and its position are gone; add the identity back by hand, "
							+ "starting after the column's highest value"),
					probe, 1));
		}
		if (c.previous() != null) {
			return List.of(draft("Set " + c.object() + " GENERATED " + identityKind(c.generation())
					+ " (catalog-only)", Risk.LOW, alter + " SET GENERATED " + identityKind(c.generation()) + ";",
					Rollback.sql(alter + " SET GENERATED " + identityKind(c.previous()) + ";"), probe, 1));
		}
		// the new sequence would start at 1, below the values the column already holds
		String restart = "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(" + literal(t) + ", "
				+ literal(c.column()) + "), coalesce(max(" + quote(c.column()) + "), 0) + 1, false) FROM " + t + ";";
		return List.of(draft("Make " + c.object() + " GENERATED " + identityKind(c.generation()) + " AS IDENTITY and "
				+ "start its sequence after the column's highest value (reads the column's maximum; brief ACCESS "
				+ "EXCLUSIVE)", Risk.MEDIUM,
				alter + " ADD GENERATED " + identityKind(c.generation()) + " AS IDENTITY;\n" + restart,
				Rollback.sql(alter + " DROP IDENTITY IF EXISTS;"), probe, 1));
	}

	static List<Draft> statistics(RelationChange.SetColumnStatistics c) {
		String alter = "ALTER TABLE " + table(c.schema(), c.table()) + " ALTER COLUMN " + quote(c.column())
				+ " SET STATISTICS ";
		int target = c.target() == null ? -1 : c.target();
		int previous = c.previous() == null ? -1 : c.previous();
		// attstattarget is -1 for the default before PostgreSQL 17, NULL since
		return List.of(draft("Set the statistics target of " + c.object() + " to " + (c.target() == null
				? "the default" : c.target()) + " (catalog-only; the next ANALYZE uses it)", Risk.LOW,
				alter + target + ";", Rollback.sql(alter + previous + ";"),
				Probes.column(c.schema(), c.table(), c.column()) + " AND coalesce(attstattarget::int, -1) <> " + target,
				1));
	}

	private static final Map<String, String> STORAGE_CODES = Map.of("PLAIN", "p", "EXTERNAL", "e", "EXTENDED", "x",
			"MAIN", "m");

	static List<Draft> storage(RelationChange.SetColumnStorage c) {
		String code = STORAGE_CODES.get(c.storage());
		if (code == null || !STORAGE_CODES.containsKey(c.previous())) {
			throw new IllegalArgumentException("Unknown column storage " + c.storage() + " / " + c.previous());
		}
		String alter = "ALTER TABLE " + table(c.schema(), c.table()) + " ALTER COLUMN " + quote(c.column())
				+ " SET STORAGE ";
		return List.of(draft("Set the storage of " + c.object() + " to " + c.storage() + " (catalog-only; values "
				+ "written from now on are stored so, existing rows are not rewritten)", Risk.LOW,
				alter + c.storage() + ";", Rollback.sql(alter + c.previous() + ";"),
				Probes.column(c.schema(), c.table(), c.column()) + " AND attstorage <> " + literal(code), 1));
	}

	private static List<Draft> commentOnColumn(RelationChange.CommentOnColumn c) {
		String col = table(c.schema(), c.table()) + "." + quote(c.column());
		return List.of(draft((c.comment() == null ? "Remove the comment on column " : "Comment on column ")
				+ c.object() + " (catalog-only)", Risk.LOW, "COMMENT ON COLUMN " + col + " IS " + commentValue(c.comment()) + ";",
				Rollback.sql("COMMENT ON COLUMN " + col + " IS " + commentValue(c.previous()) + ";"),
				Probes.column(c.schema(), c.table(), c.column())
						+ " AND pg_catalog.col_description(attrelid, attnum) IS DISTINCT FROM " + commentValue(c.comment()),
				1));
	}

	// ------------------------------------------------------------------------------------------------ constraints

	private static boolean key(String type) {
		return type.equals("PRIMARY_KEY") || type.equals("UNIQUE");
	}

	/** The index definition as a concurrent build under {@code name}, or null when it is not one Tidemark reads. */
	static String concurrentIndex(String definition, String name) {
		Matcher m = INDEX.matcher(definition);
		if (!m.matches()) {
			return definition + ";";
		}
		return "CREATE " + (m.group(1) == null ? "" : "UNIQUE ") + "INDEX CONCURRENTLY IF NOT EXISTS " + quote(name)
				+ " ON " + m.group(2) + ";";
	}

	/**
	 * As above, a plain build (a partitioned table: it recurses to every partition and attaches each index); a
	 * definition Tidemark does not read as is (the comparer lets through only CREATE ... INDEX ... ON ...).
	 */
	static String plainIndex(String definition, String name) {
		Matcher m = INDEX.matcher(definition);
		if (!m.matches()) {
			return definition + ";";
		}
		return "CREATE " + (m.group(1) == null ? "" : "UNIQUE ") + "INDEX IF NOT EXISTS " + quote(name) + " ON "
				+ m.group(2) + ";";
	}

	private static String deferrability(String definition) {
		Matcher m = DEFERRABLE.matcher(definition);
		return m.find() ? " " + m.group(1) : "";
	}

	private static String usingIndex(String type, String definition, String index) {
		return (type.equals("PRIMARY_KEY") ? "PRIMARY KEY" : "UNIQUE") + " USING INDEX " + quote(index)
				+ deferrability(definition);
	}

	/** The guard before each concurrent build: an INVALID index left by a failed one goes first. */
	private static Draft dropInvalid(String schema, String name) {
		return new Draft("Drop the INVALID index " + schema + "." + name
				+ " left by an earlier failed build, if there is one", Risk.LOW, false,
				"DROP INDEX CONCURRENTLY IF EXISTS " + qualified(schema, name) + ";",
				Rollback.nothingToUndo("an invalid index serves no query"), Probes.invalidIndex(schema, name), 1, true);
	}

	private static Draft buildConcurrently(String schema, String name, String sql, String description) {
		return new Draft(description + " CONCURRENTLY (reads and writes go on)", Risk.LOW, false, sql,
				Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS " + qualified(schema, name) + ";"),
				Probes.relation(schema, name), 0);
	}

	private static List<Draft> addConstraint(RelationChange.AddConstraint c) {
		String t = table(c.schema(), c.table());
		String add = "ALTER TABLE " + t + " ADD CONSTRAINT " + quote(c.name()) + " ";
		Rollback drop = Rollback.sql("ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + quote(c.name()) + ";");
		String absent = Probes.constraint(c.schema(), c.table(), c.name());
		List<Draft> drafts = new ArrayList<>();
		boolean notValidForm = c.type().equals("CHECK") || c.type().equals("FOREIGN_KEY") && !c.partitioned();
		if (notValidForm) {
			drafts.add(draft("Add constraint " + c.object() + " NOT VALID (brief lock, no scan; new rows are checked "
					+ "from now on): " + c.definition(), Risk.LOW, add + c.definition() + " NOT VALID;", drop, absent, 0));
			if (c.validate()) {
				drafts.add(validateDraft(c.schema(), c.table(), c.name(), c.object()));
			}
			return drafts;
		}
		String index = key(c.type()) && !c.partitioned() && c.indexDefinition() != null
				? concurrentIndex(c.indexDefinition(), c.name()) : null;
		if (index != null) {
			drafts.add(dropInvalid(c.schema(), c.name()));
			drafts.add(buildConcurrently(c.schema(), c.name(), index, "Build the unique index " + c.schema() + "."
					+ c.name() + " for " + c.object() + " (fails while duplicate keys exist)"));
			drafts.add(draft("Add constraint " + c.object() + " using the index just built (brief ACCESS EXCLUSIVE, "
					+ "no build)", Risk.LOW, add + usingIndex(c.type(), c.definition(), c.name()) + ";", drop, absent, 0));
			return drafts;
		}
		String why = c.partitioned() ? "a partitioned table takes neither CONCURRENTLY nor a NOT VALID foreign key"
				: c.type().equals("EXCLUDE") ? "an exclusion constraint has no NOT VALID or USING INDEX form"
						: "the reference snapshot has no definition of the constraint's index";
		// constraint-missing-not-valid and the key/foreign-key rules (plainAddLint): no safer form exists here (the
		// reason is in the description); statement_timeout bounds the lock
		return List.of(draft("Add constraint " + c.object() + " " + c.definition() + " in one statement: " + why
				+ " (scans or builds its index holding a lock that blocks writes; fails while rows break it)",
				Risk.MEDIUM, plainAddLint(c.type()) + add + c.definition() + ";",
				drop, absent, 0));
	}

	/** The squawk rules a one-statement ADD CONSTRAINT breaks, by type (each caller says why no safer form exists). */
	private static String plainAddLint(String type) {
		return "-- squawk-ignore " + switch (type) {
			case "PRIMARY_KEY" -> "constraint-missing-not-valid, adding-serial-primary-key-field";
			case "UNIQUE" -> "constraint-missing-not-valid, disallowed-unique-constraint";
			case "FOREIGN_KEY" -> "constraint-missing-not-valid, adding-foreign-key-constraint";
			default -> "constraint-missing-not-valid";
		} + "\n";
	}

	private static Draft validateDraft(String schema, String table, String name, String object) {
		return draft("Validate constraint " + object + " (SHARE UPDATE EXCLUSIVE: reads and writes go on; fails "
				+ "while rows break it, and the NOT VALID constraint then still guards new rows)", Risk.MEDIUM,
				"ALTER TABLE " + table(schema, table) + " VALIDATE CONSTRAINT " + quote(name) + ";",
				Rollback.nothingToUndo("validating changes no data and no definition"),
				Probes.unvalidatedConstraint(schema, table, name), 1);
	}

	private static List<Draft> dropConstraint(RelationChange.DropConstraint c) {
		String t = table(c.schema(), c.table());
		return List.of(draft("Drop constraint " + c.object() + " " + c.definition() + " (brief ACCESS EXCLUSIVE"
				+ (key(c.type()) || c.type().equals("EXCLUDE") ? "; its index goes with it" : "") + ")", Risk.HIGH,
				"ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + quote(c.name()) + ";",
				Rollback.sql("ALTER TABLE " + t + " ADD CONSTRAINT " + quote(c.name()) + " " + c.definition() + ";"),
				Probes.constraint(c.schema(), c.table(), c.name()), 1));
	}

	private static List<Draft> dropConstraintForRoutine(RelationChange.DropConstraintForRoutine c) {
		String t = table(c.schema(), c.table());
		return List.of(draft("Drop constraint " + c.object() + " " + c.definition() + " while the function it calls is "
				+ "dropped and created again (brief ACCESS EXCLUSIVE; rows written until it is added back later in "
				+ "this plan are not checked, and its validation fails if they break it; rolled back NOT VALID)",
				Risk.MEDIUM,
				"ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + quote(c.name()) + ";",
				// NOT VALID: rows written without it may break it, and no scan under ACCESS EXCLUSIVE
				Rollback.sql("ALTER TABLE " + t + " ADD CONSTRAINT " + quote(c.name()) + " " + c.definition()
						+ " NOT VALID;"),
				Probes.constraint(c.schema(), c.table(), c.name()), 1));
	}

	private static List<Draft> replaceConstraint(RelationChange.ReplaceConstraint c) {
		String t = table(c.schema(), c.table());
		String drop = "ALTER TABLE " + t + " DROP CONSTRAINT " + quote(c.name()) + ";\n";
		String add = "ALTER TABLE " + t + " ADD CONSTRAINT " + quote(c.name()) + " ";
		// the old constraint is put back by its own definition (re-checked under lock)
		Rollback undo = Rollback.sql("ALTER TABLE " + t + " DROP CONSTRAINT IF EXISTS " + quote(c.name()) + ";\n" + add
				+ c.fromDefinition() + ";");
		// runs while the constraint's definition is not yet the reference's (NOT VALID until validated); a
		// definition spelled otherwise than both spellings is replaced again, to the same end
		List<String> wanted = new ArrayList<>(spellings(c.definition()));
		spellings(c.definition()).forEach(d -> wanted.add(d + " NOT VALID"));
		String exists = Probes.constraint(c.schema(), c.table(), c.name())
				+ " AND pg_catalog.pg_get_constraintdef(oid, true) NOT IN (" + literals(wanted) + ")";
		List<Draft> drafts = new ArrayList<>();
		boolean notValidForm = c.type().equals("CHECK") || c.type().equals("FOREIGN_KEY") && !c.partitioned();
		if (notValidForm) {
			drafts.add(draft("Replace constraint " + c.object() + " in one transaction: drop it and add "
					+ c.definition() + " NOT VALID (brief lock, no scan; new rows are checked at once)", Risk.MEDIUM,
					drop + add + c.definition() + " NOT VALID;", undo, exists, 1));
			if (c.validate()) {
				drafts.add(validateDraft(c.schema(), c.table(), c.name(), c.object()));
			}
			return drafts;
		}
		String temp = Sql.fit(c.name(), "_tidemark_new");
		String index = key(c.type()) && !c.partitioned() && c.indexDefinition() != null
				? concurrentIndex(c.indexDefinition(), temp) : null;
		if (index != null) {
			drafts.add(dropInvalid(c.schema(), temp));
			drafts.add(buildConcurrently(c.schema(), temp, index, "Build the new unique index " + c.schema() + "."
					+ temp + " for " + c.object() + " (fails while duplicate keys exist)"));
			drafts.add(draft("Swap " + c.object() + " onto the new index in one transaction: drop the old constraint "
					+ "and its index, add " + c.definition() + " using the new one (brief ACCESS EXCLUSIVE, no build)",
					Risk.MEDIUM, drop + add + usingIndex(c.type(), c.definition(), temp) + ";", undo,
					Probes.relation(c.schema(), temp), 1));
			return drafts;
		}
		// constraint-missing-not-valid and the key/foreign-key rules (plainAddLint): no safer form exists here
		// (partitioned table, EXCLUDE); statement_timeout bounds the lock
		return List.of(draft("Replace constraint " + c.object() + " in one transaction: drop it and add "
				+ c.definition() + " (builds or scans holding a lock that blocks writes)", Risk.MEDIUM,
				drop + plainAddLint(c.type()) + add + c.definition() + ";",
				undo, exists, 1));
	}

	/**
	 * Catalog text as the reader printed it (search_path pg_catalog: every object schema-qualified) and as a
	 * session whose search_path holds {@code public} prints it; a probe accepting both marks a step ran once it is
	 * done, and any other spelling only runs the step again.
	 */
	static List<String> spellings(String catalogText) {
		Set<String> s = new LinkedHashSet<>();
		s.add(catalogText);
		s.add(catalogText.replace("public.", ""));
		return List.copyOf(s);
	}

	private static String literals(List<String> values) {
		return values.stream().map(SqlIdentifiers::literal).collect(Collectors.joining(", "));
	}

	private static List<Draft> validate(RelationChange.ValidateConstraint c) {
		return List.of(validateDraft(c.schema(), c.table(), c.name(), c.object()));
	}

	// ------------------------------------------------------------------------------------------------ indexes

	private static List<Draft> createIndex(RelationChange.CreateIndex c) {
		if (c.partitioned()) {
			// require-concurrent-index-creation: a partitioned table refuses CONCURRENTLY; one plain build recurses
			// to every partition and attaches each index (simplest correct form; writes wait for the build)
			return List.of(draft("Create index " + c.object() + " on the partitioned table " + c.schema() + "."
					+ c.table() + " and every partition, without CONCURRENTLY (refused on a partitioned table): writes "
					+ "to the table wait for the build", Risk.MEDIUM,
					"-- squawk-ignore require-concurrent-index-creation\n" + plainIndex(c.definition(), c.name()),
					Rollback.sql("DROP INDEX IF EXISTS " + qualified(c.schema(), c.name()) + ";"),
					Probes.relation(c.schema(), c.name()), 0));
		}
		return List.of(dropInvalid(c.schema(), c.name()), buildConcurrently(c.schema(), c.name(),
				concurrentIndex(c.definition(), c.name()), "Create index " + c.object() + " on " + c.schema() + "."
						+ c.table()));
	}

	private static List<Draft> dropIndex(RelationChange.DropIndex c) {
		String index = qualified(c.schema(), c.name());
		if (c.partitioned()) {
			// require-concurrent-index-deletion: a partitioned index cannot be dropped CONCURRENTLY
			return List.of(draft("Drop index " + c.object() + " and its partitions' indexes, without CONCURRENTLY "
					+ "(refused on a partitioned table; brief ACCESS EXCLUSIVE)", Risk.HIGH,
					"-- squawk-ignore require-concurrent-index-deletion\nDROP INDEX IF EXISTS " + index + ";",
					// no squawk comment here: the rollback is one line in the changelog, a comment would swallow it
					Rollback.sql(plainIndex(c.definition(), c.name())),
					Probes.relation(c.schema(), c.name()), 1));
		}
		return List.of(new Draft("Drop index " + c.object() + " CONCURRENTLY (reads and writes go on)",
				Risk.HIGH, false, "DROP INDEX CONCURRENTLY IF EXISTS " + index + ";",
				Rollback.sql(concurrentIndex(c.definition(), c.name())), Probes.relation(c.schema(), c.name()), 1));
	}

	private static List<Draft> replaceIndex(RelationChange.ReplaceIndex c) {
		String index = qualified(c.schema(), c.name());
		if (c.partitioned()) {
			// require-concurrent-index-creation/-deletion: refused on a partitioned table
			return List.of(draft("Replace index " + c.object() + " on the partitioned table in one transaction: drop "
					+ "it and build " + c.definition() + " without CONCURRENTLY (writes wait for the build)", Risk.MEDIUM,
					"-- squawk-ignore require-concurrent-index-deletion\nDROP INDEX " + index + ";\n"
							+ "-- squawk-ignore require-concurrent-index-creation\n" + plainIndex(c.definition(), c.name()),
					Rollback.sql("DROP INDEX IF EXISTS " + index + ";\n" + plainIndex(c.fromDefinition(), c.name())),
					// while the index is not yet the reference's (pg_get_indexdef qualifies the table always)
					Probes.relation(c.schema(), c.name()) + " AND pg_catalog.pg_get_indexdef(c.oid) NOT IN ("
							+ literals(spellings(c.definition())) + ")",
					1));
		}
		String temp = Sql.fit(c.name(), "_tidemark_new");
		String both = "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
				+ "c.relnamespace WHERE n.nspname = " + literal(c.schema()) + " AND c.relname IN (" + literal(c.name())
				+ ", " + literal(temp) + ")";
		return List.of(dropInvalid(c.schema(), temp),
				buildConcurrently(c.schema(), temp, concurrentIndex(c.definition(), temp), "Build the replacement of "
						+ c.object() + " as " + c.schema() + "." + temp + ": " + c.definition() + ","),
				new Draft("Drop the old index " + c.object() + " CONCURRENTLY (its replacement is built)",
						Risk.MEDIUM, false, "DROP INDEX CONCURRENTLY IF EXISTS " + index + ";",
						Rollback.sql(concurrentIndex(c.fromDefinition(), c.name())), both, 2),
				draft("Rename " + c.schema() + "." + temp + " to " + c.name() + " (catalog-only)", Risk.MEDIUM,
						"ALTER INDEX " + qualified(c.schema(), temp) + " RENAME TO " + quote(c.name()) + ";",
						Rollback.sql("ALTER INDEX " + index + " RENAME TO " + quote(temp) + ";"),
						Probes.relation(c.schema(), temp), 1));
	}
}

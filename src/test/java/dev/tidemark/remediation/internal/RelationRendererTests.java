package dev.tidemark.remediation.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.tidemark.checks.change.ChangeRecords;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.RelationChange;
import dev.tidemark.checks.change.RelationChange.ColumnDef;
import dev.tidemark.checks.change.RelationChange.Name;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class RelationRendererTests {

	/** One expected changeset: what it runs, how it is undone, when it runs. */
	private record Step(Risk risk, boolean transactional, String sql, Rollback rollback, String precondition,
			int expected) {
	}

	private static Step step(Risk risk, boolean transactional, String sql, Rollback rollback, String precondition,
			int expected) {
		return new Step(risk, transactional, sql, rollback, precondition, expected);
	}

	private static final Name EVENTS = new Name("public", "events");

	private static final String T = "\"public\".\"t\"";

	private static final String REG_T = "to_regclass('\"public\".\"t\"')";

	private static final String COLUMN_C = "SELECT count(*) FROM pg_catalog.pg_attribute WHERE attrelid = " + REG_T
			+ " AND attname = 'c' AND attnum > 0 AND NOT attisdropped";

	private static String relation(String name) {
		return "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
				+ " WHERE n.nspname = 'public' AND c.relname = '" + name + "'";
	}

	private static String constraint(String name) {
		return "SELECT count(*) FROM pg_catalog.pg_constraint WHERE conrelid = " + REG_T + " AND conname = '" + name
				+ "'";
	}

	private static String invalidIndex(String name) {
		return "SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN "
				+ "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = '"
				+ name + "' AND NOT (i.indisvalid AND i.indisready)";
	}

	private static final String NOT_NULL_C = "tidemark_not_null_" + Sql.hash("public.t.c");

	private static final String BOUND_CHECK = "tidemark_bound_" + Sql.hash("public.events_2026_09");

	private static final String ATTACHED = "SELECT count(*) FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_index i "
			+ "ON i.indexrelid = h.inhrelid WHERE h.inhparent = to_regclass('\"public\".\"events_c_idx\"') AND "
			+ "i.indrelid = to_regclass('\"public\".\"events_1\"')";

	static Stream<Arguments> cases() {
		return Stream.of(
				Arguments.of(new RelationChange.CreateTable("public", "Or\"ders", List.of(
						new ColumnDef("id", "bigint", null, null, true, "ALWAYS", null),
						new ColumnDef("code", "character varying(20)", "\"C\"", "'x'::character varying", false, null,
								null),
						new ColumnDef("n", "integer", null, "0", true, null, null),
						new ColumnDef("twice", "bigint", null, null, false, null, "(id * 2)")), false, null, null, null,
						List.of(new Name("public", "base")), List.of("fillfactor=70", "toast.autovacuum_enabled=false"),
						true, true, "it's"), List.of(step(Risk.LOW, true, """
								CREATE TABLE "public"."Or""ders" (
								    "id" bigint NOT NULL GENERATED ALWAYS AS IDENTITY,
								-- squawk-ignore prefer-text-field
								    "code" character varying(20) COLLATE "C" DEFAULT 'x'::character varying,
								-- squawk-ignore prefer-bigint-over-int
								    "n" integer DEFAULT 0 NOT NULL,
								    "twice" bigint GENERATED ALWAYS AS ((id * 2)) STORED
								) INHERITS ("public"."base") WITH ("fillfactor" = '70', "toast"."autovacuum_enabled" = 'false');
								ALTER TABLE "public"."Or""ders" ENABLE ROW LEVEL SECURITY;
								ALTER TABLE "public"."Or""ders" FORCE ROW LEVEL SECURITY;
								COMMENT ON TABLE "public"."Or""ders" IS 'it''s';""",
								Rollback.none("dropping public.Or\"ders would delete the rows written to it since; drop it "
										+ "by hand once it is empty"),
								relation("Or\"ders"), 0))),
				Arguments.of(new RelationChange.CreateTable("public", "events_2024", List.of(), false, null, EVENTS,
						"FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", List.of(), List.of(), false, false, null),
						List.of(step(Risk.LOW, true, "CREATE TABLE \"public\".\"events_2024\" PARTITION OF "
								+ "\"public\".\"events\" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
								Rollback.none("dropping public.events_2024 would delete the rows written to it since; "
										+ "drop it by hand once it is empty"),
								relation("events_2024"), 0))),
				Arguments.of(new RelationChange.CreateTable("public", "events",
						List.of(new ColumnDef("at", "timestamp with time zone", null, null, true, null, null)), false,
						"RANGE (at)", null, null, List.of(), List.of(), false, false, null),
						List.of(step(Risk.LOW, true, """
								CREATE TABLE "public"."events" (
								    "at" timestamp with time zone NOT NULL
								) PARTITION BY RANGE (at);""",
								Rollback.none("dropping public.events would delete the rows written to it since; drop it "
										+ "by hand once it is empty"),
								relation("events"), 0))),
				Arguments.of(new RelationChange.DropTable("public", "t", false), List.of(step(Risk.HIGH, true,
						"-- row count unknown (table never analyzed)\n"
								+ "-- squawk-ignore ban-drop-table\nDROP TABLE IF EXISTS \"public\".\"t\";",
						Rollback.none("the rows of public.t are gone; restore them from a backup"), relation("t"), 1))),
				Arguments.of(new RelationChange.DropTable("public", "t", false, 1234L), List.of(step(Risk.HIGH, true,
						"-- \"public\".\"t\" holds about 1,234 rows (planner estimate, pg_class.reltuples)\n"
								+ "-- squawk-ignore ban-drop-table\nDROP TABLE IF EXISTS \"public\".\"t\";",
						Rollback.none("the rows of public.t are gone; restore them from a backup"), relation("t"), 1))),
				Arguments.of(new RelationChange.DropTable("public", "t", true), List.of(step(Risk.HIGH, true,
						"-- row count unknown (a partition never analyzed)\n"
								+ "-- squawk-ignore ban-drop-table\nDROP TABLE IF EXISTS \"public\".\"t\";",
						Rollback.none("the rows of public.t are gone; restore them from a backup"), relation("t"), 1))),
				Arguments.of(new RelationChange.SetPersistence("public", "t", true), List.of(step(Risk.HIGH, true,
						"ALTER TABLE " + T + " SET UNLOGGED;", Rollback.sql("ALTER TABLE " + T + " SET LOGGED;"),
						"SELECT count(*) FROM pg_catalog.pg_class WHERE oid = " + REG_T + " AND relpersistence = 'p'",
						1))),
				Arguments.of(new RelationChange.SetRowSecurity("public", "t", true, false, false, true),
						List.of(step(Risk.MEDIUM, true,
								"ALTER TABLE " + T + " ENABLE ROW LEVEL SECURITY;\nALTER TABLE " + T
										+ " NO FORCE ROW LEVEL SECURITY;",
								Rollback.sql("ALTER TABLE " + T + " DISABLE ROW LEVEL SECURITY;\nALTER TABLE " + T
										+ " FORCE ROW LEVEL SECURITY;"),
								"SELECT count(*) FROM pg_catalog.pg_class WHERE oid = " + REG_T
										+ " AND relrowsecurity = false AND relforcerowsecurity = true",
								1))),
				Arguments.of(new RelationChange.SetStorageOptions("public", "t", List.of("fillfactor=70"),
						List.of("autovacuum_enabled"), List.of("fillfactor=50", "autovacuum_enabled=false")),
						List.of(step(Risk.LOW, true,
								"ALTER TABLE " + T + " SET (\"fillfactor\" = '70');\nALTER TABLE " + T
										+ " RESET (\"autovacuum_enabled\");",
								Rollback.sql("ALTER TABLE " + T + " RESET (\"fillfactor\", \"autovacuum_enabled\");\n"
										+ "ALTER TABLE " + T + " SET (\"fillfactor\" = '50', \"autovacuum_enabled\" = "
										+ "'false');"),
								"SELECT count(*) FROM pg_catalog.pg_class WHERE oid = " + REG_T + " AND NOT (coalesce("
										+ "reloptions, ARRAY[]::text[]) @> ARRAY['fillfactor=70']::text[] AND NOT EXISTS "
										+ "(SELECT 1 FROM unnest(coalesce(reloptions, ARRAY[]::text[])) o WHERE "
										+ "split_part(o, '=', 1) = ANY (ARRAY['autovacuum_enabled']::text[])))",
								1))),
				Arguments.of(new RelationChange.SetInheritance("public", "t", List.of(new Name("public", "a")),
						List.of(new Name("public", "b"))), List.of(step(Risk.MEDIUM, true,
								"ALTER TABLE " + T + " INHERIT \"public\".\"a\";\nALTER TABLE " + T
										+ " NO INHERIT \"public\".\"b\";",
								Rollback.sql("ALTER TABLE " + T + " NO INHERIT \"public\".\"a\";\nALTER TABLE " + T
										+ " INHERIT \"public\".\"b\";"),
								"SELECT count(*) FROM (SELECT 1) x WHERE NOT EXISTS (SELECT 1 FROM "
										+ "pg_catalog.pg_inherits WHERE inhrelid = " + REG_T + " AND inhparent = "
										+ "to_regclass('\"public\".\"a\"')) OR EXISTS (SELECT 1 FROM "
										+ "pg_catalog.pg_inherits WHERE inhrelid = " + REG_T + " AND inhparent = "
										+ "to_regclass('\"public\".\"b\"'))",
								1))),
				Arguments.of(new RelationChange.CommentOnTable("public", "t", "new", null), List.of(step(Risk.LOW, true,
						"COMMENT ON TABLE " + T + " IS 'new';", Rollback.sql("COMMENT ON TABLE " + T + " IS NULL;"),
						"SELECT count(*) FROM pg_catalog.pg_class WHERE oid = " + REG_T
								+ " AND pg_catalog.obj_description(oid, 'pg_class') IS DISTINCT FROM 'new'",
						1))),
				Arguments.of(new RelationChange.AttachPartition("public", "t", EVENTS, "FOR VALUES IN (1)"),
						List.of(step(Risk.MEDIUM, true,
								"ALTER TABLE \"public\".\"events\" ATTACH PARTITION " + T + " FOR VALUES IN (1);",
								Rollback.sql("ALTER TABLE \"public\".\"events\" DETACH PARTITION " + T + ";"),
								"SELECT count(*) FROM pg_catalog.pg_class WHERE oid = " + REG_T + " AND NOT relispartition",
								1))),
				Arguments.of(new RelationChange.DetachPartition("public", "t", EVENTS, "FOR VALUES IN (1)"),
						List.of(step(Risk.MEDIUM, true,
								"-- squawk-ignore require-concurrent-partition-detach\nALTER TABLE \"public\".\"events\" "
										+ "DETACH PARTITION " + T + ";",
								Rollback.sql("ALTER TABLE \"public\".\"events\" ATTACH PARTITION " + T
										+ " FOR VALUES IN (1);"),
								"SELECT count(*) FROM (SELECT 1) x WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_inherits "
										+ "WHERE inhrelid = " + REG_T + " AND inhparent = "
										+ "to_regclass('\"public\".\"events\"'))",
								1))),
				Arguments.of(new RelationChange.AddColumn("public", "t",
						new ColumnDef("c", "integer", null, "0", true, null, null), false), List.of(step(Risk.LOW, true,
								"-- squawk-ignore prefer-bigint-over-int\nALTER TABLE " + T
										+ " ADD COLUMN IF NOT EXISTS \"c\" integer DEFAULT 0 NOT NULL;",
								Rollback.sql("ALTER TABLE " + T + " DROP COLUMN IF EXISTS \"c\";"), COLUMN_C, 0))),
				Arguments.of(new RelationChange.AddColumn("public", "t",
						new ColumnDef("c", "uuid", null, "gen_random_uuid()", false, null, null), true),
						List.of(step(Risk.HIGH, true,
								"-- squawk-ignore adding-field-with-default\nALTER TABLE " + T
										+ " ADD COLUMN IF NOT EXISTS \"c\" uuid DEFAULT gen_random_uuid();",
								Rollback.sql("ALTER TABLE " + T + " DROP COLUMN IF EXISTS \"c\";"), COLUMN_C, 0))),
				Arguments.of(new RelationChange.DropColumn("public", "t", "c"), List.of(step(Risk.HIGH, true,
						"-- row count unknown (table never analyzed)\n"
								+ "-- squawk-ignore ban-drop-column\nALTER TABLE " + T + " DROP COLUMN IF EXISTS \"c\";",
						Rollback.none("the values of public.t.c are gone; restore them from a backup"), COLUMN_C, 1))),
				Arguments.of(new RelationChange.DropColumn("public", "t", "c", 0L), List.of(step(Risk.HIGH, true,
						"-- the column's table holds about 0 rows (planner estimate, pg_class.reltuples)\n"
								+ "-- squawk-ignore ban-drop-column\nALTER TABLE " + T + " DROP COLUMN IF EXISTS \"c\";",
						Rollback.none("the values of public.t.c are gone; restore them from a backup"), COLUMN_C, 1))),
				Arguments.of(new RelationChange.AlterColumnType("public", "t", "c", "character varying(20)",
						"character varying(50)", null, false, false, false), List.of(step(Risk.LOW, true,
								"-- squawk-ignore prefer-text-field, changing-column-type\nALTER TABLE " + T
										+ " ALTER COLUMN \"c\" TYPE character varying(50);",
								Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" TYPE character varying(20);"),
								COLUMN_C + " AND pg_catalog.format_type(atttypid, atttypmod) NOT IN "
										+ "('character varying(50)')",
								1))),
				Arguments.of(new RelationChange.AlterColumnType("public", "t", "c", "text", "public.mood", "\"C\"", true,
						true, true), List.of(step(Risk.HIGH, true,
								"ALTER TABLE " + T + " ALTER COLUMN \"c\" DROP DEFAULT;\n-- squawk-ignore changing-column-type\n"
										+ "ALTER TABLE " + T
										+ " ALTER COLUMN \"c\" TYPE public.mood COLLATE \"C\" USING \"c\"::public.mood;",
								Rollback.none("converting back to text rewrites the table again and may not keep every "
										+ "value; do it by hand"),
								COLUMN_C + " AND pg_catalog.format_type(atttypid, atttypmod) NOT IN ('public.mood', "
										+ "'mood')",
								1))),
				Arguments.of(new RelationChange.SetColumnCollation("public", "t", "c", "text", "public.\"my coll\"",
						null), List.of(step(Risk.MEDIUM, true,
								"-- squawk-ignore changing-column-type\nALTER TABLE " + T
										+ " ALTER COLUMN \"c\" TYPE text COLLATE \"public\".\"my coll\";",
								Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" TYPE text COLLATE \"default\";"),
								COLUMN_C + " AND attcollation IS DISTINCT FROM "
										+ "'\"public\".\"my coll\"'::pg_catalog.regcollation",
								1))),
				Arguments.of(new RelationChange.DropColumnExpression("public", "t", "c", "(a * 2)"),
						List.of(step(Risk.MEDIUM, true, "ALTER TABLE " + T + " ALTER COLUMN \"c\" DROP EXPRESSION;",
								Rollback.none("PostgreSQL cannot make a column generated again in place; drop the column"
										+ " and add it back as GENERATED ALWAYS AS ((a * 2)) STORED by hand"),
								COLUMN_C + " AND attgenerated <> ''", 1))),
				Arguments.of(new RelationChange.SetColumnExpression("public", "t", "c", "(a * 2)", "(public.f(a) + 1)"),
						List.of(step(Risk.HIGH, true,
								"ALTER TABLE " + T + " ALTER COLUMN \"c\" SET EXPRESSION AS ((public.f(a) + 1));",
								Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET EXPRESSION AS ((a * 2));"),
								COLUMN_C + " AND attgenerated <> '' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef d"
										+ " WHERE d.adrelid = attrelid AND d.adnum = attnum AND"
										+ " pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) IN ('(public.f(a) + 1)',"
										+ " '(f(a) + 1)'))",
								1))),
				Arguments.of(new RelationChange.SetColumnDefault("public", "t", "c", "0", "1"), List.of(step(Risk.LOW,
						true, "ALTER TABLE " + T + " ALTER COLUMN \"c\" SET DEFAULT 0;",
						Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET DEFAULT 1;"),
						COLUMN_C + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef d WHERE d.adrelid = attrelid "
								+ "AND d.adnum = attnum AND pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) IN ('0'))",
						1))),
				Arguments.of(new RelationChange.SetColumnDefault("public", "t", "c", null, "1"), List.of(step(Risk.LOW,
						true, "ALTER TABLE " + T + " ALTER COLUMN \"c\" DROP DEFAULT;",
						Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET DEFAULT 1;"),
						COLUMN_C + " AND EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef d WHERE d.adrelid = attrelid AND "
								+ "d.adnum = attnum)",
						1))),
				// HIGH: until the function's creation puts it back, inserts without a value fail or store NULL
				Arguments.of(new RelationChange.DropColumnDefault("public", "t", "c", "public.f()"), List.of(step(
						Risk.HIGH, true, "ALTER TABLE " + T + " ALTER COLUMN \"c\" DROP DEFAULT;",
						Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET DEFAULT public.f();"),
						COLUMN_C + " AND EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef d WHERE d.adrelid = attrelid AND "
								+ "d.adnum = attnum)",
						1))),
				Arguments.of(new RelationChange.SetColumnDefaultForRoutine("public", "t", "c", "public.f()",
						"function:public.f()"), List.of(step(Risk.LOW, true,
								"ALTER TABLE " + T + " ALTER COLUMN \"c\" SET DEFAULT public.f();",
								Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" DROP DEFAULT;"),
								COLUMN_C + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef d WHERE d.adrelid = "
										+ "attrelid AND d.adnum = attnum AND pg_catalog.pg_get_expr(d.adbin, d.adrelid, "
										+ "true) IN ('public.f()', 'f()'))",
								1))),
				Arguments.of(new RelationChange.SetNotNull("public", "t", "c"), List.of(
						step(Risk.MEDIUM, true, "ALTER TABLE " + T + " ADD CONSTRAINT \"tidemark_not_null_c2f8805f\" "
								+ "CHECK (\"c\" IS NOT NULL) NOT VALID;",
								Rollback.sql("ALTER TABLE " + T
										+ " DROP CONSTRAINT IF EXISTS \"tidemark_not_null_c2f8805f\";"),
								COLUMN_C + " AND NOT attnotnull AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint "
										+ "WHERE conrelid = " + REG_T + " AND conname = 'tidemark_not_null_c2f8805f')",
								1),
						step(Risk.MEDIUM, true, "ALTER TABLE " + T
								+ " VALIDATE CONSTRAINT \"tidemark_not_null_c2f8805f\";",
								Rollback.nothingToUndo("validating changes no data and no definition"),
								constraint("tidemark_not_null_c2f8805f") + " AND NOT convalidated", 1),
						step(Risk.MEDIUM, true, "-- squawk-ignore adding-not-nullable-field\nALTER TABLE " + T
								+ " ALTER COLUMN \"c\" SET NOT NULL;",
								Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" DROP NOT NULL;"),
								COLUMN_C + " AND NOT attnotnull", 1),
						step(Risk.MEDIUM, true, "ALTER TABLE " + T
								+ " DROP CONSTRAINT IF EXISTS \"tidemark_not_null_c2f8805f\";",
								Rollback.nothingToUndo("the helper check only served the SET NOT NULL before it"),
								constraint("tidemark_not_null_c2f8805f"), 1))),
				Arguments.of(new RelationChange.DropNotNull("public", "t", "c"), List.of(step(Risk.LOW, true,
						"-- squawk-ignore ban-drop-not-null\nALTER TABLE " + T + " ALTER COLUMN \"c\" DROP NOT NULL;",
						Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET NOT NULL;"),
						COLUMN_C + " AND attnotnull", 1))),
				Arguments.of(new RelationChange.SetColumnIdentity("public", "t", "c", "BY DEFAULT", null),
						List.of(step(Risk.MEDIUM, true,
								"ALTER TABLE " + T + " ALTER COLUMN \"c\" ADD GENERATED BY DEFAULT AS IDENTITY;\n"
										+ "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence('\"public\".\"t\"', "
										+ "'c'), coalesce(max(\"c\"), 0) + 1, false) FROM " + T + ";",
								Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" DROP IDENTITY IF EXISTS;"),
								COLUMN_C + " AND attidentity = ''", 1))),
				Arguments.of(new RelationChange.SetColumnIdentity("public", "t", "c", "ALWAYS", "BY DEFAULT"),
						List.of(step(Risk.LOW, true, "ALTER TABLE " + T + " ALTER COLUMN \"c\" SET GENERATED ALWAYS;",
								Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET GENERATED BY DEFAULT;"),
								COLUMN_C + " AND attidentity = 'd'", 1))),
				Arguments.of(new RelationChange.SetColumnIdentity("public", "t", "c", null, "ALWAYS"),
						List.of(step(Risk.HIGH, true, "ALTER TABLE " + T + " ALTER COLUMN \"c\" DROP IDENTITY IF EXISTS;",
								Rollback.none("the identity's sequence and its position are gone; add the identity back "
										+ "by hand, starting after the column's highest value"),
								COLUMN_C + " AND attidentity = 'a'", 1))),
				Arguments.of(new RelationChange.CommentOnColumn("public", "t", "c", "x", "y"), List.of(step(Risk.LOW,
						true, "COMMENT ON COLUMN " + T + ".\"c\" IS 'x';",
						Rollback.sql("COMMENT ON COLUMN " + T + ".\"c\" IS 'y';"),
						COLUMN_C + " AND pg_catalog.col_description(attrelid, attnum) IS DISTINCT FROM 'x'", 1))),
				Arguments.of(new RelationChange.SetColumnStatistics("public", "t", "c", 500, 10), List.of(step(Risk.LOW,
						true, "ALTER TABLE " + T + " ALTER COLUMN \"c\" SET STATISTICS 500;",
						Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET STATISTICS 10;"),
						COLUMN_C + " AND coalesce(attstattarget::int, -1) <> 500", 1))),
				Arguments.of(new RelationChange.SetColumnStorage("public", "t", "c", "MAIN", "EXTERNAL"), List.of(step(
						Risk.LOW, true, "ALTER TABLE " + T + " ALTER COLUMN \"c\" SET STORAGE MAIN;",
						Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET STORAGE EXTERNAL;"),
						COLUMN_C + " AND attstorage <> 'm'", 1))),
				Arguments.of(new RelationChange.AddConstraint("public", "t", "t_u_fkey", "FOREIGN_KEY",
						"FOREIGN KEY (c) REFERENCES public.u(c) DEFERRABLE", true, false, null, List.of()), List.of(
								step(Risk.LOW, true, "ALTER TABLE " + T + " ADD CONSTRAINT \"t_u_fkey\" FOREIGN KEY (c) "
										+ "REFERENCES public.u(c) DEFERRABLE NOT VALID;",
										Rollback.sql("ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"t_u_fkey\";"),
										constraint("t_u_fkey"), 0),
								step(Risk.MEDIUM, true, "ALTER TABLE " + T + " VALIDATE CONSTRAINT \"t_u_fkey\";",
										Rollback.nothingToUndo("validating changes no data and no definition"),
										constraint("t_u_fkey") + " AND NOT convalidated", 1))),
				Arguments.of(new RelationChange.AddConstraint("public", "t", "t_c_check", "CHECK", "CHECK ((c > 0))",
						false, false, null, List.of()), List.of(step(Risk.LOW, true,
								"ALTER TABLE " + T + " ADD CONSTRAINT \"t_c_check\" CHECK ((c > 0)) NOT VALID;",
								Rollback.sql("ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"t_c_check\";"),
								constraint("t_c_check"), 0))),
				Arguments.of(new RelationChange.AddConstraint("public", "t", "t_pkey", "PRIMARY_KEY",
						"PRIMARY KEY (c) DEFERRABLE INITIALLY DEFERRED", true, false,
						"CREATE UNIQUE INDEX t_pkey ON public.t USING btree (c)", List.of()), List.of(
								step(Risk.LOW, false, "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_pkey\";",
										Rollback.nothingToUndo("an invalid index serves no query"), invalidIndex("t_pkey"),
										1),
								step(Risk.LOW, false, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"t_pkey\" ON "
										+ "public.t USING btree (c);",
										Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_pkey\";"),
										relation("t_pkey"), 0),
								step(Risk.LOW, true, "ALTER TABLE " + T + " ADD CONSTRAINT \"t_pkey\" PRIMARY KEY USING "
										+ "INDEX \"t_pkey\" DEFERRABLE INITIALLY DEFERRED;",
										Rollback.sql("ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"t_pkey\";"),
										constraint("t_pkey"), 0))),
				Arguments.of(new RelationChange.AddConstraint("public", "t", "t_pkey", "PRIMARY_KEY", "PRIMARY KEY (c)",
						true, true, "CREATE UNIQUE INDEX t_pkey ON ONLY public.t USING btree (c)", List.of()),
						List.of(step(Risk.MEDIUM, true, "-- squawk-ignore constraint-missing-not-valid, "
								+ "adding-serial-primary-key-field\nALTER TABLE " + T
								+ " ADD CONSTRAINT \"t_pkey\" PRIMARY KEY (c);",
								Rollback.sql("ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"t_pkey\";"),
								constraint("t_pkey"), 0))),
				Arguments.of(new RelationChange.AddConstraint("public", "t", "t_u_fkey", "FOREIGN_KEY",
						"FOREIGN KEY (c) REFERENCES public.u(c)", true, true, null, List.of()),
						List.of(step(Risk.MEDIUM, true, "-- squawk-ignore constraint-missing-not-valid, "
								+ "adding-foreign-key-constraint\nALTER TABLE " + T
								+ " ADD CONSTRAINT \"t_u_fkey\" FOREIGN KEY (c) REFERENCES public.u(c);",
								Rollback.sql("ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"t_u_fkey\";"),
								constraint("t_u_fkey"), 0))),
				Arguments.of(new RelationChange.ReplaceConstraint("public", "t", "t_x", "EXCLUDE",
						"EXCLUDE USING gist (c WITH =)", "EXCLUDE USING gist (c WITH &&)", true, false, null),
						List.of(step(Risk.MEDIUM, true, "ALTER TABLE " + T + " DROP CONSTRAINT \"t_x\";\n"
								+ "-- squawk-ignore constraint-missing-not-valid\nALTER TABLE " + T
								+ " ADD CONSTRAINT \"t_x\" EXCLUDE USING gist (c WITH &&);",
								Rollback.sql("ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"t_x\";\nALTER TABLE "
										+ T + " ADD CONSTRAINT \"t_x\" EXCLUDE USING gist (c WITH =);"),
								constraint("t_x") + " AND pg_catalog.pg_get_constraintdef(oid, true) NOT IN "
										+ "('EXCLUDE USING gist (c WITH &&)', 'EXCLUDE USING gist (c WITH &&) NOT VALID')",
								1))),
				Arguments.of(new RelationChange.DropConstraint("public", "t", "k", "CHECK", "CHECK ((c > 0))"),
						List.of(step(Risk.HIGH, true, "ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"k\";",
								Rollback.sql("ALTER TABLE " + T + " ADD CONSTRAINT \"k\" CHECK ((c > 0));"),
								constraint("k"), 1))),
				Arguments.of(new RelationChange.DropConstraintForRoutine("public", "t", "k", "CHECK ((c < public.f()))"),
						List.of(step(Risk.MEDIUM, true, "ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"k\";",
								// NOT VALID: rows written meanwhile may break it; no scan under ACCESS EXCLUSIVE
								Rollback.sql("ALTER TABLE " + T + " ADD CONSTRAINT \"k\" CHECK ((c < public.f())) "
										+ "NOT VALID;"),
								constraint("k"), 1))),
				Arguments.of(new RelationChange.AddConstraintForRoutine("public", "t", "k", "CHECK ((c < public.f()))",
						true, "function:public.f()"), List.of(
								step(Risk.LOW, true, "ALTER TABLE " + T + " ADD CONSTRAINT \"k\" CHECK ((c < public.f())) "
										+ "NOT VALID;",
										Rollback.sql("ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"k\";"),
										constraint("k"), 0),
								step(Risk.MEDIUM, true, "ALTER TABLE " + T + " VALIDATE CONSTRAINT \"k\";",
										Rollback.nothingToUndo("validating changes no data and no definition"),
										constraint("k") + " AND NOT convalidated", 1))),
				Arguments.of(new RelationChange.ReplaceConstraint("public", "t", "k", "CHECK", "CHECK ((c > 0))",
						"CHECK ((c > 1))", true, false, null), List.of(
								step(Risk.MEDIUM, true, "ALTER TABLE " + T + " DROP CONSTRAINT \"k\";\nALTER TABLE " + T
										+ " ADD CONSTRAINT \"k\" CHECK ((c > 1)) NOT VALID;",
										Rollback.sql("ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"k\";\nALTER TABLE "
												+ T + " ADD CONSTRAINT \"k\" CHECK ((c > 0));"),
										constraint("k") + " AND pg_catalog.pg_get_constraintdef(oid, true) NOT IN "
												+ "('CHECK ((c > 1))', 'CHECK ((c > 1)) NOT VALID')",
										1),
								step(Risk.MEDIUM, true, "ALTER TABLE " + T + " VALIDATE CONSTRAINT \"k\";",
										Rollback.nothingToUndo("validating changes no data and no definition"),
										constraint("k") + " AND NOT convalidated", 1))),
				Arguments.of(new RelationChange.ReplaceConstraint("public", "t", "t_key", "UNIQUE", "UNIQUE (c)",
						"UNIQUE (c, d)", true, false, "CREATE UNIQUE INDEX t_key ON public.t USING btree (c, d)"),
						List.of(step(Risk.LOW, false,
								"DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_key_tidemark_new\";",
								Rollback.nothingToUndo("an invalid index serves no query"),
								invalidIndex("t_key_tidemark_new"), 1),
								step(Risk.LOW, false, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "
										+ "\"t_key_tidemark_new\" ON public.t USING btree (c, d);",
										Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_key_tidemark_new\";"),
										relation("t_key_tidemark_new"), 0),
								step(Risk.MEDIUM, true, "ALTER TABLE " + T + " DROP CONSTRAINT \"t_key\";\nALTER TABLE "
										+ T + " ADD CONSTRAINT \"t_key\" UNIQUE USING INDEX \"t_key_tidemark_new\";",
										Rollback.sql("ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"t_key\";\n"
												+ "ALTER TABLE " + T + " ADD CONSTRAINT \"t_key\" UNIQUE (c);"),
										relation("t_key_tidemark_new"), 1))),
				Arguments.of(new RelationChange.ValidateConstraint("public", "t", "k"), List.of(step(Risk.MEDIUM, true,
						"ALTER TABLE " + T + " VALIDATE CONSTRAINT \"k\";",
						Rollback.nothingToUndo("validating changes no data and no definition"),
						constraint("k") + " AND NOT convalidated", 1))),
				Arguments.of(new RelationChange.CreateIndex("public", "t", "i", "CREATE INDEX i ON public.t USING btree (c)",
						false), List.of(
								step(Risk.LOW, false, "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"i\";",
										Rollback.nothingToUndo("an invalid index serves no query"), invalidIndex("i"), 1),
								step(Risk.LOW, false, "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"i\" ON public.t USING "
										+ "btree (c);", Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"i\";"),
										relation("i"), 0))),
				Arguments.of(new RelationChange.CreateIndex("public", "p", "pi",
						"CREATE INDEX pi ON ONLY public.p USING btree (c)", true), List.of(step(Risk.MEDIUM, true,
								"-- squawk-ignore require-concurrent-index-creation\nCREATE INDEX IF NOT EXISTS \"pi\" "
										+ "ON public.p USING btree (c);",
								Rollback.sql("DROP INDEX IF EXISTS \"public\".\"pi\";"), relation("pi"), 0))),
				Arguments.of(new RelationChange.CreateViewIndex("public", "mv", "mv_i",
						"CREATE UNIQUE INDEX mv_i ON public.mv USING btree (c)"), List.of(
								step(Risk.LOW, false, "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"mv_i\";",
										Rollback.nothingToUndo("an invalid index serves no query"), invalidIndex("mv_i"), 1),
								step(Risk.LOW, false, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"mv_i\" ON public.mv "
										+ "USING btree (c);", Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"mv_i\";"),
										relation("mv_i"), 0))),
				Arguments.of(new RelationChange.DropIndex("public", "t", "i", "CREATE INDEX i ON public.t USING btree (c)",
						false), List.of(step(Risk.HIGH, false, "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"i\";",
								Rollback.sql("CREATE INDEX CONCURRENTLY IF NOT EXISTS \"i\" ON public.t USING btree (c);"),
								relation("i"), 1))),
				Arguments.of(new RelationChange.DropIndex("public", "p", "pi",
						"CREATE INDEX pi ON ONLY public.p USING btree (c)", true), List.of(step(Risk.HIGH, true,
								"-- squawk-ignore require-concurrent-index-deletion\nDROP INDEX IF EXISTS \"public\".\"pi\";",
								Rollback.sql("CREATE INDEX IF NOT EXISTS \"pi\" ON public.p USING btree (c);"),
								relation("pi"), 1))),
				Arguments.of(new RelationChange.ReplaceIndex("public", "t", "i", "CREATE INDEX i ON public.t USING hash (c)",
						"CREATE INDEX i ON public.t USING btree (c)", false), List.of(
								step(Risk.LOW, false, "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"i_tidemark_new\";",
										Rollback.nothingToUndo("an invalid index serves no query"),
										invalidIndex("i_tidemark_new"), 1),
								step(Risk.LOW, false, "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"i_tidemark_new\" ON "
										+ "public.t USING btree (c);",
										Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"i_tidemark_new\";"),
										relation("i_tidemark_new"), 0),
								step(Risk.MEDIUM, false, "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"i\";",
										Rollback.sql("CREATE INDEX CONCURRENTLY IF NOT EXISTS \"i\" ON public.t USING "
												+ "hash (c);"),
										"SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
												+ "n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname IN "
												+ "('i', 'i_tidemark_new')",
										2),
								step(Risk.MEDIUM, true, "ALTER INDEX \"public\".\"i_tidemark_new\" RENAME TO \"i\";",
										Rollback.sql("ALTER INDEX \"public\".\"i\" RENAME TO \"i_tidemark_new\";"),
										relation("i_tidemark_new"), 1))),
				Arguments.of(new RelationChange.ReplaceIndex("public", "p", "pi",
						"CREATE INDEX pi ON ONLY public.p USING hash (c)", "CREATE INDEX pi ON ONLY public.p USING btree (c)",
						true), List.of(step(Risk.MEDIUM, true,
								"-- squawk-ignore require-concurrent-index-deletion\nDROP INDEX \"public\".\"pi\";\n"
										+ "-- squawk-ignore require-concurrent-index-creation\nCREATE INDEX IF NOT EXISTS "
										+ "\"pi\" ON public.p USING btree (c);",
								Rollback.sql("DROP INDEX IF EXISTS \"public\".\"pi\";\nCREATE INDEX IF NOT EXISTS \"pi\" "
										+ "ON public.p USING hash (c);"),
								relation("pi") + " AND pg_catalog.pg_get_indexdef(c.oid) NOT IN ('CREATE INDEX pi ON "
										+ "ONLY public.p USING btree (c)', 'CREATE INDEX pi ON ONLY p USING btree (c)')",
								1))),
				// the health and contract rules' repairs
				Arguments.of(new RelationChange.BuildIndex("public", "t", "t_c_key", "(\"c\", (lower(d)) DESC)", true,
						"btree", "c > 0", "the contract expects it", true), List.of(
								step(Risk.LOW, false, "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_c_key\";",
										Rollback.nothingToUndo("an invalid index serves no query"),
										invalidIndex("t_c_key"), 1),
								step(Risk.LOW, false, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"t_c_key\" ON "
										+ T + " USING btree (\"c\", (lower(d)) DESC) WHERE c > 0;",
										Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_c_key\";"),
										relation("t_c_key"), 0))),
				Arguments.of(new RelationChange.BuildIndex("public", "t", "t_c_idx", "(\"c\")", false, null, null,
						"the contract expects it", false), List.of(
								step(Risk.LOW, true, "-- squawk-ignore require-concurrent-index-deletion\n"
										+ "DROP INDEX IF EXISTS \"public\".\"t_c_idx\";",
										Rollback.nothingToUndo("an invalid index serves no query"),
										invalidIndex("t_c_idx"), 1),
								step(Risk.LOW, true, "-- squawk-ignore require-concurrent-index-creation\n"
										+ "CREATE INDEX IF NOT EXISTS \"t_c_idx\" ON " + T + " (\"c\");",
										Rollback.sql("DROP INDEX IF EXISTS \"public\".\"t_c_idx\";"),
										relation("t_c_idx"), 0))),
				Arguments.of(new RelationChange.BuildPartitionedIndex("public", "events", "events_c_idx", "(\"c\")",
						false, null, null, "the contract expects it",
						List.of(new RelationChange.PartitionIndex("public", "events_1", "events_1_c_idx")), false, true),
						List.of(step(Risk.LOW, true, "-- squawk-ignore require-concurrent-index-creation\n"
								+ "CREATE INDEX IF NOT EXISTS \"events_c_idx\" ON ONLY \"public\".\"events\" (\"c\");",
								Rollback.sql("DROP INDEX IF EXISTS \"public\".\"events_c_idx\";"),
								relation("events_c_idx"), 0),
								step(Risk.LOW, false,
										"DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"events_1_c_idx\";",
										Rollback.nothingToUndo("an invalid index serves no query"),
										invalidIndex("events_1_c_idx"), 1),
								step(Risk.LOW, false, "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"events_1_c_idx\" ON "
										+ "\"public\".\"events_1\" (\"c\");",
										Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"events_1_c_idx\";"),
										"SELECT count(*) FROM (SELECT 1) x WHERE (" + relation("events_1_c_idx") + ") + ("
												+ ATTACHED + ") > 0", 0),
								step(Risk.LOW, true, "ALTER INDEX \"public\".\"events_c_idx\" ATTACH PARTITION "
										+ "\"public\".\"events_1_c_idx\";",
										Rollback.sql("DROP INDEX IF EXISTS \"public\".\"events_c_idx\";"), ATTACHED,
										0))),
				Arguments.of(new RelationChange.RebuildInvalidIndex("public", "t", "t_u", "CREATE UNIQUE INDEX t_u ON "
						+ "public.t USING btree (c)", true), List.of(
								step(Risk.LOW, false, "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_u\";",
										Rollback.nothingToUndo("an invalid index serves no query"), invalidIndex("t_u"),
										1),
								step(Risk.LOW, false, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_u ON public.t "
										+ "USING btree (c);",
										Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_u\";"),
										relation("t_u"), 0))),
				Arguments.of(new RelationChange.AddKeyUsingIndex("public", "t", "t_pkey", "PRIMARY_KEY", List.of("c"),
						List.of("c"), true, true), List.of(
								step(Risk.MEDIUM, true, "ALTER TABLE " + T + " ADD CONSTRAINT \"" + NOT_NULL_C
										+ "\" CHECK (\"c\" IS NOT NULL) NOT VALID;",
										Rollback.sql("ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"" + NOT_NULL_C
												+ "\";"),
										COLUMN_C + " AND NOT attnotnull AND NOT EXISTS (SELECT 1 FROM "
												+ "pg_catalog.pg_constraint WHERE conrelid = " + REG_T + " AND conname = '"
												+ NOT_NULL_C + "')", 1),
								step(Risk.MEDIUM, true, "ALTER TABLE " + T + " VALIDATE CONSTRAINT \"" + NOT_NULL_C
										+ "\";", Rollback.nothingToUndo("validating changes no data and no definition"),
										constraint(NOT_NULL_C) + " AND NOT convalidated", 1),
								step(Risk.MEDIUM, true, "ALTER TABLE " + T + " ALTER COLUMN \"c\" SET NOT NULL;",
										Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" DROP NOT NULL;"),
										COLUMN_C + " AND NOT attnotnull", 1),
								step(Risk.MEDIUM, true, "ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"" + NOT_NULL_C
										+ "\";", Rollback.nothingToUndo("the helper check only served the SET NOT NULL "
												+ "before it"), constraint(NOT_NULL_C), 1),
								step(Risk.LOW, false, "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_pkey\";",
										Rollback.nothingToUndo("an invalid index serves no query"),
										invalidIndex("t_pkey"), 1),
								step(Risk.LOW, false, "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"t_pkey\" ON "
										+ T + " (\"c\");",
										Rollback.sql("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_pkey\";"),
										relation("t_pkey"), 0),
								step(Risk.MEDIUM, true, "ALTER TABLE " + T + " ADD CONSTRAINT \"t_pkey\" PRIMARY KEY "
										+ "USING INDEX \"t_pkey\";",
										Rollback.sql("ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"t_pkey\";"),
										"SELECT count(*) FROM pg_catalog.pg_constraint WHERE conrelid = " + REG_T
												+ " AND contype = 'p'", 0))),
				Arguments.of(new RelationChange.AddKeyUsingIndex("public", "t", "t_c_key", "UNIQUE", List.of("c"),
						List.of(), true, false), List.of(
								step(Risk.LOW, true, "-- squawk-ignore require-concurrent-index-deletion\n"
										+ "DROP INDEX IF EXISTS \"public\".\"t_c_key\";",
										Rollback.nothingToUndo("an invalid index serves no query"),
										invalidIndex("t_c_key"), 1),
								step(Risk.LOW, true, "-- squawk-ignore require-concurrent-index-creation\n"
										+ "CREATE UNIQUE INDEX IF NOT EXISTS \"t_c_key\" ON " + T + " (\"c\");",
										Rollback.sql("DROP INDEX IF EXISTS \"public\".\"t_c_key\";"),
										relation("t_c_key"), 0),
								step(Risk.MEDIUM, true, "ALTER TABLE " + T + " ADD CONSTRAINT \"t_c_key\" UNIQUE USING "
										+ "INDEX \"t_c_key\";",
										Rollback.sql("ALTER TABLE " + T + " DROP CONSTRAINT IF EXISTS \"t_c_key\";"),
										constraint("t_c_key"), 0))),
				Arguments.of(new RelationChange.CreatePartition("public", "events_2026_09", EVENTS, "at", "2026-09-01",
						"MAXVALUE", "public.events_default"), List.of(
								step(Risk.LOW, true, "CREATE TABLE IF NOT EXISTS \"public\".\"events_2026_09\" (LIKE "
										+ "\"public\".\"events\" INCLUDING ALL EXCLUDING IDENTITY);\n"
										+ "-- squawk-ignore constraint-missing-not-valid\n"
										+ "ALTER TABLE \"public\".\"events_2026_09\" ADD CONSTRAINT \"" + BOUND_CHECK
										+ "\" CHECK (\"at\" IS NOT NULL AND \"at\" >= '2026-09-01');",
										Rollback.none("dropping public.events_2026_09 would delete the rows written to "
												+ "it since; detach it, then drop it by hand once it is empty"),
										relation("events_2026_09"), 0),
								step(Risk.LOW, true, "ALTER TABLE \"public\".\"events\" ATTACH PARTITION "
										+ "\"public\".\"events_2026_09\" FOR VALUES FROM ('2026-09-01') TO (MAXVALUE);\n"
										+ "ALTER TABLE \"public\".\"events_2026_09\" DROP CONSTRAINT IF EXISTS \""
										+ BOUND_CHECK + "\";",
										Rollback.sql("ALTER TABLE \"public\".\"events\" DETACH PARTITION "
												+ "\"public\".\"events_2026_09\";"),
										relation("events_2026_09") + " AND c.relkind = 'r' AND NOT c.relispartition", 1))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void rendersExactChangesets(RelationChange change, List<Step> expected) {
		List<Step> actual = RelationRenderer.render(change).stream()
			.map(d -> new Step(d.risk(), d.transactional(), d.sql(), d.rollback(), d.precondition(), d.expected()))
			.toList();
		assertThat(actual).isEqualTo(expected);
	}

	/** missing-column adds the contract's own spelling of a type: squawk's type rules are the contract's to judge. */
	@Test
	void contractTypeSpellingsGetTheirLintExceptions() {
		assertThat(RelationRenderer.typeLint("serial")).isEqualTo("-- squawk-ignore prefer-bigint-over-int");
		assertThat(RelationRenderer.typeLint("int")).isEqualTo("-- squawk-ignore prefer-bigint-over-int");
		assertThat(RelationRenderer.typeLint("int2")).isEqualTo("-- squawk-ignore prefer-bigint-over-smallint");
		assertThat(RelationRenderer.typeLint("varchar")).isEqualTo("-- squawk-ignore prefer-text-field");
		assertThat(RelationRenderer.typeLint("varchar(20)")).isEqualTo("-- squawk-ignore prefer-text-field");
		assertThat(RelationRenderer.typeLint("timestamp")).isEqualTo("-- squawk-ignore prefer-timestamp-tz");
		assertThat(RelationRenderer.typeLint("bigint")).isEmpty();
		assertThat(RelationRenderer.typeLint("text")).isEmpty();
	}

	@Test
	void aRowCountCommentStaysOneLineWhateverTheName() {
		List<Draft> drafts = RelationRenderer
			.render(new RelationChange.DropTable("public", "t\nx\u2028y", false, 1L));

		assertThat(drafts).singleElement()
			.satisfies(d -> assertThat(d.sql()).isEqualTo(
					"-- \"public\".\"t?x?y\" holds about 1 row (planner estimate, pg_class.reltuples)\n"
							+ "-- squawk-ignore ban-drop-table\nDROP TABLE IF EXISTS \"public\".\"t\nx\u2028y\";"));
	}

	@Test
	void everyRecordHasACase() {
		assertThat(cases().map(a -> a.get()[0].getClass()).distinct())
			.hasSize(ChangeRecords.of(RelationChange.class).size());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void everyStepHasAOneLineProbeAndConcurrentStepsHoldOneStatement(RelationChange change, List<Step> ignored) {
		for (Draft d : RelationRenderer.render(change)) {
			assertThat(d.precondition()).startsWith("SELECT count(*) FROM ").doesNotContain("\n");
			assertThat(d.description()).isNotBlank();
			assertThat(d.sql().lines().filter(l -> !l.startsWith("--")).toList().getLast()).endsWith(";");
			if (!d.transactional()) {
				assertThat(d.sql().lines().filter(l -> !l.startsWith("--"))).hasSize(1);
				assertThat(d.sql()).contains("CONCURRENTLY");
			}
			if (d.rollback().kind() == Rollback.Kind.SQL) {
				assertThat(d.rollback().text()).doesNotContain("--");
			}
		}
	}

	@Test
	void riskFollowsTheChangeAndDestructiveChangesAreHigh() {
		assertThat(cases().map(a -> (SchemaChange) a.get()[0]).filter(SchemaChange::destructive))
			.allSatisfy(c -> assertThat(RelationRenderer.render((RelationChange) c))
				.anyMatch(d -> d.risk() == Risk.HIGH));
	}

	@Test
	void hostileNamesAreQuotedEverywhere() {
		String schema = "Sch\"ema é";
		List<Draft> drafts = RelationRenderer.render(new RelationChange.AddConstraint(schema, "select",
				"my \"key\"", "CHECK", "CHECK ((\"order\" > 0))", true, false, null, List.of()));
		assertThat(drafts.get(0).sql()).isEqualTo("ALTER TABLE \"Sch\"\"ema é\".\"select\" ADD CONSTRAINT "
				+ "\"my \"\"key\"\"\" CHECK ((\"order\" > 0)) NOT VALID;");
		assertThat(drafts.get(0).precondition()).isEqualTo("SELECT count(*) FROM pg_catalog.pg_constraint WHERE "
				+ "conrelid = to_regclass('\"Sch\"\"ema é\".\"select\"') AND conname = 'my \"key\"'");
		assertThat(RelationRenderer.render(new RelationChange.CommentOnColumn(schema, "it's", "ünï", "o'k", null))
			.get(0).sql()).isEqualTo("COMMENT ON COLUMN \"Sch\"\"ema é\".\"it's\".\"ünï\" IS 'o''k';");
	}

	@Test
	void statisticsTargetIsSetAndUndoneWithTheDefaultSpelledMinusOne() {
		List<Draft> drafts = RelationRenderer.statistics(new RelationChange.SetColumnStatistics("public", "t", "c", 500,
				null));
		assertThat(drafts).singleElement().satisfies(d -> {
			assertThat(d.risk()).isEqualTo(Risk.LOW);
			assertThat(d.sql()).isEqualTo("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET STATISTICS 500;");
			assertThat(d.rollback()).isEqualTo(Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET STATISTICS -1;"));
			assertThat(d.precondition()).isEqualTo(COLUMN_C + " AND coalesce(attstattarget::int, -1) <> 500");
		});
		assertThat(RelationRenderer.statistics(new RelationChange.SetColumnStatistics("public", "t", "c", null, 10))
			.get(0).sql()).isEqualTo("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET STATISTICS -1;");
	}

	@Test
	void storageIsSetAndUndoneToTheTargetsAndTheRerunIsSkipped() {
		List<Draft> drafts = RelationRenderer.storage(new RelationChange.SetColumnStorage("public", "t", "c", "EXTERNAL",
				"EXTENDED"));
		assertThat(drafts).singleElement().satisfies(d -> {
			assertThat(d.risk()).isEqualTo(Risk.LOW);
			assertThat(d.sql()).isEqualTo("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET STORAGE EXTERNAL;");
			assertThat(d.rollback()).isEqualTo(Rollback.sql("ALTER TABLE " + T + " ALTER COLUMN \"c\" SET STORAGE EXTENDED;"));
			assertThat(d.precondition()).isEqualTo(COLUMN_C + " AND attstorage <> 'e'");
		});
	}

	@Test
	void statisticsAndStorageQuoteEveryName() {
		assertThat(RelationRenderer.storage(new RelationChange.SetColumnStorage("Sch\"ema", "it's", "Mixed Case",
				"MAIN", "EXTENDED")).get(0).sql())
			.isEqualTo("ALTER TABLE \"Sch\"\"ema\".\"it's\" ALTER COLUMN \"Mixed Case\" SET STORAGE MAIN;");
		assertThat(RelationRenderer.statistics(new RelationChange.SetColumnStatistics("Sch\"ema", "it's", "Mixed Case",
				50, null)).get(0).sql())
			.isEqualTo("ALTER TABLE \"Sch\"\"ema\".\"it's\" ALTER COLUMN \"Mixed Case\" SET STATISTICS 50;");
	}

	@Test
	void catalogTextIsAcceptedInTheReadersSpellingAndTheSessions() {
		assertThat(RelationRenderer.spellings("'a'::public.mood")).containsExactly("'a'::public.mood", "'a'::mood");
		assertThat(RelationRenderer.spellings("0")).containsExactly("0");
	}

	@Test
	void catalogTextIsQuotedAgainThroughSql() {
		assertThat(RelationRenderer.collation("\"C\"")).isEqualTo("\"C\"");
		assertThat(RelationRenderer.collation("public.\"my \"\"coll\"\".x\"")).isEqualTo("\"public\".\"my \"\"coll\"\".x\"");
		assertThat(RelationRenderer.collation("und-x-icu")).isEqualTo("\"und-x-icu\"");
		assertThat(RelationRenderer.option("toast.autovacuum_enabled=false"))
			.isEqualTo("\"toast\".\"autovacuum_enabled\" = 'false'");
		assertThat(RelationRenderer.typeSpellings("public.\"my.type\"")).containsExactly("public.\"my.type\"",
				"\"my.type\"");
		assertThat(RelationRenderer.typeSpellings("character varying(20)")).containsExactly("character varying(20)");
		assertThat(RelationRenderer.concurrentIndex("CREATE UNIQUE INDEX \"Odd \"\" name\" ON ONLY public.t USING btree (c)",
				"n")).isEqualTo("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"n\" ON public.t USING btree (c);");
	}

	@Test
	void planOrderFollowsPhasesRequirementsAndOrder() {
		ColumnDef k = new ColumnDef("k", "bigint", null, null, true, null, null);
		RelationChange parent = new RelationChange.CreateTable("public", "zparent", List.of(k), false, "LIST (k)", null,
				null, List.of(), List.of(), false, false, null);
		RelationChange part = new RelationChange.CreateTable("public", "apart", List.of(), false, null,
				new Name("public", "zparent"), "FOR VALUES IN (1)", List.of(), List.of(), false, false, null);
		RelationChange detach = new RelationChange.DetachPartition("public", "moved", new Name("public", "p"),
				"FOR VALUES IN (1)");
		RelationChange attach = new RelationChange.AttachPartition("public", "moved", new Name("public", "a"),
				"FOR VALUES IN (2)");
		RelationChange setNotNull = new RelationChange.SetNotNull("public", "t", "id");
		RelationChange addIdentity = new RelationChange.SetColumnIdentity("public", "t", "id", "ALWAYS", null);
		RelationChange dropIdentity = new RelationChange.SetColumnIdentity("public", "t", "x", null, "ALWAYS");
		RelationChange dropNotNull = new RelationChange.DropNotNull("public", "t", "x");
		RelationChange pk = new RelationChange.AddConstraint("public", "zcustomers", "zcustomers_pkey", "PRIMARY_KEY",
				"PRIMARY KEY (id)", true, false, null, List.of());
		RelationChange fk = new RelationChange.AddConstraint("public", "aorders", "aorders_fkey", "FOREIGN_KEY",
				"FOREIGN KEY (c) REFERENCES public.zcustomers(id)", true, false, null,
				List.of("constraint:public.zcustomers.zcustomers_pkey"));
		RelationChange check = new RelationChange.AddConstraint("public", "zz", "zz_check", "CHECK", "CHECK ((k > 0))",
				true, false, null, List.of());
		RelationChange dropCheck = new RelationChange.DropConstraint("public", "a", "a_check", "CHECK", "CHECK (true)");
		RelationChange dropFk = new RelationChange.DropConstraint("public", "z", "z_fkey", "FOREIGN_KEY",
				"FOREIGN KEY (c) REFERENCES public.a(c)");
		RelationChange index = new RelationChange.CreateIndex("public", "a", "a_idx",
				"CREATE INDEX a_idx ON public.a USING btree (c)", false);
		RelationChange comment = new RelationChange.CommentOnTable("public", "a", "x", null);
		RelationChange dropTable = new RelationChange.DropTable("public", "a", false);
		List<RelationChange> given = List.of(dropTable, comment, index, check, fk, pk, dropNotNull, dropIdentity,
				addIdentity, setNotNull, attach, detach, part, parent, dropFk, dropCheck);
		List<SchemaChange> sorted = ChangeOrder.sort(given);

		// a partition after its parent, attach after detach, NOT NULL before an identity is added and after one is
		// dropped, a foreign key after the key it references, foreign keys dropped first
		assertThat(sorted).containsExactly(dropFk, dropCheck, detach, setNotNull, parent, part, attach, addIdentity,
				dropIdentity, dropNotNull, pk, check, fk, index, comment, dropTable);
	}

	@Test
	void everyCaseRoundTripsThroughEvidence() {
		List<SchemaChange> all = cases().map(a -> (SchemaChange) a.get()[0]).toList();
		List<Map<String, Object>> evidence = Changes.toEvidence(all);
		assertThat(Changes.fromEvidence(Map.of(Changes.EVIDENCE_KEY, evidence))).isEqualTo(all);
	}
}

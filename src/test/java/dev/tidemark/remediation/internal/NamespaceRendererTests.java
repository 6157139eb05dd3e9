package dev.tidemark.remediation.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tidemark.checks.change.ChangeRecords;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.NamespaceChange;
import dev.tidemark.checks.change.NamespaceChange.AddAttribute;
import dev.tidemark.checks.change.NamespaceChange.AddDomainConstraint;
import dev.tidemark.checks.change.NamespaceChange.AddEnumValue;
import dev.tidemark.checks.change.NamespaceChange.AlterAttributeType;
import dev.tidemark.checks.change.NamespaceChange.AlterSequence;
import dev.tidemark.checks.change.NamespaceChange.WidenSequence;
import dev.tidemark.checks.change.NamespaceChange.CreateCollation;
import dev.tidemark.checks.change.NamespaceChange.CreateCompositeType;
import dev.tidemark.checks.change.NamespaceChange.CreateDomain;
import dev.tidemark.checks.change.NamespaceChange.CreateEnum;
import dev.tidemark.checks.change.NamespaceChange.CreateExtension;
import dev.tidemark.checks.change.NamespaceChange.CreateRangeType;
import dev.tidemark.checks.change.NamespaceChange.CreateSchema;
import dev.tidemark.checks.change.NamespaceChange.CreateSequence;
import dev.tidemark.checks.change.NamespaceChange.DomainConstraint;
import dev.tidemark.checks.change.NamespaceChange.DropAttribute;
import dev.tidemark.checks.change.NamespaceChange.DropCollation;
import dev.tidemark.checks.change.NamespaceChange.DropDomainConstraint;
import dev.tidemark.checks.change.NamespaceChange.DropExtension;
import dev.tidemark.checks.change.NamespaceChange.DropSchema;
import dev.tidemark.checks.change.NamespaceChange.DropSequence;
import dev.tidemark.checks.change.NamespaceChange.DropType;
import dev.tidemark.checks.change.NamespaceChange.SequenceOptions;
import dev.tidemark.checks.change.NamespaceChange.SequenceOwner;
import dev.tidemark.checks.change.NamespaceChange.SetDomainDefault;
import dev.tidemark.checks.change.NamespaceChange.SetDomainNotNull;
import dev.tidemark.checks.change.NamespaceChange.SetExtensionSchema;
import dev.tidemark.checks.change.NamespaceChange.SetSequenceOwner;
import dev.tidemark.checks.change.NamespaceChange.UpdateExtension;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.checks.change.SchemaChange.Phase;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.TypeInfo;
import dev.tidemark.inspection.model.TypeInfo.Attribute;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;

import static org.assertj.core.api.Assertions.assertThat;

class NamespaceRendererTests {

	/** One expected changeset. */
	record Step(Risk risk, String sql, Rollback rollback, String precondition, int expected) {
	}

	/** A change, where it runs, and the changesets it renders to. */
	record Case(NamespaceChange change, Phase phase, boolean destructive, List<Step> steps) {

		@Override
		public String toString() {
			return change.getClass().getSimpleName() + " " + change.object();
		}
	}

	private static final String S = "My \"Schema\"";

	private static final String QS = "\"My \"\"Schema\"\"\"";

	private static final String TYPE_PROBE = "SELECT count(*) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n"
			+ " ON n.oid = t.typnamespace WHERE n.nspname = ";

	private static final String OWNED = "SELECT count(*) FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attribute a "
			+ "ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE d.classid = "
			+ "'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = to_regclass('\"public\".\"Orders_id_seq\"') "
			+ "AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype = 'a'";

	private static final String ATTR_PROBE = "SELECT count(*) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t "
			+ "ON t.typrelid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE "
			+ "n.nspname = 'public' AND t.typname = 'pair' AND a.attname = ";

	private static final CreateCollation ICU = new CreateCollation(S, "Case Insensitive", "icu", "und-u-ks-level2",
			null, null, false);

	private static final CreateCollation LIBC = new CreateCollation("public", "select", "libc", null, "en_US.utf8",
			"en_US.utf8", true);

	private static final CreateDomain DOMAIN = new CreateDomain("public", "Qty", "integer", "\"C\"", "0", true,
			List.of(new DomainConstraint("positive", "CHECK ((VALUE > 0))")), List.of("type:public.base"));

	private static final CreateSequence SEQUENCE = new CreateSequence("public", "Orders_id_seq", "integer", 1, 1,
			2147483647, 1L, 1L, false);

	private static final Attribute NOTE = new Attribute("the note", "text", "\"C\"");

	static List<Case> cases() {
		return List.of(
				new Case(new CreateSchema(S), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW, "CREATE SCHEMA IF NOT EXISTS " + QS + ";",
								Rollback.sql("DROP SCHEMA IF EXISTS " + QS + ";"),
								"SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = 'My \"Schema\"'", 0))),
				new Case(new DropSchema("it's"), Phase.DROP_NAMESPACES, true,
						List.of(new Step(Risk.HIGH, "DROP SCHEMA IF EXISTS \"it's\";",
								Rollback.sql("CREATE SCHEMA IF NOT EXISTS \"it's\";"),
								"SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = 'it''s'", 1))),
				new Case(new CreateExtension("pg_trgm", "ext", "1.6"), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW,
								"CREATE EXTENSION IF NOT EXISTS \"pg_trgm\" WITH SCHEMA \"ext\" VERSION '1.6';",
								Rollback.sql("DROP EXTENSION IF EXISTS \"pg_trgm\";"),
								"SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'pg_trgm'", 0))),
				// a contract names no schema: the extension's own choice, as CREATE EXTENSION makes it
				new Case(new CreateExtension("citext", null, null), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW, "CREATE EXTENSION IF NOT EXISTS \"citext\";",
								Rollback.sql("DROP EXTENSION IF EXISTS \"citext\";"),
								"SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'citext'", 0))),
				new Case(new DropExtension("hstore", "public", "1.8"), Phase.DROP_NAMESPACES, true,
						List.of(new Step(Risk.HIGH, "DROP EXTENSION IF EXISTS \"hstore\";",
								Rollback.sql(
										"CREATE EXTENSION IF NOT EXISTS \"hstore\" WITH SCHEMA \"public\" VERSION '1.8';"),
								"SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'hstore'", 1))),
				new Case(new UpdateExtension("pgcrypto", "1.2", "1.3"), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.MEDIUM, "ALTER EXTENSION \"pgcrypto\" UPDATE TO '1.3';",
								Rollback.none("extensions rarely ship a downgrade script; going back to 1.2 means "
										+ "reinstalling it by hand"),
								"SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'pgcrypto' AND "
										+ "extversion = '1.2'",
								1))),
				new Case(new SetExtensionSchema("citext", "public", S), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.MEDIUM, "ALTER EXTENSION \"citext\" SET SCHEMA " + QS + ";",
								Rollback.sql("ALTER EXTENSION \"citext\" SET SCHEMA \"public\";"),
								"SELECT count(*) FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON "
										+ "n.oid = e.extnamespace WHERE e.extname = 'citext' AND n.nspname = 'public'",
								1))),
				new Case(ICU, Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW,
								"CREATE COLLATION IF NOT EXISTS " + QS + ".\"Case Insensitive\" (provider = icu, "
										+ "locale = 'und-u-ks-level2', deterministic = false);",
								Rollback.sql("DROP COLLATION IF EXISTS " + QS + ".\"Case Insensitive\";"),
								"SELECT count(*) FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON "
										+ "n.oid = c.collnamespace WHERE n.nspname = 'My \"Schema\"' AND c.collname = "
										+ "'Case Insensitive'",
								0))),
				new Case(new DropCollation("public", "select", LIBC), Phase.DROP_ROUTINES_AND_TYPES, true,
						List.of(new Step(Risk.HIGH, "DROP COLLATION IF EXISTS \"public\".\"select\";",
								Rollback.sql("CREATE COLLATION IF NOT EXISTS \"public\".\"select\" (provider = libc, "
										+ "lc_collate = 'en_US.utf8', lc_ctype = 'en_US.utf8');"),
								"SELECT count(*) FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON "
										+ "n.oid = c.collnamespace WHERE n.nspname = 'public' AND c.collname = 'select'",
								1))),
				new Case(new CreateEnum(S, "Mood", List.of("sad", "it's ok")), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW, "CREATE TYPE " + QS + ".\"Mood\" AS ENUM ('sad', 'it''s ok');",
								Rollback.sql("DROP TYPE IF EXISTS " + QS + ".\"Mood\";"),
								TYPE_PROBE + "'My \"Schema\"' AND t.typname = 'Mood'", 0))),
				new Case(new AddEnumValue(S, "Mood", "glad", "sad", false, false), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW,
								"ALTER TYPE " + QS + ".\"Mood\" ADD VALUE IF NOT EXISTS 'glad' AFTER 'sad';",
								Rollback.none("PostgreSQL cannot remove an enum value; recreate the type by hand to "
										+ "undo it"),
								"SELECT count(*) FROM pg_catalog.pg_enum e JOIN pg_catalog.pg_type t ON t.oid = "
										+ "e.enumtypid JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE "
										+ "n.nspname = 'My \"Schema\"' AND t.typname = 'Mood' AND e.enumlabel = 'glad'",
								0))),
				new Case(new AddEnumValue("public", "e", "zero", "one", true, true), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW,
								"ALTER TYPE \"public\".\"e\" ADD VALUE IF NOT EXISTS 'zero' BEFORE 'one';",
								Rollback.none("PostgreSQL cannot remove an enum value; recreate the type by hand to "
										+ "undo it"),
								"SELECT count(*) FROM pg_catalog.pg_enum e JOIN pg_catalog.pg_type t ON t.oid = "
										+ "e.enumtypid JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE "
										+ "n.nspname = 'public' AND t.typname = 'e' AND e.enumlabel = 'zero'",
								0))),
				new Case(new AddEnumValue("public", "e", "first", null, false, false), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW, "-- squawk-ignore require-enum-value-ordering\nALTER TYPE \"public\".\"e\" "
								+ "ADD VALUE IF NOT EXISTS 'first';",
								Rollback.none("PostgreSQL cannot remove an enum value; recreate the type by hand to "
										+ "undo it"),
								"SELECT count(*) FROM pg_catalog.pg_enum e JOIN pg_catalog.pg_type t ON t.oid = "
										+ "e.enumtypid JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE "
										+ "n.nspname = 'public' AND t.typname = 'e' AND e.enumlabel = 'first'",
								0))),
				new Case(DOMAIN, Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW,
								"-- squawk-ignore ban-create-domain-with-constraint\nCREATE DOMAIN \"public\".\"Qty\" "
										+ "AS integer COLLATE \"C\" DEFAULT 0 NOT NULL CONSTRAINT \"positive\" "
										+ "CHECK ((VALUE > 0));",
								Rollback.sql("DROP DOMAIN IF EXISTS \"public\".\"Qty\";"),
								TYPE_PROBE + "'public' AND t.typname = 'Qty'", 0))),
				new Case(new SetDomainDefault("public", "Qty", "1", null), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.MEDIUM, "ALTER DOMAIN \"public\".\"Qty\" SET DEFAULT 1;",
								Rollback.sql("ALTER DOMAIN \"public\".\"Qty\" DROP DEFAULT;"),
								TYPE_PROBE + "'public' AND t.typname = 'Qty' AND "
										+ "pg_catalog.pg_get_expr(t.typdefaultbin, 0) IS DISTINCT FROM '1'",
								1))),
				new Case(new SetDomainDefault("public", "Qty", null, "0"), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.MEDIUM, "ALTER DOMAIN \"public\".\"Qty\" DROP DEFAULT;",
								Rollback.sql("ALTER DOMAIN \"public\".\"Qty\" SET DEFAULT 0;"),
								TYPE_PROBE + "'public' AND t.typname = 'Qty' AND t.typdefaultbin IS NOT NULL", 1))),
				new Case(new SetDomainNotNull("public", "Qty", true), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.MEDIUM, "ALTER DOMAIN \"public\".\"Qty\" SET NOT NULL;",
								Rollback.sql("ALTER DOMAIN \"public\".\"Qty\" DROP NOT NULL;"),
								TYPE_PROBE + "'public' AND t.typname = 'Qty' AND NOT t.typnotnull", 1))),
				new Case(new SetDomainNotNull("public", "Qty", false), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.MEDIUM, "ALTER DOMAIN \"public\".\"Qty\" DROP NOT NULL;",
								Rollback.sql("ALTER DOMAIN \"public\".\"Qty\" SET NOT NULL;"),
								TYPE_PROBE + "'public' AND t.typname = 'Qty' AND t.typnotnull", 1))),
				new Case(new AddDomainConstraint("public", "Qty", new DomainConstraint("Small \"one\"",
						"CHECK ((VALUE < 10))")), Phase.CREATE_NAMESPACES, false, List.of(
								new Step(Risk.LOW,
										"-- squawk-ignore ban-alter-domain-with-add-constraint\nALTER DOMAIN "
												+ "\"public\".\"Qty\" ADD CONSTRAINT \"Small \"\"one\"\"\" CHECK ((VALUE "
												+ "< 10)) NOT VALID;",
										Rollback.sql("ALTER DOMAIN \"public\".\"Qty\" DROP CONSTRAINT IF EXISTS "
												+ "\"Small \"\"one\"\"\";"),
										domainConstraintProbe("Small \"one\""), 0),
								new Step(Risk.MEDIUM,
										"ALTER DOMAIN \"public\".\"Qty\" VALIDATE CONSTRAINT \"Small \"\"one\"\"\";",
										Rollback.nothingToUndo("validating changes no data and no definition"),
										domainConstraintProbe("Small \"one\"") + " AND NOT c.convalidated", 1))),
				new Case(new DropDomainConstraint("public", "Qty", new DomainConstraint("old", "CHECK ((VALUE <> 5))")),
						Phase.CREATE_NAMESPACES, true,
						List.of(new Step(Risk.HIGH, "ALTER DOMAIN \"public\".\"Qty\" DROP CONSTRAINT IF EXISTS \"old\";",
								Rollback.sql("ALTER DOMAIN \"public\".\"Qty\" ADD CONSTRAINT \"old\" CHECK ((VALUE "
										+ "<> 5)) NOT VALID;"),
								domainConstraintProbe("old"), 1))),
				new Case(new CreateCompositeType("public", "pair", List.of(new Attribute("a", "integer", null), NOTE),
						List.of()), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW,
								"CREATE TYPE \"public\".\"pair\" AS (\"a\" integer, \"the note\" text COLLATE \"C\");",
								Rollback.sql("DROP TYPE IF EXISTS \"public\".\"pair\";"),
								TYPE_PROBE + "'public' AND t.typname = 'pair'", 0))),
				new Case(new AddAttribute("public", "pair", NOTE), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW,
								"ALTER TYPE \"public\".\"pair\" ADD ATTRIBUTE \"the note\" text COLLATE \"C\";",
								Rollback.sql("ALTER TYPE \"public\".\"pair\" DROP ATTRIBUTE IF EXISTS \"the note\";"),
								ATTR_PROBE + "'the note' AND a.attnum > 0 AND NOT a.attisdropped", 0))),
				new Case(new DropAttribute("public", "pair", NOTE), Phase.CREATE_NAMESPACES, true,
						List.of(new Step(Risk.HIGH,
								"ALTER TYPE \"public\".\"pair\" DROP ATTRIBUTE IF EXISTS \"the note\";",
								Rollback.sql("ALTER TYPE \"public\".\"pair\" ADD ATTRIBUTE \"the note\" text COLLATE "
										+ "\"C\";"),
								ATTR_PROBE + "'the note' AND a.attnum > 0 AND NOT a.attisdropped", 1))),
				new Case(new AlterAttributeType("public", "pair", new Attribute("a", "bigint", null),
						new Attribute("a", "integer", null)), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.MEDIUM,
								"ALTER TYPE \"public\".\"pair\" ALTER ATTRIBUTE \"a\" SET DATA TYPE bigint;",
								Rollback.sql("ALTER TYPE \"public\".\"pair\" ALTER ATTRIBUTE \"a\" SET DATA TYPE "
										+ "integer;"),
								ATTR_PROBE + "'a' AND a.attnum > 0 AND NOT a.attisdropped AND "
										+ "pg_catalog.format_type(a.atttypid, a.atttypmod) IS DISTINCT FROM 'bigint'",
								1))),
				new Case(new CreateRangeType(S, "Span", "numeric", null, List.of()), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW, "CREATE TYPE " + QS + ".\"Span\" AS RANGE (subtype = numeric);",
								Rollback.sql("DROP TYPE IF EXISTS " + QS + ".\"Span\";"),
								TYPE_PROBE + "'My \"Schema\"' AND t.typname = 'Span'", 0))),
				new Case(new DropType("public", "Qty", TypeInfo.Kind.DOMAIN, DOMAIN), Phase.DROP_ROUTINES_AND_TYPES,
						true,
						List.of(new Step(Risk.HIGH, "DROP DOMAIN IF EXISTS \"public\".\"Qty\";",
								// the lint comment would swallow a one-line rollback: left out
								Rollback.sql("CREATE DOMAIN \"public\".\"Qty\" AS integer COLLATE \"C\" DEFAULT 0 NOT "
										+ "NULL CONSTRAINT \"positive\" CHECK ((VALUE > 0));"),
								TYPE_PROBE + "'public' AND t.typname = 'Qty'", 1))),
				new Case(new DropType(S, "Mood", TypeInfo.Kind.ENUM, new CreateEnum(S, "Mood", List.of("a"))),
						Phase.DROP_ROUTINES_AND_TYPES, true,
						List.of(new Step(Risk.HIGH, "DROP TYPE IF EXISTS " + QS + ".\"Mood\";",
								Rollback.sql("CREATE TYPE " + QS + ".\"Mood\" AS ENUM ('a');"),
								TYPE_PROBE + "'My \"Schema\"' AND t.typname = 'Mood'", 1))),
				new Case(SEQUENCE, Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW,
								"CREATE SEQUENCE IF NOT EXISTS \"public\".\"Orders_id_seq\" AS integer INCREMENT BY 1 "
										+ "MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1 NO CYCLE;",
								Rollback.sql("DROP SEQUENCE IF EXISTS \"public\".\"Orders_id_seq\";"),
								Probes.relation("public", "Orders_id_seq"), 0))),
				new Case(new AlterSequence("public", "Orders_id_seq",
						new SequenceOptions("bigint", 5L, null, 9223372036854775807L, null, 20L, true),
						new SequenceOptions("integer", 1L, null, 2147483647L, null, 1L, false)),
						Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.LOW,
								"ALTER SEQUENCE \"public\".\"Orders_id_seq\" AS bigint INCREMENT BY 5 MAXVALUE "
										+ "9223372036854775807 CACHE 20 CYCLE;",
								Rollback.sql("ALTER SEQUENCE \"public\".\"Orders_id_seq\" AS integer INCREMENT BY 1 "
										+ "MAXVALUE 2147483647 CACHE 1 NO CYCLE;"),
								"SELECT count(*) FROM pg_catalog.pg_sequence s WHERE s.seqrelid = "
										+ "to_regclass('\"public\".\"Orders_id_seq\"') AND NOT (s.seqtypid = "
										+ "'bigint'::pg_catalog.regtype AND s.seqincrement = 5 AND s.seqmax = "
										+ "9223372036854775807 AND s.seqcache = 20 AND s.seqcycle)",
								1))),
				// sequence-exhaustion's repair
				new Case(new WidenSequence("public", "orders_id_seq", "integer", 1, 2147483647, true, "public.orders.id",
						"bigint", "public.orders"), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.MEDIUM,
								"ALTER SEQUENCE \"public\".\"orders_id_seq\" AS bigint MAXVALUE 9223372036854775807;",
								Rollback.sql("ALTER SEQUENCE \"public\".\"orders_id_seq\" AS integer MINVALUE 1 "
										+ "MAXVALUE 2147483647;"),
								"SELECT count(*) FROM pg_catalog.pg_sequence WHERE seqrelid = "
										+ "to_regclass('\"public\".\"orders_id_seq\"') AND seqtypid = 'integer'::regtype "
										+ "AND seqmin = 1 AND seqmax = 2147483647",
								1))),
				new Case(new WidenSequence("public", "down_seq", "smallint", -32768, -1, false, "public.t.id",
						"numeric", "public.t"), Phase.CREATE_NAMESPACES, false,
						List.of(new Step(Risk.MEDIUM,
								"ALTER SEQUENCE \"public\".\"down_seq\" AS bigint MINVALUE -9223372036854775808;",
								Rollback.sql("ALTER SEQUENCE \"public\".\"down_seq\" AS smallint MINVALUE -32768 "
										+ "MAXVALUE -1;"),
								"SELECT count(*) FROM pg_catalog.pg_sequence WHERE seqrelid = "
										+ "to_regclass('\"public\".\"down_seq\"') AND seqtypid = 'smallint'::regtype "
										+ "AND seqmin = -32768 AND seqmax = -1",
								1))),
				new Case(new SetSequenceOwner("public", "Orders_id_seq", new SequenceOwner("my.app", "Orders", "Id"),
						null), Phase.ATTACH_BEHAVIOUR, false,
						List.of(new Step(Risk.LOW,
								"ALTER SEQUENCE \"public\".\"Orders_id_seq\" OWNED BY \"my.app\".\"Orders\".\"Id\";",
								Rollback.sql("ALTER SEQUENCE \"public\".\"Orders_id_seq\" OWNED BY NONE;"),
								OWNED + " AND d.refobjid = to_regclass('\"my.app\".\"Orders\"') AND a.attname = 'Id'",
								0))),
				new Case(new SetSequenceOwner("public", "Orders_id_seq", null,
						new SequenceOwner("public", "t", "id")), Phase.ATTACH_BEHAVIOUR, false,
						List.of(new Step(Risk.LOW, "ALTER SEQUENCE \"public\".\"Orders_id_seq\" OWNED BY NONE;",
								Rollback.sql("ALTER SEQUENCE \"public\".\"Orders_id_seq\" OWNED BY \"public\".\"t\""
										+ ".\"id\";"),
								OWNED, 1))),
				new Case(new DropSequence("public", "Orders_id_seq", SEQUENCE), Phase.DROP_RELATIONS, true,
						List.of(new Step(Risk.HIGH, "DROP SEQUENCE IF EXISTS \"public\".\"Orders_id_seq\";",
								Rollback.sql("CREATE SEQUENCE IF NOT EXISTS \"public\".\"Orders_id_seq\" AS integer "
										+ "INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1 NO "
										+ "CYCLE;"),
								Probes.relation("public", "Orders_id_seq"), 1))));
	}

	private static String domainConstraintProbe(String name) {
		return "SELECT count(*) FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_type t ON t.oid = c.contypid JOIN "
				+ "pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typname = "
				+ "'Qty' AND c.conname = " + SqlIdentifiers.literal(name);
	}

	static Stream<Case> each() {
		return cases().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("each")
	void rendersExactly(Case c) {
		List<Draft> drafts = ChangeRenderer.render(c.change());
		assertThat(drafts.stream()
			.map(d -> new Step(d.risk(), d.sql(), d.rollback(), d.precondition(), d.expected()))
			.toList()).containsExactlyElementsOf(c.steps());
		assertThat(drafts).allSatisfy(d -> {
			assertThat(d.transactional()).isTrue();
			assertThat(d.runAlways()).isFalse();
			assertThat(d.precondition()).startsWith("SELECT count(*) ").doesNotContain("\n");
			assertThat(d.sql()).endsWith(";");
			assertThat(d.description()).isNotBlank();
		});
		assertThat(c.change().phase()).isEqualTo(c.phase());
		assertThat(c.change().destructive()).isEqualTo(c.destructive());
		// destructive changes are HIGH, and only they are
		assertThat(drafts.stream().anyMatch(d -> d.risk() == Risk.HIGH)).isEqualTo(c.destructive());
	}

	@Test
	void everyRecordIsCoveredAndRoundTripsThroughEvidence() {
		List<SchemaChange> all = cases().stream().map(c -> (SchemaChange) c.change()).toList();
		assertThat(all.stream().map(c -> c.getClass()).distinct().count())
			.isEqualTo(ChangeRecords.of(NamespaceChange.class).size());
		List<Map<String, Object>> evidence = Changes.toEvidence(all);
		assertThat(evidence.get(0)).containsEntry("change", "CreateSchema").containsEntry("name", S);
		List<SchemaChange> back = Changes.fromEvidence(Map.of(Changes.EVIDENCE_KEY, evidence));
		assertThat(back).isEqualTo(all);
	}

	@Test
	void summariesReadAsSql() {
		assertThat(new AlterSequence("public", "s", new SequenceOptions(null, 5L, null, null, null, null, false),
				new SequenceOptions(null, 1L, null, null, null, null, true)).summary())
			.isEqualTo("Alter sequence public.s INCREMENT BY 5 NO CYCLE");
		assertThat(new AddEnumValue("public", "e", "b", "a", false, false).summary())
			.isEqualTo("Add value 'b' to enum public.e after 'a'");
		assertThat(new SetSequenceOwner("public", "s", null, null).summary())
			.isEqualTo("Set sequence public.s OWNED BY NONE");
	}

	@Test
	void runOrderSchemasExtensionsCollationsTypesThenSequencesAndEnumValuesChained() {
		AddEnumValue a = new AddEnumValue("public", "e", "a", "b", true, true);
		AddEnumValue b = new AddEnumValue("public", "e", "b", "c", true, false);
		AddEnumValue x = new AddEnumValue("public", "e", "x", "c", false, false);
		AddEnumValue y = new AddEnumValue("public", "e", "y", "x", false, true);
		CreateCompositeType outer = new CreateCompositeType("public", "a_outer",
				List.of(new Attribute("q", "public.\"Qty\"", null)), List.of("type:public.Qty"));
		List<SchemaChange> sorted = ChangeOrder.sort(List.of(y, SEQUENCE, outer, a, DOMAIN, x, ICU, b,
				new CreateExtension("x", "public", null), new CreateSchema("zz")));
		assertThat(sorted).containsExactly(new CreateSchema("zz"), new CreateExtension("x", "public", null), ICU,
				DOMAIN, outer, x, y, b, a, SEQUENCE);
	}
}

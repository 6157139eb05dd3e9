package dev.tidemark.remediation.internal;

import static dev.tidemark.common.SqlIdentifiers.quote;
import static dev.tidemark.common.SqlIdentifiers.literal;
import static dev.tidemark.common.SqlIdentifiers.qualified;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.tidemark.checks.change.NamespaceChange;
import dev.tidemark.checks.change.NamespaceChange.AddAttribute;
import dev.tidemark.checks.change.NamespaceChange.AddDomainConstraint;
import dev.tidemark.checks.change.NamespaceChange.AddEnumValue;
import dev.tidemark.checks.change.NamespaceChange.AlterAttributeType;
import dev.tidemark.checks.change.NamespaceChange.AlterSequence;
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
import dev.tidemark.checks.change.NamespaceChange.WidenSequence;
import dev.tidemark.checks.change.NamespaceChange.SetDomainDefault;
import dev.tidemark.checks.change.NamespaceChange.SetDomainNotNull;
import dev.tidemark.checks.change.NamespaceChange.SetExtensionSchema;
import dev.tidemark.checks.change.NamespaceChange.SetSequenceOwner;
import dev.tidemark.checks.change.NamespaceChange.UpdateExtension;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.inspection.model.TypeInfo;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;
import org.jspecify.annotations.Nullable;

/**
 * Changesets for {@link NamespaceChange}s. Type names (base types, attribute types, subtypes), collations,
 * defaults and CHECK definitions are the catalog's own SQL text ({@code format_type}, {@code pg_get_expr},
 * {@code pg_get_constraintdef} read with {@code search_path = pg_catalog}, so schema-qualified and quoted where
 * needed) and go in as they are; every name Tidemark puts together is quoted through {@link Sql}.
 */
final class NamespaceRenderer {

	private NamespaceRenderer() {
	}

	static List<Draft> render(NamespaceChange change) {
		return switch (change) {
			case CreateSchema c -> createSchema(c);
			case DropSchema c -> dropSchema(c);
			case CreateExtension c -> createExtension(c);
			case DropExtension c -> dropExtension(c);
			case UpdateExtension c -> updateExtension(c);
			case SetExtensionSchema c -> setExtensionSchema(c);
			case CreateCollation c -> createCollation(c);
			case DropCollation c -> dropCollation(c);
			case CreateEnum c -> createEnum(c);
			case AddEnumValue c -> addEnumValue(c);
			case CreateDomain c -> createDomain(c);
			case SetDomainDefault c -> setDomainDefault(c);
			case SetDomainNotNull c -> setDomainNotNull(c);
			case AddDomainConstraint c -> addDomainConstraint(c);
			case DropDomainConstraint c -> dropDomainConstraint(c);
			case CreateCompositeType c -> createComposite(c);
			case AddAttribute c -> addAttribute(c);
			case DropAttribute c -> dropAttribute(c);
			case AlterAttributeType c -> alterAttribute(c);
			case CreateRangeType c -> createRange(c);
			case DropType c -> dropType(c);
			case CreateSequence c -> createSequence(c);
			case AlterSequence c -> alterSequence(c);
			case SetSequenceOwner c -> setSequenceOwner(c);
			case DropSequence c -> dropSequence(c);
			case WidenSequence c -> widenSequence(c);
		};
	}

	/**
	 * A smallint or integer sequence feeding a column that holds every bigint: widening it is catalog-only. Guarded
	 * by the type and bounds the scan saw: the rollback puts exactly those back.
	 */
	private static List<Draft> widenSequence(WidenSequence c) {
		String seq = qualified(c.schema(), c.name());
		String widen = c.ascending() ? " MAXVALUE " + Long.MAX_VALUE : " MINVALUE " + Long.MIN_VALUE;
		String precondition = "SELECT count(*) FROM pg_catalog.pg_sequence WHERE seqrelid = "
				+ Sql.regclass(c.schema(), c.name()) + " AND seqtypid = " + literal(c.dataType())
				+ "::regtype AND seqmin = " + c.minValue() + " AND seqmax = " + c.maxValue();
		return one("Widen sequence " + c.object() + " from " + c.dataType() + " to bigint, "
				+ (c.ascending() ? "MAXVALUE " + c.maxValue() + " becomes " + Long.MAX_VALUE
						: "MINVALUE " + c.minValue() + " becomes " + Long.MIN_VALUE)
				+ " (catalog-only: the " + c.columnType() + " column " + c.column() + " already holds every value; "
				+ "rolling back fails once a value no longer fits " + c.dataType() + ")", Risk.MEDIUM,
				"ALTER SEQUENCE " + seq + " AS bigint" + widen + ";",
				Rollback.sql("ALTER SEQUENCE " + seq + " AS " + c.dataType() + " MINVALUE " + c.minValue()
						+ " MAXVALUE " + c.maxValue() + ";"),
				precondition, 1);
	}

	private static List<Draft> one(String description, Risk risk, String sql, Rollback rollback,
			String precondition, int expected) {
		return List.of(new Draft(description, risk, true, sql, rollback, precondition, expected));
	}

	// ------------------------------------------------------------------ probes

	static String schemaProbe(String name) {
		return "SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = " + literal(name);
	}

	static String extensionInSchemaProbe(String name, String schema) {
		return "SELECT count(*) FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = "
				+ "e.extnamespace WHERE e.extname = " + literal(name) + " AND n.nspname = " + literal(schema);
	}

	static String collationProbe(String schema, String name) {
		return "SELECT count(*) FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = "
				+ "c.collnamespace WHERE n.nspname = " + literal(schema) + " AND c.collname = " + literal(name);
	}

	static String typeProbe(String schema, String name) {
		return "SELECT count(*) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
				+ " WHERE n.nspname = " + literal(schema) + " AND t.typname = " + literal(name);
	}

	static String enumValueProbe(String schema, String name, String value) {
		return "SELECT count(*) FROM pg_catalog.pg_enum e JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid JOIN "
				+ "pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = " + literal(schema)
				+ " AND t.typname = " + literal(name) + " AND e.enumlabel = " + literal(value);
	}

	static String domainConstraintProbe(String schema, String name, String constraint) {
		return "SELECT count(*) FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_type t ON t.oid = c.contypid JOIN "
				+ "pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = " + literal(schema)
				+ " AND t.typname = " + literal(name) + " AND c.conname = " + literal(constraint);
	}

	static String attributeProbe(String schema, String name, String attribute) {
		return "SELECT count(*) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.typrelid = a.attrelid"
				+ " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = " + literal(schema)
				+ " AND t.typname = " + literal(name) + " AND a.attname = " + literal(attribute)
				+ " AND a.attnum > 0 AND NOT a.attisdropped";
	}

	/** The sequence's owning columns ({@code OWNED BY}, dependency type 'a'). */
	static String ownedProbe(String schema, String name) {
		return "SELECT count(*) FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attribute a ON a.attrelid = "
				+ "d.refobjid AND a.attnum = d.refobjsubid WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass"
				+ " AND d.objid = " + Sql.regclass(schema, name) + " AND d.refclassid = "
				+ "'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype = 'a'";
	}

	// ------------------------------------------------------------------ schemas

	private static List<Draft> createSchema(CreateSchema c) {
		return one("Create schema " + c.name(), Risk.LOW, "CREATE SCHEMA IF NOT EXISTS " + quote(c.name()) + ";",
				Rollback.sql("DROP SCHEMA IF EXISTS " + quote(c.name()) + ";"), schemaProbe(c.name()), 0);
	}

	private static List<Draft> dropSchema(DropSchema c) {
		return one("Drop schema " + c.name() + " (no CASCADE: fails if it still holds anything; what it held is "
				+ "dropped by earlier steps)", Risk.HIGH, "DROP SCHEMA IF EXISTS " + quote(c.name()) + ";",
				Rollback.sql("CREATE SCHEMA IF NOT EXISTS " + quote(c.name()) + ";"), schemaProbe(c.name()), 1);
	}

	// ------------------------------------------------------------------ extensions

	private static String createExtensionSql(String name, @Nullable String schema, @Nullable String version) {
		return "CREATE EXTENSION IF NOT EXISTS " + quote(name) + (schema == null ? "" : " WITH SCHEMA " + quote(schema))
				+ (version == null ? "" : " VERSION " + literal(version)) + ";";
	}

	private static List<Draft> createExtension(CreateExtension c) {
		return one(c.summary(), Risk.LOW, createExtensionSql(c.name(), c.schema(), c.version()),
				Rollback.sql("DROP EXTENSION IF EXISTS " + quote(c.name()) + ";"), Probes.extension(c.name()), 0);
	}

	private static List<Draft> dropExtension(DropExtension c) {
		return one("Drop extension " + c.name() + " (no CASCADE: fails while objects outside it depend on it; "
				+ "rolling back installs it again, without data its tables held)", Risk.HIGH,
				"DROP EXTENSION IF EXISTS " + quote(c.name()) + ";",
				Rollback.sql(createExtensionSql(c.name(), c.schema(), c.version())), Probes.extension(c.name()), 1);
	}

	private static List<Draft> updateExtension(UpdateExtension c) {
		return one(c.summary() + " (runs the extension's update scripts)", Risk.MEDIUM,
				"ALTER EXTENSION " + quote(c.name()) + " UPDATE TO " + literal(c.toVersion()) + ";",
				Rollback.none("extensions rarely ship a downgrade script; going back to " + c.fromVersion()
						+ " means reinstalling it by hand"),
				Probes.extensionVersion(c.name(), c.fromVersion()), 1);
	}

	private static List<Draft> setExtensionSchema(SetExtensionSchema c) {
		return one(c.summary() + " (catalog-only; fails for an extension that is not relocatable)", Risk.MEDIUM,
				"ALTER EXTENSION " + quote(c.name()) + " SET SCHEMA " + quote(c.toSchema()) + ";",
				Rollback.sql("ALTER EXTENSION " + quote(c.name()) + " SET SCHEMA " + quote(c.fromSchema()) + ";"),
				extensionInSchemaProbe(c.name(), c.fromSchema()), 1);
	}

	// ------------------------------------------------------------------ collations

	static String createCollationSql(CreateCollation c) {
		String options = "icu".equals(c.provider())
				? "provider = icu, locale = " + literal(String.valueOf(c.locale())) + ", deterministic = "
						+ c.deterministic()
				: "provider = libc, lc_collate = " + literal(String.valueOf(c.lcCollate())) + ", lc_ctype = "
						+ literal(String.valueOf(c.lcCtype()));
		return "CREATE COLLATION IF NOT EXISTS " + qualified(c.schema(), c.name()) + " (" + options + ");";
	}

	private static List<Draft> createCollation(CreateCollation c) {
		return one(c.summary(), Risk.LOW, createCollationSql(c),
				Rollback.sql("DROP COLLATION IF EXISTS " + qualified(c.schema(), c.name()) + ";"),
				collationProbe(c.schema(), c.name()), 0);
	}

	private static List<Draft> dropCollation(DropCollation c) {
		return one(c.summary() + " (no CASCADE: fails while a column or index uses it)", Risk.HIGH,
				"DROP COLLATION IF EXISTS " + qualified(c.schema(), c.name()) + ";",
				Rollback.sql(createCollationSql(c.definition())), collationProbe(c.schema(), c.name()), 1);
	}

	// ------------------------------------------------------------------ types

	private static String type(NamespaceChange.TypeChange c) {
		return qualified(c.schema(), c.name());
	}

	private static Rollback dropTypeRollback(NamespaceChange.TypeChange c, String keyword) {
		return Rollback.sql("DROP " + keyword + " IF EXISTS " + type(c) + ";");
	}

	private static List<Draft> createEnum(CreateEnum c) {
		String values = c.values().stream().map(SqlIdentifiers::literal).collect(Collectors.joining(", "));
		return one(c.summary(), Risk.LOW, "CREATE TYPE " + type(c) + " AS ENUM (" + values + ");",
				dropTypeRollback(c, "TYPE"), typeProbe(c.schema(), c.name()), 0);
	}

	private static List<Draft> addEnumValue(AddEnumValue c) {
		String place = c.neighbour() == null ? "" : (c.before() ? " BEFORE " : " AFTER ") + literal(c.neighbour());
		// no neighbour only when the target's enum has no value at all: appending is the one placement there is
		String lint = c.neighbour() == null ? "-- squawk-ignore require-enum-value-ordering\n" : "";
		return one(c.summary() + " (catalog-only)", Risk.LOW,
				lint + "ALTER TYPE " + type(c) + " ADD VALUE IF NOT EXISTS " + literal(c.value()) + place + ";",
				Rollback.none("PostgreSQL cannot remove an enum value; recreate the type by hand to undo it"),
				enumValueProbe(c.schema(), c.name(), c.value()), 0);
	}

	private static String check(DomainConstraint k) {
		return "CONSTRAINT " + quote(k.name()) + " " + k.definition();
	}

	static String createDomainSql(CreateDomain c) {
		StringBuilder sql = new StringBuilder();
		if (!c.constraints().isEmpty()) {
			// the reference's own constraints; a new domain has no column to scan, so nothing waits on them
			sql.append("-- squawk-ignore ban-create-domain-with-constraint\n");
		}
		sql.append("CREATE DOMAIN ").append(type(c)).append(" AS ").append(c.baseType());
		if (c.collation() != null) {
			sql.append(" COLLATE ").append(c.collation());
		}
		if (c.defaultExpression() != null) {
			sql.append(" DEFAULT ").append(c.defaultExpression());
		}
		if (c.notNull()) {
			sql.append(" NOT NULL");
		}
		for (DomainConstraint k : c.constraints()) {
			sql.append(' ').append(check(k));
		}
		return sql.append(';').toString();
	}

	private static List<Draft> createDomain(CreateDomain c) {
		return one(c.summary(), Risk.LOW, createDomainSql(c), dropTypeRollback(c, "DOMAIN"),
				typeProbe(c.schema(), c.name()), 0);
	}

	private static List<Draft> setDomainDefault(SetDomainDefault c) {
		String alter = "ALTER DOMAIN " + type(c);
		// still different from the wanted default: a text form the server prints differently only repeats the SET
		String probe = "SELECT count(*) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = "
				+ "t.typnamespace WHERE n.nspname = " + literal(c.schema()) + " AND t.typname = " + literal(c.name())
				+ (c.defaultExpression() == null ? " AND t.typdefaultbin IS NOT NULL"
						: " AND pg_catalog.pg_get_expr(t.typdefaultbin, 0) IS DISTINCT FROM "
								+ literal(c.defaultExpression()));
		return one(c.summary() + " (catalog-only; existing values are kept)", Risk.MEDIUM,
				alter + (c.defaultExpression() == null ? " DROP DEFAULT;" : " SET DEFAULT " + c.defaultExpression() + ";"),
				Rollback.sql(alter + (c.previous() == null ? " DROP DEFAULT;" : " SET DEFAULT " + c.previous() + ";")),
				probe, 1);
	}

	private static List<Draft> setDomainNotNull(SetDomainNotNull c) {
		String alter = "ALTER DOMAIN " + type(c);
		String probe = "SELECT count(*) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = "
				+ "t.typnamespace WHERE n.nspname = " + literal(c.schema()) + " AND t.typname = " + literal(c.name())
				+ (c.notNull() ? " AND NOT t.typnotnull" : " AND t.typnotnull");
		return one(c.summary() + (c.notNull() ? " (scans every column of the domain; fails while one holds NULL)"
				: " (catalog-only)"), Risk.MEDIUM, alter + (c.notNull() ? " SET NOT NULL;" : " DROP NOT NULL;"),
				Rollback.sql(alter + (c.notNull() ? " DROP NOT NULL;" : " SET NOT NULL;")), probe, 1);
	}

	private static List<Draft> addDomainConstraint(AddDomainConstraint c) {
		DomainConstraint k = c.constraint();
		String alter = "ALTER DOMAIN " + type(c);
		String probe = domainConstraintProbe(c.schema(), c.name(), k.name());
		List<Draft> drafts = new ArrayList<>();
		drafts.add(new Draft("Add constraint " + k.name() + " to domain " + c.object()
				+ " NOT VALID (no scan; new values are checked)", Risk.LOW, true,
				// NOT VALID: existing values are checked by the VALIDATE step, not under this lock
				"-- squawk-ignore ban-alter-domain-with-add-constraint\n" + alter + " ADD " + check(k) + " NOT VALID;",
				Rollback.sql(alter + " DROP CONSTRAINT IF EXISTS " + quote(k.name()) + ";"), probe, 0));
		drafts.add(new Draft("Validate constraint " + k.name() + " of domain " + c.object()
				+ " (scans every column of the domain; fails while a value breaks it)", Risk.MEDIUM, true,
				alter + " VALIDATE CONSTRAINT " + quote(k.name()) + ";",
				Rollback.nothingToUndo("validating changes no data and no definition"),
				probe + " AND NOT c.convalidated", 1));
		return drafts;
	}

	private static List<Draft> dropDomainConstraint(DropDomainConstraint c) {
		DomainConstraint k = c.constraint();
		String alter = "ALTER DOMAIN " + type(c);
		return one(c.summary() + " (catalog-only)", Risk.HIGH,
				alter + " DROP CONSTRAINT IF EXISTS " + quote(k.name()) + ";",
				Rollback.sql(alter + " ADD " + check(k) + " NOT VALID;"),
				domainConstraintProbe(c.schema(), c.name(), k.name()), 1);
	}

	private static String attribute(TypeInfo.Attribute a) {
		return quote(a.name()) + " " + a.type() + (a.collation() == null ? "" : " COLLATE " + a.collation());
	}

	static String createCompositeSql(CreateCompositeType c) {
		return "CREATE TYPE " + type(c) + " AS ("
				+ c.attributes().stream().map(NamespaceRenderer::attribute).collect(Collectors.joining(", ")) + ");";
	}

	private static List<Draft> createComposite(CreateCompositeType c) {
		return one(c.summary(), Risk.LOW, createCompositeSql(c), dropTypeRollback(c, "TYPE"),
				typeProbe(c.schema(), c.name()), 0);
	}

	private static List<Draft> addAttribute(AddAttribute c) {
		String alter = "ALTER TYPE " + type(c);
		return one(c.summary() + " (catalog-only; fails if a typed table uses the type)", Risk.LOW,
				alter + " ADD ATTRIBUTE " + attribute(c.attribute()) + ";",
				Rollback.sql(alter + " DROP ATTRIBUTE IF EXISTS " + quote(c.attribute().name()) + ";"),
				attributeProbe(c.schema(), c.name(), c.attribute().name()), 0);
	}

	private static List<Draft> dropAttribute(DropAttribute c) {
		String alter = "ALTER TYPE " + type(c);
		return one(c.summary() + " (values stored in it are lost; rolling back adds it back empty)", Risk.HIGH,
				alter + " DROP ATTRIBUTE IF EXISTS " + quote(c.attribute().name()) + ";",
				Rollback.sql(alter + " ADD ATTRIBUTE " + attribute(c.attribute()) + ";"),
				attributeProbe(c.schema(), c.name(), c.attribute().name()), 1);
	}

	private static List<Draft> alterAttribute(AlterAttributeType c) {
		String alter = "ALTER TYPE " + type(c) + " ALTER ATTRIBUTE " + quote(c.attribute().name()) + " SET DATA TYPE ";
		TypeInfo.Attribute want = c.attribute();
		TypeInfo.Attribute was = c.previous();
		// still not the wanted type: a type the server prints differently only repeats the ALTER
		String probe = attributeProbe(c.schema(), c.name(), want.name())
				+ " AND pg_catalog.format_type(a.atttypid, a.atttypmod) IS DISTINCT FROM " + literal(want.type());
		if (!java.util.Objects.equals(want.collation(), was.collation())) {
			probe = attributeProbe(c.schema(), c.name(), want.name());
		}
		return one(c.summary() + " (fails while a table column uses the type)", Risk.MEDIUM,
				alter + want.type() + (want.collation() == null ? "" : " COLLATE " + want.collation()) + ";",
				Rollback.sql(alter + was.type() + (was.collation() == null ? "" : " COLLATE " + was.collation()) + ";"),
				probe, 1);
	}

	static String createRangeSql(CreateRangeType c) {
		return "CREATE TYPE " + type(c) + " AS RANGE (subtype = " + c.subtype()
				+ (c.collation() == null ? "" : ", collation = " + c.collation())
				// regproc's own text: schema-qualified and quoted as needed
				+ (c.subtypeDiff() == null ? "" : ", subtype_diff = " + c.subtypeDiff()) + ");";
	}

	private static List<Draft> createRange(CreateRangeType c) {
		return one(c.summary(), Risk.LOW, createRangeSql(c), dropTypeRollback(c, "TYPE"),
				typeProbe(c.schema(), c.name()), 0);
	}

	private static List<Draft> dropType(DropType c) {
		String keyword = c.typeKind() == TypeInfo.Kind.DOMAIN ? "DOMAIN" : "TYPE";
		Rollback rollback = c.definition() == null ? Rollback.none("the type's definition was not kept")
				: Rollback.sql(withoutComments(render(c.definition()).get(0).sql()));
		return one(c.summary() + " (no CASCADE: fails while anything uses it)", Risk.HIGH,
				"DROP " + keyword + " IF EXISTS " + type(c) + ";", rollback, typeProbe(c.schema(), c.name()), 1);
	}

	/** A rollback is written on one line: a lint comment there would swallow the statement. */
	private static String withoutComments(String sql) {
		return sql.lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n"));
	}

	// ------------------------------------------------------------------ sequences

	private static String sequence(NamespaceChange.SequenceChange c) {
		return qualified(c.schema(), c.name());
	}

	static String createSequenceSql(CreateSequence c) {
		return "CREATE SEQUENCE IF NOT EXISTS " + sequence(c) + " AS " + c.dataType() + " INCREMENT BY "
				+ c.increment() + " MINVALUE " + c.minValue() + " MAXVALUE " + c.maxValue()
				+ (c.startValue() == null ? "" : " START WITH " + c.startValue())
				+ (c.cache() == null ? "" : " CACHE " + c.cache()) + (c.cycle() ? " CYCLE" : " NO CYCLE") + ";";
	}

	private static List<Draft> createSequence(CreateSequence c) {
		return one(c.summary(), Risk.LOW, createSequenceSql(c),
				Rollback.sql("DROP SEQUENCE IF EXISTS " + sequence(c) + ";"), Probes.relation(c.schema(), c.name()),
				0);
	}

	static String options(SequenceOptions o) {
		return o.clauses();
	}

	/** The catalog test that the sequence already has every wanted option. */
	private static String holds(SequenceOptions o) {
		List<String> tests = new ArrayList<>();
		if (o.dataType() != null) {
			tests.add("s.seqtypid = " + literal(o.dataType()) + "::pg_catalog.regtype");
		}
		if (o.increment() != null) {
			tests.add("s.seqincrement = " + o.increment());
		}
		if (o.minValue() != null) {
			tests.add("s.seqmin = " + o.minValue());
		}
		if (o.maxValue() != null) {
			tests.add("s.seqmax = " + o.maxValue());
		}
		if (o.startValue() != null) {
			tests.add("s.seqstart = " + o.startValue());
		}
		if (o.cache() != null) {
			tests.add("s.seqcache = " + o.cache());
		}
		if (o.cycle() != null) {
			tests.add(o.cycle() ? "s.seqcycle" : "NOT s.seqcycle");
		}
		return tests.isEmpty() ? "TRUE" : String.join(" AND ", tests);
	}

	private static List<Draft> alterSequence(AlterSequence c) {
		String alter = "ALTER SEQUENCE " + sequence(c);
		String probe = "SELECT count(*) FROM pg_catalog.pg_sequence s WHERE s.seqrelid = "
				+ Sql.regclass(c.schema(), c.name()) + " AND NOT (" + holds(c.options()) + ")";
		Draft plain = new Draft("Alter sequence " + c.object() + options(c.options())
				+ " (catalog-only; the current value is kept)", Risk.LOW, true, alter + options(c.options()) + ";",
				Rollback.sql(alter + options(c.previous()) + ";"), probe, 1);
		if (c.restart() == null) {
			return List.of(plain);
		}
		// PostgreSQL refuses bounds that leave the current value outside: then it restarts inside them, at the
		// bound. Decided and done in one transaction holding SHARE ROW EXCLUSIVE on the sequence (taken by a no-op
		// ALTER SEQUENCE: LOCK TABLE refuses sequences), which nextval's ROW EXCLUSIVE waits for, so no value is
		// handed out between the reading and the restart
		long at = c.restart().value();
		String seq = sequence(c);
		// the block as a string constant: Liquibase's splitter cuts dollar quotes at their first ;
		String block = "DECLARE handed_out bigint; BEGIN\n"
				+ "\tEXECUTE 'ALTER SEQUENCE ' || " + literal(seq) + " || ' INCREMENT BY ' || (SELECT s.seqincrement FROM "
				+ "pg_catalog.pg_sequence s WHERE s.seqrelid = " + Sql.regclass(c.schema(), c.name()) + ");\n"
				+ "\tSELECT v.last_value INTO handed_out FROM " + seq + " v;\n"
				+ "\tIF handed_out " + (c.restart().ascending() ? "< " : "> ") + at + " THEN\n"
				+ "\t\t" + alter + options(c.options()) + " RESTART WITH " + at + ";\n"
				+ "\tELSE\n\t\t" + alter + options(c.options()) + ";\n\tEND IF;\nEND";
		String sql = "DO " + RoutineRenderer.stringConstant(block) + ";";
		return List.of(new Draft("Alter sequence " + c.object() + options(c.options()) + ", restarting it at " + at
				+ " if its current value is then " + (c.restart().ascending() ? "below" : "above") + " the new bound "
				+ "(every value it handed out lies on the other side, so none comes again; nextval waits for this brief "
				+ "step; rolling back keeps the new position)", Risk.LOW, true, sql,
				Rollback.sql(alter + options(c.previous()) + ";"), probe, 1));
	}

	private static String ownedBy(@Nullable SequenceOwner o) {
		return o == null ? "NONE" : qualified(o.schema(), o.table()) + "." + quote(o.column());
	}

	private static List<Draft> setSequenceOwner(SetSequenceOwner c) {
		String alter = "ALTER SEQUENCE " + sequence(c) + " OWNED BY ";
		SequenceOwner o = c.owner();
		// runs while the wanted owner is not yet the owner (NONE: while it has any)
		String probe = o == null ? ownedProbe(c.schema(), c.name())
				: ownedProbe(c.schema(), c.name()) + " AND d.refobjid = " + Sql.regclass(o.schema(), o.table())
						+ " AND a.attname = " + literal(o.column());
		String description = o == null
				? "Make sequence " + c.object() + " owned by no column (it no longer goes when its column is dropped)"
				: "Make sequence " + c.object() + " owned by " + o + " (dropped with that column)";
		return one(description, Risk.LOW, alter + ownedBy(o) + ";", Rollback.sql(alter + ownedBy(c.previous()) + ";"),
				probe, o == null ? 1 : 0);
	}

	private static List<Draft> dropSequence(DropSequence c) {
		return one(c.summary() + " (no CASCADE: fails while a default uses it; rolling back creates it afresh, "
				+ "from its start value)", Risk.HIGH, "DROP SEQUENCE IF EXISTS " + sequence(c) + ";",
				Rollback.sql(createSequenceSql(c.definition())), Probes.relation(c.schema(), c.name()), 1);
	}
}

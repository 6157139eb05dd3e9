package dev.tidemark.checks.change;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.tidemark.checks.change.Difference.Presence;
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
import dev.tidemark.checks.change.NamespaceChange.SetDomainDefault;
import dev.tidemark.checks.change.NamespaceChange.SetDomainNotNull;
import dev.tidemark.checks.change.NamespaceChange.SetExtensionSchema;
import dev.tidemark.checks.change.NamespaceChange.SetSequenceOwner;
import dev.tidemark.checks.change.NamespaceChange.UpdateExtension;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.CollationInfo;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.SchemaInfo;
import dev.tidemark.inspection.model.SequenceInfo;
import dev.tidemark.inspection.model.ServerInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TypeInfo;
import dev.tidemark.inspection.model.TypeInfo.Attribute;

import static org.assertj.core.api.Assertions.assertThat;

class NamespaceComparerTests {

	// hostile names: quotes, spaces, capitals, unicode, keywords
	private static final String S = "My \"Schema\"";

	private static final String U = "ünï cødé";

	/** A hand-built format-2 snapshot of the kinds this family reads. */
	static final class Snap {

		final List<SchemaInfo> schemas = new ArrayList<>(List.of(new SchemaInfo("public", "postgres")));

		final List<ExtensionInfo> extensions = new ArrayList<>(
				List.of(new ExtensionInfo("plpgsql", "pg_catalog", "1.0", "1.0")));

		final List<CollationInfo> collations = new ArrayList<>();

		final List<TypeInfo> types = new ArrayList<>();

		final List<SequenceInfo> sequences = new ArrayList<>();

		final List<TableInfo> tables = new ArrayList<>();

		Snap schema(String name) {
			schemas.add(new SchemaInfo(name, "owner"));
			return this;
		}

		Snap extension(String name, String schema, String installed) {
			extensions.add(new ExtensionInfo(name, schema, installed, "9.9"));
			return this;
		}

		Snap collation(CollationInfo c) {
			collations.add(c);
			return this;
		}

		Snap type(TypeInfo t) {
			types.add(t);
			return this;
		}

		Snap sequence(SequenceInfo s) {
			sequences.add(s);
			return this;
		}

		Snap table(String schema, String name) {
			tables.add(new TableInfo(schema, name, TableInfo.TableKind.TABLE, "permanent", "owner", null, List.of()));
			return this;
		}

		CatalogSnapshot build() {
			return new CatalogSnapshot(2, new ServerInfo("16.4", 160004, "db", new TreeMap<>()), schemas, extensions,
					tables, List.of(), List.of(), List.of(), sequences, List.of(), List.of(), List.of(),
					MigrationHistory.none(), null, types, collations, List.of(), List.of(), List.of());
		}
	}

	static TypeInfo enumType(String schema, String name, String... values) {
		return new TypeInfo(schema, name, TypeInfo.Kind.ENUM, List.of(values), null, null, false, List.of(),
				List.of(), null, null);
	}

	static TypeInfo domain(String schema, String name, String base, String dflt, boolean notNull,
			String... constraints) {
		return new TypeInfo(schema, name, TypeInfo.Kind.DOMAIN, List.of(), base, dflt, notNull, List.of(constraints),
				List.of(), null, null);
	}

	static TypeInfo composite(String schema, String name, Attribute... attributes) {
		return new TypeInfo(schema, name, TypeInfo.Kind.COMPOSITE, List.of(), null, null, false, List.of(),
				List.of(attributes), null, null);
	}

	static TypeInfo range(String schema, String name, String subtype) {
		return new TypeInfo(schema, name, TypeInfo.Kind.RANGE, List.of(), subtype, null, false, List.of(), List.of(),
				null, null);
	}

	static SequenceInfo sequence(String schema, String name, String type, long increment, long max, Long start,
			Long cache, boolean cycle, String ownedTable, String ownedColumn, boolean identity, Long lastValue) {
		return new SequenceInfo(schema, name, type, increment, 1, max, cycle, lastValue, ownedTable, ownedColumn,
				ownedColumn == null ? null : "bigint", BigDecimal.valueOf(max),
				lastValue == null ? null : BigDecimal.ONE, start, cache, identity);
	}

	static List<Difference> compare(Snap target, Snap reference) {
		return new NamespaceComparer().compare(target.build(), reference.build());
	}

	// ------------------------------------------------------------------ schemas

	@Test
	void missingAndExtraSchemasArePublicNeverIs() {
		List<Difference> d = compare(new Snap().schema("select"), new Snap().schema(S).schema(U));
		assertThat(d).containsExactlyInAnyOrder(
				Difference.missing("schema", S, List.of(), "schema " + S, List.of(new CreateSchema(S))),
				Difference.missing("schema", U, List.of(), "schema " + U, List.of(new CreateSchema(U))),
				Difference.extra("schema", "select", List.of(), "schema select", List.of(new DropSchema("select"))));
		assertThat(d.stream().filter(x -> x.presence() == Presence.EXTRA).findFirst().orElseThrow().changes().get(0)
			.destructive()).isTrue();
		assertThat(compare(new Snap().schema("app"), new Snap().schema("app"))).isEmpty();
	}

	// ------------------------------------------------------------------ extensions

	@Test
	void extensionsInstalledOnlyPlpgsqlSkipped() {
		Snap target = new Snap().extension("hstore", "public", "1.8");
		target.extensions.add(new ExtensionInfo("citext", "public", null, "1.6")); // available, not installed
		target.extensions.set(0, new ExtensionInfo("plpgsql", "pg_catalog", "1.0", "1.0"));
		Snap reference = new Snap().extension("Ext \"X\"", U, "1.2");
		reference.extensions.set(0, new ExtensionInfo("plpgsql", "pg_catalog", "0.9", "1.0")); // ignored anyway
		List<Difference> d = compare(target, reference);
		assertThat(d).containsExactlyInAnyOrder(
				Difference.missing("extension", "Ext \"X\"", List.of(), "extension Ext \"X\" version 1.2 in schema " + U,
						List.of(new CreateExtension("Ext \"X\"", U, "1.2"))),
				Difference.extra("extension", "hstore", List.of(), "extension hstore version 1.8 in schema public",
						List.of(new DropExtension("hstore", "public", "1.8"))));
	}

	@Test
	void extensionVersionAndSchemaMismatchDowngradeRefused() {
		List<Difference> d = compare(new Snap().extension("pgcrypto", "public", "1.2"),
				new Snap().extension("pgcrypto", "ext", "1.10"));
		assertThat(d).containsExactly(Difference.mismatch("extension", "pgcrypto", List.of(),
				"extension pgcrypto version 1.10 in schema ext", "extension pgcrypto version 1.2 in schema public",
				List.of(new UpdateExtension("pgcrypto", "1.2", "1.10"),
						new SetExtensionSchema("pgcrypto", "public", "ext"))));

		Difference down = compare(new Snap().extension("pgcrypto", "public", "1.3"),
				new Snap().extension("pgcrypto", "public", "1.2")).get(0);
		assertThat(down.presence()).isEqualTo(Presence.MISMATCH);
		assertThat(down.changes()).isEmpty();
		assertThat(down.refusal()).isNotNull();
		assertThat(down.refusal().reason()).contains("1.3").contains("downgrade");
	}

	@Test
	void versionsCompareNumberByNumber() {
		assertThat(NamespaceComparer.compareVersions("1.10", "1.9")).isPositive();
		assertThat(NamespaceComparer.compareVersions("2.5.3", "2.14.0")).isNegative();
		assertThat(NamespaceComparer.compareVersions("1.0", "1")).isZero();
		assertThat(NamespaceComparer.compareVersions("unpackaged", "1.2")).isZero();
	}

	// ------------------------------------------------------------------ collations

	@Test
	void collationsMissingExtraAndMismatchRefused() {
		CollationInfo icu = new CollationInfo(S, "Case Insensitive", "icu", "und-u-ks-level2", null, null, false);
		CollationInfo libc = new CollationInfo("public", "order", "libc", null, "C", "C", true);
		List<Difference> d = compare(new Snap().collation(libc), new Snap().collation(icu));
		assertThat(d).containsExactlyInAnyOrder(
				Difference.missing("collation", S + ".Case Insensitive", List.of("schema:" + S),
						"collation (provider = icu, locale = und-u-ks-level2, deterministic = false)",
						List.of(new CreateCollation(S, "Case Insensitive", "icu", "und-u-ks-level2", null, null,
								false))),
				Difference.extra("collation", "public.order", List.of("schema:public"),
						"collation (provider = libc, lc_collate = C, lc_ctype = C, deterministic = true)",
						List.of(new DropCollation("public", "order",
								new CreateCollation("public", "order", "libc", null, "C", "C", true)))));

		CollationInfo changed = new CollationInfo("public", "order", "libc", null, "en_US.utf8", "en_US.utf8", true);
		Difference m = compare(new Snap().collation(libc), new Snap().collation(changed)).get(0);
		assertThat(m.presence()).isEqualTo(Presence.MISMATCH);
		assertThat(m.changes()).isEmpty();
		assertThat(m.refusal().reason()).contains("cannot alter");
	}

	// ------------------------------------------------------------------ enums

	@Test
	void enumMissingCreates() {
		List<Difference> d = compare(new Snap(), new Snap().type(enumType(S, "Mood", "sad", "it's ok", "happy")));
		assertThat(d).containsExactly(Difference.missing("type", S + ".Mood", List.of("schema:" + S),
				"enum ('sad', 'it''s ok', 'happy')", List.of(new CreateEnum(S, "Mood", List.of("sad", "it's ok", "happy")))));
	}

	@Test
	void enumValuesAddedEachAnchoredOnANeighbour() {
		// leading run (a, b) goes in backwards before c; x after c; y, z chained after x; w appended after e
		Snap target = new Snap().type(enumType("public", "status", "c", "d", "e"));
		Snap reference = new Snap().type(enumType("public", "status", "a", "b", "c", "x", "d", "y", "z", "e", "w"));
		Difference d = compare(target, reference).get(0);
		assertThat(d.presence()).isEqualTo(Presence.MISMATCH);
		assertThat(d.changes()).containsExactly(new AddEnumValue("public", "status", "a", "b", true, true),
				new AddEnumValue("public", "status", "b", "c", true, false),
				new AddEnumValue("public", "status", "x", "c", false, false),
				new AddEnumValue("public", "status", "y", "d", false, false),
				new AddEnumValue("public", "status", "z", "y", false, true),
				new AddEnumValue("public", "status", "w", "e", false, false));
		assertThat(d.changes().get(0).requires()).containsExactly("type:public.status value b");
		assertThat(d.changes().get(1).requires()).isEmpty();

		Difference empty = compare(new Snap().type(enumType("public", "e")),
				new Snap().type(enumType("public", "e", "one", "two"))).get(0);
		assertThat(empty.changes()).containsExactly(new AddEnumValue("public", "e", "one", null, false, false),
				new AddEnumValue("public", "e", "two", "one", false, true));
	}

	@Test
	void enumValuesRemovedOrReorderedAreRefused() {
		Difference removed = compare(new Snap().type(enumType("public", "s", "a", "gone", "b")),
				new Snap().type(enumType("public", "s", "a", "b"))).get(0);
		assertThat(removed.changes()).isEmpty();
		assertThat(removed.refusal().reason()).startsWith("PostgreSQL cannot drop or reorder enum values").contains("gone");
		assertThat(removed.refusal().instead()).contains("new enum type");

		Difference reordered = compare(new Snap().type(enumType("public", "s", "b", "a")),
				new Snap().type(enumType("public", "s", "a", "b", "c"))).get(0);
		assertThat(reordered.changes()).isEmpty();
		assertThat(reordered.refusal().reason()).contains("another order");
	}

	// ------------------------------------------------------------------ domains

	@Test
	void domainMissingCreatesAfterTheTypeItIsBuiltOn() {
		TypeInfo mood = enumType(S, "Mood", "sad");
		TypeInfo dom = domain("public", "Positive Mood", "\"My \"\"Schema\"\"\".\"Mood\"", null, true,
				"not sad: CHECK ((VALUE <> 'sad'::\"My \"\"Schema\"\"\".\"Mood\")) NOT VALID");
		List<Difference> d = compare(new Snap().type(mood), new Snap().type(mood).type(dom));
		assertThat(d).containsExactly(Difference.missing("type", "public.Positive Mood", List.of("schema:public"),
				"domain \"My \"\"Schema\"\"\".\"Mood\" NOT NULL CONSTRAINT not sad CHECK ((VALUE <> 'sad'::\"My \"\"Schema\"\"\".\"Mood\"))",
				List.of(new CreateDomain("public", "Positive Mood", "\"My \"\"Schema\"\"\".\"Mood\"", null, null, true,
						List.of(new DomainConstraint("not sad",
								"CHECK ((VALUE <> 'sad'::\"My \"\"Schema\"\"\".\"Mood\"))")),
						List.of("type:" + S + ".Mood")))));
		assertThat(d.get(0).changes().get(0).requires()).containsExactly("type:" + S + ".Mood");
	}

	@Test
	void domainDefaultNotNullAndConstraintsAltered() {
		TypeInfo have = domain("public", "qty", "integer", "0", false, "positive: CHECK ((VALUE > 0))",
				"small: CHECK ((VALUE < 10))", "old: CHECK ((VALUE <> 5))");
		TypeInfo want = domain("public", "qty", "integer", null, true, "positive: CHECK ((VALUE > 0)) NOT VALID",
				"small: CHECK ((VALUE < 100))", "select: CHECK ((VALUE <> 7))");
		Difference d = compare(new Snap().type(have), new Snap().type(want)).get(0);
		assertThat(d.presence()).isEqualTo(Presence.MISMATCH);
		assertThat(d.changes()).containsExactly(new SetDomainDefault("public", "qty", null, "0"),
				new SetDomainNotNull("public", "qty", true),
				new DropDomainConstraint("public", "qty", new DomainConstraint("small", "CHECK ((VALUE < 10))")),
				new DropDomainConstraint("public", "qty", new DomainConstraint("old", "CHECK ((VALUE <> 5))")),
				new AddDomainConstraint("public", "qty", new DomainConstraint("small", "CHECK ((VALUE < 100))")),
				new AddDomainConstraint("public", "qty", new DomainConstraint("select", "CHECK ((VALUE <> 7))")));
	}

	@Test
	void domainNotNullListedAsAConstraintIsTheNotNullFlag() {
		TypeInfo pg17 = domain("public", "qty", "integer", null, true, "qty_not_null: NOT NULL",
				"positive: CHECK ((VALUE > 0))");
		TypeInfo plain = domain("public", "qty", "integer", null, true, "positive: CHECK ((VALUE > 0))");
		assertThat(compare(new Snap().type(plain), new Snap().type(pg17))).isEmpty();
		assertThat(((CreateDomain) compare(new Snap(), new Snap().type(pg17)).get(0).changes().get(0)).constraints())
			.containsExactly(new DomainConstraint("positive", "CHECK ((VALUE > 0))"));
	}

	@Test
	void domainBaseTypeChangeIsRefused() {
		Difference d = compare(new Snap().type(domain("public", "qty", "integer", null, false)),
				new Snap().type(domain("public", "qty", "bigint", null, false))).get(0);
		assertThat(d.changes()).isEmpty();
		assertThat(d.refusal().reason()).contains("base type");
	}

	// ------------------------------------------------------------------ composites and ranges

	@Test
	void compositeAttributesAddedDroppedAltered() {
		Attribute a = new Attribute("a", "integer", null);
		Attribute b = new Attribute("B b", "text", null);
		Attribute b2 = new Attribute("B b", "text", "\"C\"");
		Attribute c = new Attribute("c", "numeric(10,2)", null);
		Attribute d = new Attribute("select", "date", null);
		Difference diff = compare(new Snap().type(composite("public", "pair", a, b, c)),
				new Snap().type(composite("public", "pair", a, b2, d))).get(0);
		assertThat(diff.changes()).containsExactly(new AlterAttributeType("public", "pair", b2, b),
				new DropAttribute("public", "pair", c), new AddAttribute("public", "pair", d));
		assertThat(diff.changes().get(1).destructive()).isTrue();
		assertThat(diff.changes().get(2).destructive()).isFalse();

		// an attribute missing in the middle would be appended at the end: refused
		Difference order = compare(new Snap().type(composite("public", "pair", a, c)),
				new Snap().type(composite("public", "pair", a, b, c))).get(0);
		assertThat(order.changes()).isEmpty();
		assertThat(order.refusal().reason()).contains("reorder");
	}

	@Test
	void compositeAndRangeMissingCreatedRangeMismatchRefused() {
		TypeInfo inner = composite("public", "inner", new Attribute("x", "integer", null));
		TypeInfo outer = composite("public", "outer", new Attribute("i", "public.inner[]", null),
				new Attribute("t", "text", "\"C\""));
		TypeInfo span = range(U, "Span", "numeric");
		List<Difference> d = compare(new Snap(), new Snap().type(inner).type(outer).type(span));
		assertThat(d.stream().map(Difference::changes).toList()).containsExactly(
				List.of(new CreateCompositeType("public", "inner", inner.attributes(), List.of())),
				List.of(new CreateCompositeType("public", "outer", outer.attributes(), List.of("type:public.inner"))),
				List.of(new CreateRangeType(U, "Span", "numeric", null, List.of())));
		assertThat(d.get(2).parents()).containsExactly("schema:" + U);

		Difference m = compare(new Snap().type(range("public", "r", "integer")),
				new Snap().type(range("public", "r", "bigint"))).get(0);
		assertThat(m.changes()).isEmpty();
		assertThat(m.refusal()).isNotNull();
	}

	@Test
	void extraTypesDroppedKindChangeRefused() {
		TypeInfo e = enumType(S, "Mood", "a");
		TypeInfo dom = domain("public", "qty", "integer", null, false);
		List<Difference> d = compare(new Snap().type(e).type(dom), new Snap());
		assertThat(d).containsExactly(
				Difference.extra("type", S + ".Mood", List.of("schema:" + S), "enum ('a')",
						List.of(new DropType(S, "Mood", TypeInfo.Kind.ENUM, new CreateEnum(S, "Mood", List.of("a"))))),
				Difference.extra("type", "public.qty", List.of("schema:public"), "domain integer",
						List.of(new DropType("public", "qty", TypeInfo.Kind.DOMAIN, new CreateDomain("public", "qty",
								"integer", null, null, false, List.of(), List.of())))));
		assertThat(d.get(0).changes().get(0).destructive()).isTrue();

		Difference kind = compare(new Snap().type(enumType("public", "t", "a")),
				new Snap().type(domain("public", "t", "text", null, false))).get(0);
		assertThat(kind.changes()).isEmpty();
		assertThat(kind.refusal().reason()).contains("a domain in the reference but an enum in the target");
	}

	// ------------------------------------------------------------------ sequences

	@Test
	void sequenceMissingOwnedCreatesThenOwnsIdentitySkipped() {
		SequenceInfo serial = sequence("my.app", "Orders_id_seq", "integer", 1, 2147483647, 1L, 1L, false,
				"my.app.Orders", "id", false, null);
		SequenceInfo identity = sequence("public", "t_id_seq", "bigint", 1, Long.MAX_VALUE, 1L, 1L, false,
				"public.t", "id", true, 5L);
		Snap reference = new Snap().schema("my.app").table("my.app", "Orders").sequence(serial).sequence(identity);
		List<Difference> d = compare(new Snap().schema("my.app"), reference);
		assertThat(d).containsExactly(Difference.missing("sequence", "my.app.Orders_id_seq",
				List.of("schema:my.app", "table:my.app.Orders"),
				"sequence AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1 NO CYCLE OWNED BY my.app.Orders.id",
				List.of(new CreateSequence("my.app", "Orders_id_seq", "integer", 1, 1, 2147483647, 1L, 1L, false),
						new SetSequenceOwner("my.app", "Orders_id_seq", new SequenceOwner("my.app", "Orders", "id"),
								null))));
	}

	@Test
	void sequenceOptionsThatDifferOnlyNeverItsUsage() {
		SequenceInfo have = sequence("public", "seq", "bigint", 1, 1000, 1L, 1L, false, "public.t", "id", false, 900L);
		SequenceInfo want = sequence("public", "seq", "bigint", 5, 1000, 1L, 20L, true, null, null, false, 3L);
		Difference d = compare(new Snap().table("public", "t").sequence(have), new Snap().sequence(want)).get(0);
		assertThat(d.parents()).containsExactly("schema:public", "table:public.t");
		assertThat(d.changes()).containsExactly(
				new AlterSequence("public", "seq", new SequenceOptions(null, 5L, null, null, null, 20L, true),
						new SequenceOptions(null, 1L, null, null, null, 1L, false)),
				new SetSequenceOwner("public", "seq", null, new SequenceOwner("public", "t", "id")));

		// last value, usage and column type are not definition
		SequenceInfo used = sequence("public", "seq", "bigint", 5, 1000, 1L, 20L, true, null, null, false, 999L);
		assertThat(compare(new Snap().sequence(used), new Snap().sequence(want))).isEmpty();
		// start and cache unread (format 1) are not compared
		SequenceInfo unread = sequence("public", "seq", "bigint", 5, 1000, null, null, true, null, null, false, 1L);
		assertThat(compare(new Snap().sequence(unread), new Snap().sequence(want))).isEmpty();
	}

	@Test
	void sequenceExtraDropped() {
		SequenceInfo s = sequence("public", "Stray Seq", "smallint", -1, 32767, 10L, 1L, true, null, null, false, 2L);
		assertThat(compare(new Snap().sequence(s), new Snap())).containsExactly(Difference.extra("sequence",
				"public.Stray Seq", List.of("schema:public"),
				"sequence AS smallint INCREMENT BY -1 MINVALUE 1 MAXVALUE 32767 START WITH 10 CACHE 1 CYCLE",
				List.of(new DropSequence("public", "Stray Seq",
						new CreateSequence("public", "Stray Seq", "smallint", -1, 1, 32767, 10L, 1L, true)))));
	}

	// ------------------------------------------------------------------ folding

	@Test
	void objectsOfAMissingSchemaFoldIntoItsCreation() {
		SequenceInfo s = sequence(U, "n", "bigint", 1, 99, 1L, 1L, false, null, null, false, null);
		Snap reference = new Snap().schema(U).type(enumType(U, "e", "a")).sequence(s);
		List<Difference> d = SchemaComparer.compare(new Snap().build(), reference.build());
		assertThat(d).hasSize(1);
		assertThat(d.get(0).identity()).isEqualTo("schema:" + U);
		// this hand-built reference lists no grants, so the access family also revokes the new type's default
		// USAGE from PUBLIC; only the namespace family's changes are this test's
		assertThat(d.get(0).changes().stream().filter(c -> c instanceof NamespaceChange).toList())
			.containsExactlyInAnyOrder(new CreateSchema(U),
				new CreateEnum(U, "e", List.of("a")), new CreateSequence(U, "n", "bigint", 1, 1, 99, 1L, 1L, false));
	}
}

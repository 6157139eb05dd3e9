package dev.tidemark.checks.change;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

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
import dev.tidemark.inspection.model.CatalogObject;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.CollationInfo;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.inspection.model.SchemaInfo;
import dev.tidemark.inspection.model.SequenceInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TypeInfo;
import org.jspecify.annotations.Nullable;

/**
 * Differences in the objects of {@link NamespaceChange}: schemas, installed extensions (not plpgsql), collations,
 * types (enum, domain, composite, range) and sequences that belong to no identity column.
 */
final class NamespaceComparer implements FamilyComparer {

	@Override
	public List<Difference> compare(CatalogSnapshot target, CatalogSnapshot reference) {
		List<Difference> out = new ArrayList<>();
		schemas(target, reference, out);
		extensions(target, reference, out);
		collations(target, reference, out);
		types(target, reference, out);
		sequences(target, reference, out);
		return out;
	}

	private static <T extends CatalogObject> Map<String, T> byKey(List<T> objects) {
		return objects.stream()
			.collect(Collectors.toMap(CatalogObject::key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
	}

	private static Set<String> keys(Map<String, ?> a, Map<String, ?> b) {
		Set<String> all = new java.util.TreeSet<>(a.keySet());
		all.addAll(b.keySet());
		return all;
	}

	private static List<String> inSchema(String schema) {
		return List.of("schema:" + schema);
	}

	// ------------------------------------------------------------------ schemas

	private static void schemas(CatalogSnapshot target, CatalogSnapshot reference, List<Difference> out) {
		Map<String, SchemaInfo> t = byKey(target.schemas());
		Map<String, SchemaInfo> r = byKey(reference.schemas());
		for (String name : keys(t, r)) {
			if (!t.containsKey(name)) {
				out.add(Difference.missing("schema", name, List.of(), "schema " + name,
						List.of(new CreateSchema(name))));
			}
			else if (!r.containsKey(name)) {
				out.add(Difference.extra("schema", name, List.of(), "schema " + name, List.of(new DropSchema(name))));
			}
		}
	}

	// ------------------------------------------------------------------ extensions

	private static Map<String, ExtensionInfo> installed(List<ExtensionInfo> extensions) {
		return byKey(extensions.stream().filter(ExtensionInfo::installed).filter(e -> !"plpgsql".equals(e.name()))
			.toList());
	}

	static String describe(ExtensionInfo e) {
		return "extension " + e.name() + " version " + e.installedVersion() + " in schema " + e.schema();
	}

	private static void extensions(CatalogSnapshot target, CatalogSnapshot reference, List<Difference> out) {
		Map<String, ExtensionInfo> t = installed(target.extensions());
		Map<String, ExtensionInfo> r = installed(reference.extensions());
		for (String name : keys(t, r)) {
			ExtensionInfo te = t.get(name);
			ExtensionInfo re = r.get(name);
			if (te == null) {
				out.add(Difference.missing("extension", name, List.of(), describe(re),
						List.of(new CreateExtension(name, re.schema(), re.installedVersion()))));
			}
			else if (re == null) {
				out.add(Difference.extra("extension", name, List.of(), describe(te),
						List.of(new DropExtension(name, te.schema(), te.installedVersion()))));
			}
			else {
				List<SchemaChange> changes = new ArrayList<>();
				boolean versionDiffers = !Objects.equals(te.installedVersion(), re.installedVersion());
				if (versionDiffers) {
					changes.add(new UpdateExtension(name, te.installedVersion(), re.installedVersion()));
				}
				if (!Objects.equals(te.schema(), re.schema())) {
					changes.add(new SetExtensionSchema(name, te.schema(), re.schema()));
				}
				if (changes.isEmpty()) {
					continue;
				}
				Difference d = Difference.mismatch("extension", name, List.of(), describe(re), describe(te), changes);
				if (versionDiffers && compareVersions(re.installedVersion(), te.installedVersion()) < 0) {
					d = d.refused("Extension " + name + " is at version " + te.installedVersion()
							+ " in the target, newer than the reference's " + re.installedVersion()
							+ "; extensions ship no downgrade scripts",
							"Upgrade the reference to " + te.installedVersion() + ", or reinstall " + name + " "
									+ re.installedVersion() + " in the target by hand (DROP EXTENSION drops what "
									+ "depends on it)");
				}
				out.add(d);
			}
		}
	}

	/**
	 * Versions compared number by number ({@code 1.10 > 1.9}), then by the rest as text; 0 when either has no
	 * number to compare, so an unreadable version is never taken for a downgrade (the update then fails cleanly
	 * when no update path exists).
	 */
	static int compareVersions(String a, String b) {
		String[] x = a.split("[^0-9]+");
		String[] y = b.split("[^0-9]+");
		if (x.length == 0 || y.length == 0 || x[0].isEmpty() && x.length == 1 || y[0].isEmpty() && y.length == 1) {
			return 0;
		}
		for (int i = 0; i < Math.max(x.length, y.length); i++) {
			long p = i < x.length && !x[i].isEmpty() ? parse(x[i]) : 0;
			long q = i < y.length && !y[i].isEmpty() ? parse(y[i]) : 0;
			if (p != q) {
				return Long.compare(p, q);
			}
		}
		return 0;
	}

	private static long parse(String digits) {
		try {
			return Long.parseLong(digits);
		}
		catch (NumberFormatException e) {
			return Long.MAX_VALUE;
		}
	}

	// ------------------------------------------------------------------ collations

	static CreateCollation creation(CollationInfo c) {
		return new CreateCollation(c.schema(), c.name(), c.provider(), c.locale(), c.lcCollate(), c.lcCtype(),
				c.deterministic());
	}

	static String describe(CollationInfo c) {
		return "collation (provider = " + c.provider()
				+ ("icu".equals(c.provider()) ? ", locale = " + c.locale()
						: ", lc_collate = " + c.lcCollate() + ", lc_ctype = " + c.lcCtype())
				+ ", deterministic = " + c.deterministic() + ")";
	}

	private static void collations(CatalogSnapshot target, CatalogSnapshot reference, List<Difference> out) {
		Map<String, CollationInfo> t = byKey(target.collations());
		Map<String, CollationInfo> r = byKey(reference.collations());
		for (String key : keys(t, r)) {
			CollationInfo tc = t.get(key);
			CollationInfo rc = r.get(key);
			if (tc == null) {
				Difference d = Difference.missing("collation", key, inSchema(rc.schema()), describe(rc),
						List.of(creation(rc)));
				if (!"icu".equals(rc.provider()) && !"libc".equals(rc.provider())) {
					d = d.refused("Collation " + key + " has provider " + rc.provider()
							+ ", which CREATE COLLATION cannot name",
							"Create it by hand as the reference's was created");
				}
				out.add(d);
			}
			else if (rc == null) {
				out.add(Difference.extra("collation", key, inSchema(tc.schema()), describe(tc),
						List.of(new DropCollation(tc.schema(), tc.name(), creation(tc)))));
			}
			else if (!creation(tc).equals(creation(rc))) {
				out.add(Difference.mismatch("collation", key, inSchema(rc.schema()), describe(rc), describe(tc), List.of())
					.refused("Collation " + key + " is defined differently, and PostgreSQL cannot alter a "
							+ "collation's definition; columns and indexes that use it would have to be rebuilt",
							"Create a collation with the reference's definition under a new name, move each column "
									+ "and index to it (REINDEX), drop the old one and rename the new one, by hand"));
			}
		}
	}

	// ------------------------------------------------------------------ types

	private static void types(CatalogSnapshot target, CatalogSnapshot reference, List<Difference> out) {
		Map<String, TypeInfo> t = byKey(target.types());
		Map<String, TypeInfo> r = byKey(reference.types());
		for (String key : keys(t, r)) {
			TypeInfo tt = t.get(key);
			TypeInfo rt = r.get(key);
			if (tt == null) {
				out.add(Difference.missing("type", key, inSchema(rt.schema()), describe(rt),
						List.of(creation(rt, r.values()))));
			}
			else if (rt == null) {
				out.add(Difference.extra("type", key, inSchema(tt.schema()), describe(tt),
						List.of(new DropType(tt.schema(), tt.name(), tt.kind(), creation(tt, List.of())))));
			}
			else if (!describe(tt).equals(describe(rt))) {
				Difference d = Difference.mismatch("type", key, inSchema(rt.schema()), describe(rt), describe(tt),
						List.of());
				out.add(typeMismatch(tt, rt, d, target));
			}
		}
	}

	/** What a type's definition would need created. */
	static NamespaceChange creation(TypeInfo type, java.util.Collection<TypeInfo> known) {
		return switch (type.kind()) {
			case ENUM -> new CreateEnum(type.schema(), type.name(), type.enumValues());
			case DOMAIN -> new CreateDomain(type.schema(), type.name(), String.valueOf(type.baseType()),
					type.collation(), type.defaultExpression(), type.notNull(), domainConstraints(type),
					uses(type, List.of(String.valueOf(type.baseType())), known));
			case COMPOSITE -> new CreateCompositeType(type.schema(), type.name(), type.attributes(),
					uses(type, type.attributes().stream().map(TypeInfo.Attribute::type).toList(), known));
			case RANGE -> new CreateRangeType(type.schema(), type.name(), String.valueOf(type.baseType()),
					type.collation(), uses(type, List.of(String.valueOf(type.baseType())), known), type.subtypeDiff());
		};
	}

	/**
	 * The identities of other known types named by these format_type texts (schema-qualified, quoted where needed,
	 * maybe an array): the creations that must run first.
	 */
	static List<String> uses(TypeInfo self, List<String> typeTexts, java.util.Collection<TypeInfo> known) {
		Set<String> names = new LinkedHashSet<>();
		for (String text : typeTexts) {
			String plain = unquoteQualified(text.replaceAll("(\\[\\])+$", "").replaceAll("\\(.*\\)$", "").strip());
			if (plain != null) {
				names.add(plain);
			}
		}
		return known.stream()
			.filter(k -> !k.key().equals(self.key()) && names.contains(k.key()))
			.map(k -> "type:" + k.key())
			.sorted()
			.toList();
	}

	/** {@code "My Schema".mood} → {@code My Schema.mood}; null when it is not a two-part name. */
	static @Nullable String unquoteQualified(String text) {
		List<String> parts = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char ch = text.charAt(i);
			if (quoted) {
				if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					current.append('"');
					i++;
				}
				else if (ch == '"') {
					quoted = false;
				}
				else {
					current.append(ch);
				}
			}
			else if (ch == '"') {
				quoted = true;
			}
			else if (ch == '.') {
				parts.add(current.toString());
				current.setLength(0);
			}
			else {
				current.append(ch);
			}
		}
		parts.add(current.toString());
		return parts.size() == 2 ? parts.get(0) + "." + parts.get(1) : null;
	}

	private static final String NOT_VALID = " NOT VALID";

	/** {@code name: definition}, split at the last {@code ": CHECK"} or else the first {@code ": "}. */
	static List<DomainConstraint> domainConstraints(TypeInfo type) {
		List<DomainConstraint> result = new ArrayList<>();
		for (String c : type.constraints()) {
			int at = c.indexOf(": CHECK");
			if (at < 0) {
				at = c.indexOf(": ");
			}
			String name = at < 0 ? c : c.substring(0, at);
			String definition = at < 0 ? "" : c.substring(at + 2).strip();
			if (definition.endsWith(NOT_VALID)) {
				definition = definition.substring(0, definition.length() - NOT_VALID.length()).strip();
			}
			if (definition.equals("NOT NULL")) {
				continue; // PostgreSQL 17 lists a domain's NOT NULL as a constraint: notNull covers it
			}
			result.add(new DomainConstraint(name, definition));
		}
		return result;
	}

	/** One line a person reads: the type's definition, as the comparison sees it. */
	static String describe(TypeInfo type) {
		return switch (type.kind()) {
			case ENUM -> "enum (" + type.enumValues().stream().map(v -> "'" + v.replace("'", "''") + "'")
				.collect(Collectors.joining(", ")) + ")";
			case DOMAIN -> "domain " + type.baseType() + (type.collation() == null ? "" : " COLLATE " + type.collation())
					+ (type.defaultExpression() == null ? "" : " DEFAULT " + type.defaultExpression())
					+ (type.notNull() ? " NOT NULL" : "")
					+ domainConstraints(type).stream()
						.sorted(java.util.Comparator.comparing(DomainConstraint::name))
						.map(c -> " CONSTRAINT " + c.name() + " " + c.definition())
						.collect(Collectors.joining());
			case COMPOSITE -> "composite (" + type.attributes().stream()
				.map(a -> a.name() + " " + a.type() + (a.collation() == null ? "" : " COLLATE " + a.collation()))
				.collect(Collectors.joining(", ")) + ")";
			case RANGE -> "range (subtype = " + type.baseType()
					+ (type.collation() == null ? "" : ", collation = " + type.collation())
					+ (type.subtypeDiff() == null ? "" : ", subtype_diff = " + type.subtypeDiff()) + ")";
		};
	}

	private static Difference typeMismatch(TypeInfo t, TypeInfo r, Difference d, CatalogSnapshot target) {
		String key = r.key();
		if (t.kind() != r.kind()) {
			return d.refused("Type " + key + " is " + article(r.kind()) + " in the reference but " + article(t.kind())
					+ " in the target", "Create the reference's type under a new name, move what uses " + key
							+ " to it, drop the old type and rename the new one, by hand");
		}
		return switch (r.kind()) {
			case ENUM -> enumMismatch(t, r, d);
			case DOMAIN -> domainMismatch(t, r, d);
			case COMPOSITE -> compositeMismatch(t, r, d, target);
			case RANGE -> d.refused("Range type " + key + " is defined differently, and PostgreSQL cannot alter a "
					+ "range type", "Create the reference's range type under a new name, move what uses " + key
							+ " to it, drop the old type and rename the new one, by hand");
		};
	}

	private static String article(TypeInfo.Kind kind) {
		return switch (kind) {
			case ENUM -> "an enum";
			case DOMAIN -> "a domain";
			case COMPOSITE -> "a composite type";
			case RANGE -> "a range type";
		};
	}

	private static Difference enumMismatch(TypeInfo t, TypeInfo r, Difference d) {
		List<String> want = r.enumValues();
		List<String> have = t.enumValues();
		// the target's values must be an ordered subsequence of the reference's
		int j = 0;
		for (String v : want) {
			if (j < have.size() && have.get(j).equals(v)) {
				j++;
			}
		}
		if (j < have.size()) {
			List<String> removed = have.stream().filter(v -> !want.contains(v)).toList();
			return d.refused("PostgreSQL cannot drop or reorder enum values; the target's enum " + r.key()
					+ (removed.isEmpty() ? " has its values in another order" : " has values the reference lacks: "
							+ String.join(", ", removed)),
					"Create a new enum type with the reference's values, move each column to it with ALTER COLUMN "
							+ "... TYPE new_type USING (column::text::new_type) after updating rows that hold a "
							+ "removed value, then drop the old type and rename the new one, by hand");
		}
		Set<String> present = new LinkedHashSet<>(have);
		List<SchemaChange> changes = new ArrayList<>();
		int firstPresent = -1;
		for (int i = 0; i < want.size(); i++) {
			if (present.contains(want.get(i))) {
				firstPresent = i;
				break;
			}
		}
		for (int i = 0; i < want.size(); i++) {
			String v = want.get(i);
			if (present.contains(v)) {
				continue;
			}
			if (firstPresent < 0) {
				// nothing to anchor on: the first is appended, each next one after the one before it
				changes.add(i == 0 ? new AddEnumValue(r.schema(), r.name(), v, null, false, false)
						: new AddEnumValue(r.schema(), r.name(), v, want.get(i - 1), false, true));
			}
			else if (i < firstPresent) {
				// the leading run goes in backwards: each before the one after it
				String next = want.get(i + 1);
				changes.add(new AddEnumValue(r.schema(), r.name(), v, next, true, !present.contains(next)));
			}
			else {
				String previous = want.get(i - 1);
				changes.add(new AddEnumValue(r.schema(), r.name(), v, previous, false, !present.contains(previous)));
			}
		}
		return new Difference(d.presence(), d.kind(), d.object(), d.parents(), d.reference(), d.target(), changes,
				null);
	}

	private static Difference domainMismatch(TypeInfo t, TypeInfo r, Difference d) {
		String key = r.key();
		if (!Objects.equals(t.baseType(), r.baseType()) || !Objects.equals(t.collation(), r.collation())) {
			return d.refused("Domain " + key + " is over " + t.baseType()
					+ (t.collation() == null ? "" : " COLLATE " + t.collation()) + " in the target but "
					+ r.baseType() + (r.collation() == null ? "" : " COLLATE " + r.collation())
					+ " in the reference; PostgreSQL cannot change a domain's base type or collation",
					"Create the reference's domain under a new name, move each column to it (ALTER COLUMN ... TYPE, "
							+ "which rewrites the table), drop the old domain and rename the new one, by hand");
		}
		List<SchemaChange> changes = new ArrayList<>();
		if (!Objects.equals(t.defaultExpression(), r.defaultExpression())) {
			changes.add(new SetDomainDefault(r.schema(), r.name(), r.defaultExpression(), t.defaultExpression()));
		}
		if (t.notNull() != r.notNull()) {
			changes.add(new SetDomainNotNull(r.schema(), r.name(), r.notNull()));
		}
		Map<String, DomainConstraint> have = domainConstraints(t).stream()
			.collect(Collectors.toMap(DomainConstraint::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
		Map<String, DomainConstraint> want = domainConstraints(r).stream()
			.collect(Collectors.toMap(DomainConstraint::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
		for (DomainConstraint c : have.values()) {
			if (!c.equals(want.get(c.name()))) {
				changes.add(new DropDomainConstraint(r.schema(), r.name(), c));
			}
		}
		for (DomainConstraint c : want.values()) {
			if (!c.equals(have.get(c.name()))) {
				changes.add(new AddDomainConstraint(r.schema(), r.name(), c));
			}
		}
		return new Difference(d.presence(), d.kind(), d.object(), d.parents(), d.reference(), d.target(), changes,
				null);
	}

	/**
	 * The target's table columns that store values of {@code type}: of the type itself, an array of it, or a
	 * domain, range or composite type built on it, however deep.
	 */
	private static List<String> columnsStoring(TypeInfo type, CatalogSnapshot target) {
		Set<String> types = new LinkedHashSet<>(List.of(type.key()));
		boolean grew = true;
		while (grew) {
			grew = false;
			for (TypeInfo other : target.types()) {
				List<String> built = new ArrayList<>(other.attributes().stream().map(TypeInfo.Attribute::type).toList());
				if (other.baseType() != null) {
					built.add(other.baseType());
				}
				if (!types.contains(other.key()) && built.stream().map(NamespaceComparer::typeKey).anyMatch(types::contains)) {
					grew |= types.add(other.key());
				}
			}
		}
		List<String> columns = new ArrayList<>();
		for (TableInfo table : target.tables()) {
			for (ColumnInfo column : table.columns()) {
				if (types.contains(typeKey(column.type()))) {
					columns.add(table.key() + "." + column.name());
				}
			}
		}
		return columns;
	}

	/** A format_type text as a type's key: {@code "My Schema".t[]} → {@code My Schema.t}; null if unqualified. */
	private static @Nullable String typeKey(String typeText) {
		return unquoteQualified(typeText.replaceAll("(\\[\\])+$", "").replaceAll("\\(.*\\)$", "").strip());
	}

	private static Difference compositeMismatch(TypeInfo t, TypeInfo r, Difference d, CatalogSnapshot target) {
		Map<String, TypeInfo.Attribute> have = new LinkedHashMap<>();
		t.attributes().forEach(a -> have.putIfAbsent(a.name(), a));
		Map<String, TypeInfo.Attribute> want = new LinkedHashMap<>();
		r.attributes().forEach(a -> want.putIfAbsent(a.name(), a));
		// ADD ATTRIBUTE appends: the result must come out in the reference's order
		List<String> after = new ArrayList<>(have.keySet().stream().filter(want::containsKey).toList());
		want.keySet().stream().filter(n -> !have.containsKey(n)).forEach(after::add);
		if (!after.equals(List.copyOf(want.keySet()))) {
			return d.refused("PostgreSQL cannot reorder a composite type's attributes, and the target's "
					+ r.key() + " would not come out in the reference's order",
					"Create the reference's type under a new name, move what uses " + r.key()
							+ " to it, drop the old type and rename the new one, by hand");
		}
		List<SchemaChange> changes = new ArrayList<>();
		for (TypeInfo.Attribute a : have.values()) {
			TypeInfo.Attribute w = want.get(a.name());
			if (w == null) {
				changes.add(new DropAttribute(r.schema(), r.name(), a));
			}
			else if (!w.equals(a)) {
				changes.add(new AlterAttributeType(r.schema(), r.name(), w, a));
			}
		}
		for (TypeInfo.Attribute w : want.values()) {
			if (!have.containsKey(w.name())) {
				changes.add(new NamespaceChange.AddAttribute(r.schema(), r.name(), w));
			}
		}
		List<String> storing = columnsStoring(t, target);
		if (changes.stream().anyMatch(c -> c instanceof AlterAttributeType) && !storing.isEmpty()) {
			return d.refused("PostgreSQL cannot change the type of an attribute of " + r.key() + " while a table "
					+ "column stores it (" + String.join(", ", storing) + "), not even with CASCADE",
					"Move each such column to a new type built as the reference's (add a column of it, copy the values, "
							+ "drop the old column), then drop or alter the old type, by hand");
		}
		return new Difference(d.presence(), d.kind(), d.object(), d.parents(), d.reference(), d.target(), changes,
				null);
	}

	// ------------------------------------------------------------------ sequences

	private static Map<String, SequenceInfo> plain(List<SequenceInfo> sequences) {
		return byKey(sequences.stream().filter(s -> !s.identity()).toList());
	}

	static CreateSequence creation(SequenceInfo s) {
		return new CreateSequence(s.schema(), s.name(), s.dataType(), s.increment(), s.minValue(), s.maxValue(),
				s.startValue(), s.cache(), s.cycle());
	}

	static String describe(SequenceInfo s) {
		return "sequence AS " + s.dataType() + " INCREMENT BY " + s.increment() + " MINVALUE " + s.minValue()
				+ " MAXVALUE " + s.maxValue() + (s.startValue() == null ? "" : " START WITH " + s.startValue())
				+ (s.cache() == null ? "" : " CACHE " + s.cache()) + (s.cycle() ? " CYCLE" : " NO CYCLE")
				+ (s.ownedByTable() == null ? "" : " OWNED BY " + s.ownedByTable() + "." + s.ownedByColumn());
	}

	/**
	 * The owning column. PostgreSQL keeps a sequence in its owning table's schema, so the table is the rest of
	 * {@code ownedByTable} after the sequence's schema; otherwise (never seen) the snapshot's tables tell.
	 */
	static @Nullable SequenceOwner owner(SequenceInfo s, CatalogSnapshot snapshot) {
		if (s.ownedByTable() == null || s.ownedByColumn() == null) {
			return null;
		}
		String qualified = s.ownedByTable();
		if (qualified.startsWith(s.schema() + ".")) {
			return new SequenceOwner(s.schema(), qualified.substring(s.schema().length() + 1), s.ownedByColumn());
		}
		for (TableInfo t : snapshot.tables()) {
			if (t.key().equals(qualified)) {
				return new SequenceOwner(t.schema(), t.name(), s.ownedByColumn());
			}
		}
		int dot = qualified.indexOf('.');
		return new SequenceOwner(qualified.substring(0, dot), qualified.substring(dot + 1), s.ownedByColumn());
	}

	private static List<String> parents(SequenceInfo s, @Nullable String ownerTable) {
		return ownerTable == null ? inSchema(s.schema()) : List.of("schema:" + s.schema(), "table:" + ownerTable);
	}

	private static void sequences(CatalogSnapshot target, CatalogSnapshot reference, List<Difference> out) {
		identitySequences(target, reference, out);
		Map<String, SequenceInfo> t = plain(target.sequences());
		Map<String, SequenceInfo> r = plain(reference.sequences());
		for (String key : keys(t, r)) {
			SequenceInfo ts = t.get(key);
			SequenceInfo rs = r.get(key);
			if (ts == null) {
				List<SchemaChange> changes = new ArrayList<>();
				changes.add(creation(rs));
				SequenceOwner owner = owner(rs, reference);
				if (owner != null) {
					changes.add(new SetSequenceOwner(rs.schema(), rs.name(), owner, null));
				}
				out.add(Difference.missing("sequence", key, parents(rs, rs.ownedByTable()), describe(rs), changes));
			}
			else if (rs == null) {
				out.add(Difference.extra("sequence", key, parents(ts, ts.ownedByTable()), describe(ts),
						List.of(new DropSequence(ts.schema(), ts.name(), creation(ts)))));
			}
			else {
				List<SchemaChange> changes = new ArrayList<>();
				SequenceOptions[] diff = optionsDiff(ts, rs);
				if (diff != null) {
					String handedOut = handedOutBeyond(ts, rs);
					if (handedOut == null && ts.cycle() && restart(ts, rs) != null) {
						// a cycling sequence may have wrapped: values on both sides of the new bound handed out
						handedOut = "Sequence " + rs.key() + " cycles in the target, so it may have handed out values "
								+ "on both sides of the reference's new " + (rs.increment() > 0 ? "MINVALUE " + rs.minValue()
										: "MAXVALUE " + rs.maxValue())
								+ ": restarting at that bound could hand them out again";
					}
					if (handedOut != null) {
						out.add(Difference.mismatch("sequence", key,
								parents(rs, rs.ownedByTable() != null ? rs.ownedByTable() : ts.ownedByTable()),
								describe(rs), describe(ts), List.of()).refused(handedOut,
										"Keep the target's bound, or move what uses the sequence to a new one with "
												+ "the reference's bounds, by hand"));
						continue;
					}
					changes.add(new AlterSequence(rs.schema(), rs.name(), diff[0], diff[1], restart(ts, rs)));
				}
				SequenceOwner want = owner(rs, reference);
				SequenceOwner have = owner(ts, target);
				if (!Objects.equals(want, have)) {
					changes.add(new SetSequenceOwner(rs.schema(), rs.name(), want, have));
				}
				if (!changes.isEmpty()) {
					out.add(Difference.mismatch("sequence", key,
							parents(rs, rs.ownedByTable() != null ? rs.ownedByTable() : ts.ownedByTable()),
							describe(rs), describe(ts), changes));
				}
			}
		}
	}

	/**
	 * Identity columns' sequences, matched by their column (PostgreSQL names them itself, so names may differ):
	 * options that differ are a difference of the column. The data type (and with it the default bounds) follows
	 * the column's type, whose own change covers it.
	 */
	private static void identitySequences(CatalogSnapshot target, CatalogSnapshot reference, List<Difference> out) {
		Map<String, SequenceInfo> t = byColumn(target.sequences());
		Map<String, SequenceInfo> r = byColumn(reference.sequences());
		for (Map.Entry<String, SequenceInfo> e : r.entrySet()) {
			SequenceInfo ts = t.get(e.getKey());
			SequenceInfo rs = e.getValue();
			if (ts == null) {
				continue;
			}
			SequenceOptions[] diff = optionsDiff(ts, rs);
			if (diff == null || !Objects.equals(ts.dataType(), rs.dataType())) {
				continue;
			}
			out.add(Difference.mismatch("column", e.getKey(), List.of("schema:" + rs.schema(), "table:" + rs.ownedByTable()),
					"identity " + describe(rs), "identity " + describe(ts),
					List.of(new AlterSequence(ts.schema(), ts.name(), diff[0], diff[1]))));
		}
	}

	private static Map<String, SequenceInfo> byColumn(List<SequenceInfo> sequences) {
		Map<String, SequenceInfo> result = new LinkedHashMap<>();
		for (SequenceInfo s : sequences) {
			if (s.identity() && s.ownedByTable() != null && s.ownedByColumn() != null) {
				result.put(s.ownedByTable() + "." + s.ownedByColumn(), s);
			}
		}
		return result;
	}

	/**
	 * Why the target's sequence cannot take the reference's bounds: it already handed out values past the bound
	 * it runs towards (an ascending sequence past the new MAXVALUE), so restarting inside them would hand values
	 * out again; null when it can (or its current value is unknown).
	 */
	private static @Nullable String handedOutBeyond(SequenceInfo t, SequenceInfo r) {
		Long last = t.lastValue();
		if (last == null) {
			return null;
		}
		if (r.increment() > 0 && last > r.maxValue()) {
			return "Sequence " + r.key() + " has handed out values up to " + last + ", above the reference's MAXVALUE "
					+ r.maxValue() + ": every value it could restart at was handed out already";
		}
		if (r.increment() < 0 && last < r.minValue()) {
			return "Sequence " + r.key() + " has handed out values down to " + last + ", below the reference's "
					+ "MINVALUE " + r.minValue() + ": every value it could restart at was handed out already";
		}
		return null;
	}

	/**
	 * A bound moved past the side a sequence starts from (MINVALUE raised on an ascending one, MAXVALUE lowered on a
	 * descending one): where it restarts if its current value is still outside then (decided when the step runs).
	 */
	private static NamespaceChange.@Nullable SequenceRestart restart(SequenceInfo t, SequenceInfo r) {
		if (r.increment() > 0 && r.minValue() > t.minValue()) {
			return new NamespaceChange.SequenceRestart(r.minValue(), true);
		}
		if (r.increment() < 0 && r.maxValue() < t.maxValue()) {
			return new NamespaceChange.SequenceRestart(r.maxValue(), false);
		}
		return null;
	}

	/** The reference's and the target's values of the options that differ; null when none does. */
	private static SequenceOptions @Nullable [] optionsDiff(SequenceInfo t, SequenceInfo r) {
		boolean type = !Objects.equals(t.dataType(), r.dataType());
		boolean increment = t.increment() != r.increment();
		boolean min = t.minValue() != r.minValue();
		boolean max = t.maxValue() != r.maxValue();
		// not read (a format-1 snapshot): not compared
		boolean start = t.startValue() != null && r.startValue() != null && !t.startValue().equals(r.startValue());
		boolean cache = t.cache() != null && r.cache() != null && !t.cache().equals(r.cache());
		boolean cycle = t.cycle() != r.cycle();
		if (!(type || increment || min || max || start || cache || cycle)) {
			return null;
		}
		return new SequenceOptions[] { options(r, type, increment, min, max, start, cache, cycle),
				options(t, type, increment, min, max, start, cache, cycle) };
	}

	private static SequenceOptions options(SequenceInfo s, boolean type, boolean increment, boolean min, boolean max,
			boolean start, boolean cache, boolean cycle) {
		return new SequenceOptions(type ? s.dataType() : null, increment ? s.increment() : null,
				min ? s.minValue() : null, max ? s.maxValue() : null, start ? s.startValue() : null,
				cache ? s.cache() : null, cycle ? s.cycle() : null);
	}
}

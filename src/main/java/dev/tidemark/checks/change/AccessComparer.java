package dev.tidemark.checks.change;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.tidemark.checks.change.AccessChange.AlterPolicy;
import dev.tidemark.checks.change.AccessChange.CreatePolicy;
import dev.tidemark.checks.change.AccessChange.DropPolicy;
import dev.tidemark.checks.change.AccessChange.Grant;
import dev.tidemark.checks.change.AccessChange.GrantDefault;
import dev.tidemark.checks.change.AccessChange.GrantOption;
import dev.tidemark.checks.change.AccessChange.Policy;
import dev.tidemark.checks.change.AccessChange.ReplacePolicy;
import dev.tidemark.checks.change.AccessChange.Revoke;
import dev.tidemark.checks.change.AccessChange.RevokeDefault;
import dev.tidemark.checks.change.AccessChange.RevokeGrantOption;
import dev.tidemark.checks.change.AccessChange.Securable;
import dev.tidemark.checks.change.AccessChange.SetOwner;
import dev.tidemark.inspection.model.CatalogObject;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.DefaultPrivilegeInfo;
import dev.tidemark.inspection.model.FunctionInfo;
import dev.tidemark.inspection.model.PolicyInfo;
import dev.tidemark.inspection.model.PrivilegeInfo;
import dev.tidemark.inspection.model.SequenceInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TypeInfo;
import dev.tidemark.inspection.model.ViewInfo;
import dev.tidemark.targets.CompareOptions;
import org.jspecify.annotations.Nullable;

/**
 * Differences in the objects of {@link AccessChange}: policies, privileges (one difference per object and
 * grantee) and default privileges (one per schema, object type and grantee, whichever roles they are for).
 * <p>
 * Grants and policies on an object only the target has are not reported: dropping the object takes them. On an
 * object only the reference has they are reported (and fold into the object's own missing difference), and a
 * function or type created that way is born with PUBLIC's EXECUTE or USAGE, so when the reference has revoked it
 * the new object gets a {@link Revoke} that is not destructive.
 * <p>
 * Owners are compared on objects both have; an object the plan creates is given the reference's owner (created, it
 * would belong to whoever runs the plan). An owner a snapshot did not read (null) is not compared. A grant, default privilege or owner naming a role the target lacks
 * is reported with a refusal: the role must be created first (roles are the server's, not the schema's), or left
 * out through the target's {@link CompareOptions}, which decide what is compared at all.
 */
final class AccessComparer implements FamilyComparer {

	private final CompareOptions options;

	AccessComparer() {
		this(CompareOptions.defaults());
	}

	AccessComparer(CompareOptions options) {
		this.options = options;
	}

	@Override
	public List<Difference> compare(CatalogSnapshot target, CatalogSnapshot reference) {
		List<Difference> result = new ArrayList<>();
		policies(target, reference, result);
		if (options.comparesPrivileges()) {
			privileges(target, reference, result);
			defaultPrivileges(target, reference, result);
		}
		if (options.owners()) {
			owners(target, reference, result);
		}
		result.sort(Comparator.comparing(Difference::kind).thenComparing(Difference::object));
		return result;
	}

	// ---------------------------------------------------------------------------------------------- policies

	private static void policies(CatalogSnapshot target, CatalogSnapshot reference, List<Difference> result) {
		Map<String, PolicyInfo> t = byKey(target.policies(), PolicyInfo::key);
		Map<String, PolicyInfo> r = byKey(reference.policies(), PolicyInfo::key);
		for (String key : union(t.keySet(), r.keySet())) {
			PolicyInfo tp = t.get(key);
			PolicyInfo rp = r.get(key);
			PolicyInfo any = rp != null ? rp : Objects.requireNonNull(tp);
			List<String> parents = List.of("schema:" + any.schema(), "table:" + any.schema() + "." + any.table());
			if (tp == null) {
				Policy p = policy(rp);
				result.add(needingRoles(target, p, Difference.missing(AccessChange.POLICY, p.text(), parents,
						p.definition(), List.of(new CreatePolicy(p)))));
			}
			else if (rp == null) {
				if (hasTable(target, tp.schema(), tp.table()) && !hasTable(reference, tp.schema(), tp.table())) {
					continue; // the table's drop takes its policies
				}
				Policy p = policy(tp);
				result.add(Difference.extra(AccessChange.POLICY, p.text(), parents, p.definition(),
						List.of(new DropPolicy(p))));
			}
			else {
				Policy from = policy(tp);
				Policy to = policy(rp);
				if (from.equals(to)) {
					continue;
				}
				SchemaChange change = alterable(from, to) ? new AlterPolicy(from, to) : new ReplacePolicy(from, to);
				result.add(needingRoles(target, to, Difference.mismatch(AccessChange.POLICY, to.text(), parents,
						to.definition(), from.definition(), List.of(change))));
			}
		}
	}

	/**
	 * A policy naming a role the target lacks cannot be created there (CREATE POLICY fails at execution): the
	 * difference is reported and refused up front, with the role to create.
	 */
	private static Difference needingRoles(CatalogSnapshot target, Policy p, Difference d) {
		return p.roles().stream()
			.filter(role -> !"public".equals(role) && !target.hasRole(role))
			.findFirst()
			.map(role -> withoutRole(d, role, "then scan again"))
			.orElse(d);
	}

	private static Policy policy(PolicyInfo p) {
		return new Policy(p.schema(), p.table(), p.name(), p.permissive(), p.command(),
				p.roles().stream().sorted().toList(), p.using(), p.withCheck());
	}

	/** ALTER POLICY changes roles and expressions, but neither command nor kind, and cannot remove a clause. */
	static boolean alterable(Policy from, Policy to) {
		return from.permissive() == to.permissive() && from.command().equals(to.command())
				&& (from.using() == null || to.using() != null) && (from.withCheck() == null || to.withCheck() != null);
	}

	// ---------------------------------------------------------------------------------------------- privileges

	private void privileges(CatalogSnapshot target, CatalogSnapshot reference, List<Difference> result) {
		Map<String, PrivilegeInfo> t = byKey(comparable(target.privileges(), target, reference), PrivilegeInfo::key);
		Map<String, PrivilegeInfo> r = byKey(comparable(reference.privileges(), target, reference),
				PrivilegeInfo::key);
		// what a function or type the plan creates is born with (acldefault), where the target has none yet
		Set<String> born = new TreeSet<>();
		for (FunctionInfo f : reference.functions()) {
			if (!hasFunction(target, f.key())) {
				born.add(bornWith(t, new PrivilegeInfo("FUNCTION", f.schema(), f.key(), "PUBLIC", List.of("EXECUTE"),
						List.of())));
			}
		}
		for (TypeInfo ty : reference.types()) {
			if (!hasType(target, ty.schema(), ty.name())) {
				born.add(bornWith(t, new PrivilegeInfo("TYPE", ty.schema(), ty.key(), "PUBLIC", List.of("USAGE"),
						List.of())));
			}
		}
		for (String key : union(t.keySet(), r.keySet())) {
			PrivilegeInfo tp = t.get(key);
			PrivilegeInfo rp = r.get(key);
			PrivilegeInfo any = rp != null ? rp : Objects.requireNonNull(tp);
			Securable on = securable(any, target, reference);
			if (rp == null && exists(target, on) && !exists(reference, on)) {
				continue; // the object's drop takes its privileges
			}
			boolean newObject = born.contains(key);
			List<SchemaChange> changes = privilegeChanges(on, any.grantee(), tp, rp, newObject);
			if (changes.isEmpty()) {
				continue;
			}
			String object = any.object() + " to " + any.grantee();
			List<String> parents = parents(on, target, reference);
			Difference d;
			if (tp == null) {
				d = Difference.missing(AccessChange.PRIVILEGE, object, parents, describe(rp), changes);
			}
			else if (rp == null) {
				d = Difference.extra(AccessChange.PRIVILEGE, object, parents, describe(tp), changes);
			}
			else {
				d = Difference.mismatch(AccessChange.PRIVILEGE, object, parents, describe(rp), describe(tp), changes);
			}
			result.add(target.hasRole(any.grantee()) ? d : withoutRole(d, any.grantee(), PRIVILEGES_OFF));
		}
	}

	private static final String PRIVILEGES_OFF = "or set the target's options.compare.privileges to "
			+ "\"existing-roles\" so that grants naming a role only one database has are not compared";

	/** A difference whose repair needs a role the target lacks: reported, refused with the reason. */
	private static Difference withoutRole(Difference d, String role, String orIgnore) {
		return d.refused("Role " + role + " does not exist on the target, so this cannot be repaired",
				"Create role " + role + " on the target (roles belong to the server, not to the schema), " + orIgnore);
	}

	/** The privileges compared: non-empty, and under existing-roles only those whose grantee both databases have. */
	private List<PrivilegeInfo> comparable(List<PrivilegeInfo> privileges, CatalogSnapshot target,
			CatalogSnapshot reference) {
		return nonEmpty(privileges).stream()
			.filter(p -> !options.onlyExistingRoles() || target.hasRole(p.grantee()) && reference.hasRole(p.grantee()))
			.toList();
	}

	/** Adds the default privilege unless the target has a row for it already; the key it is under. */
	private static String bornWith(Map<String, PrivilegeInfo> target, PrivilegeInfo implied) {
		if (target.containsKey(implied.key())) {
			return ""; // never a key: the target's own row stands
		}
		target.put(implied.key(), implied);
		return implied.key();
	}

	private static List<SchemaChange> privilegeChanges(Securable on, String grantee, @Nullable PrivilegeInfo tp,
			@Nullable PrivilegeInfo rp, boolean newObject) {
		SortedSet<String> tPriv = set(tp == null ? List.of() : tp.privileges());
		SortedSet<String> tGrant = set(tp == null ? List.of() : tp.grantable());
		SortedSet<String> rPriv = set(rp == null ? List.of() : rp.privileges());
		SortedSet<String> rGrant = set(rp == null ? List.of() : rp.grantable());
		List<SchemaChange> changes = new ArrayList<>();
		List<String> plain = minus(minus(rPriv, tPriv), rGrant);
		if (!plain.isEmpty()) {
			changes.add(new Grant(on, grantee, plain, false));
		}
		List<String> withOption = minus(intersect(rPriv, rGrant), tPriv);
		if (!withOption.isEmpty()) {
			changes.add(new Grant(on, grantee, withOption, true));
		}
		List<String> option = minus(intersect(rGrant, tPriv), tGrant);
		if (!option.isEmpty()) {
			changes.add(new GrantOption(on, grantee, option));
		}
		List<String> revoke = minus(tPriv, rPriv);
		if (!revoke.isEmpty()) {
			changes.add(new Revoke(on, grantee, revoke, intersect(set(revoke), tGrant), newObject));
		}
		List<String> revokeOption = minus(intersect(tGrant, rPriv), rGrant);
		if (!revokeOption.isEmpty()) {
			changes.add(new RevokeGrantOption(on, grantee, revokeOption));
		}
		return changes;
	}

	/** Splits a privilege's object text into schema, name, column and arguments, by the snapshots when they know. */
	static Securable securable(PrivilegeInfo p, CatalogSnapshot target, CatalogSnapshot reference) {
		String kind = p.objectKind();
		if (kind.equals("SCHEMA")) {
			return new Securable(kind, null, p.object(), null, null);
		}
		String schema = p.schema();
		String rest;
		if (schema != null && p.object().startsWith(schema + ".")) {
			rest = p.object().substring(schema.length() + 1);
		}
		else {
			int dot = p.object().indexOf('.');
			schema = dot < 0 ? schema : p.object().substring(0, dot);
			rest = dot < 0 ? p.object() : p.object().substring(dot + 1);
		}
		switch (kind) {
			case "COLUMN": {
				String table = null;
				for (CatalogSnapshot s : List.of(target, reference)) {
					for (String name : relationNames(s, schema)) {
						if (rest.startsWith(name + ".") && (table == null || name.length() > table.length())) {
							table = name;
						}
					}
				}
				if (table == null) {
					int dot = rest.lastIndexOf('.');
					table = dot < 0 ? rest : rest.substring(0, dot);
				}
				String column = rest.length() > table.length() ? rest.substring(table.length() + 1) : "";
				return new Securable(kind, schema, table, column, null);
			}
			case "FUNCTION": {
				for (CatalogSnapshot s : List.of(target, reference)) {
					for (FunctionInfo f : s.functions()) {
						if (f.key().equals(p.object())) {
							return new Securable(kind, f.schema(), f.name(), null, f.arguments());
						}
					}
				}
				// not in either snapshot: the common case, a name without parentheses
				int open = rest.indexOf('(');
				if (open < 0 || !rest.endsWith(")")) {
					return new Securable(kind, schema, rest, null, "");
				}
				return new Securable(kind, schema, rest.substring(0, open), null,
						rest.substring(open + 1, rest.length() - 1));
			}
			default:
				return new Securable(kind, schema, rest, null, null);
		}
	}

	private static List<String> relationNames(CatalogSnapshot s, @Nullable String schema) {
		List<String> names = new ArrayList<>();
		s.tables().stream().filter(t -> t.schema().equals(schema)).map(TableInfo::name).forEach(names::add);
		s.views().stream().filter(v -> v.schema().equals(schema)).map(ViewInfo::name).forEach(names::add);
		return names;
	}

	/** Whether the snapshot holds the object a privilege is on. */
	static boolean exists(CatalogSnapshot s, Securable on) {
		return switch (on.objectKind()) {
			case "SCHEMA" -> s.schemas().stream().anyMatch(n -> n.name().equals(on.name()));
			case "TABLE" -> hasTable(s, on.schema(), on.name()) || view(s, on.schema(), on.name()) != null;
			case "COLUMN" -> {
				TableInfo t = table(s, on.schema(), on.name());
				ViewInfo v = view(s, on.schema(), on.name());
				if (t != null) {
					yield t.columns().isEmpty() || t.columns().stream().anyMatch(c -> c.name().equals(on.column()));
				}
				yield v != null
						&& (v.columns().isEmpty() || v.columns().stream().anyMatch(c -> c.name().equals(on.column())));
			}
			case "SEQUENCE" -> sequence(s, on.schema(), on.name()) != null;
			case "FUNCTION" -> hasFunction(s, on.text());
			case "TYPE" -> hasType(s, on.schema(), on.name());
			default -> false;
		};
	}

	/**
	 * The schema, and the object itself when the snapshots say what kind it is, so a privilege on a missing or
	 * extra object folds into that object's difference. An identity sequence belongs to its table; a column
	 * privilege lists the table and then the column (when a snapshot has it), so it folds into a missing table
	 * or, the table being there, into a missing column.
	 */
	static List<String> parents(Securable on, CatalogSnapshot target, CatalogSnapshot reference) {
		if (on.objectKind().equals("SCHEMA")) {
			return List.of("schema:" + on.name());
		}
		String schemaParent = "schema:" + on.schema();
		String qualified = on.schema() + "." + on.name();
		String own = null;
		for (CatalogSnapshot s : List.of(reference, target)) {
			if (own != null) {
				break;
			}
			switch (on.objectKind()) {
				case "TABLE", "COLUMN" -> {
					if (hasTable(s, on.schema(), on.name())) {
						own = "table:" + qualified;
					}
					else {
						ViewInfo v = view(s, on.schema(), on.name());
						if (v != null) {
							own = (v.materialized() ? "materialized-view:" : "view:") + qualified;
						}
					}
				}
				case "SEQUENCE" -> {
					SequenceInfo seq = sequence(s, on.schema(), on.name());
					if (seq != null) {
						own = seq.identity() && seq.ownedByTable() != null ? "table:" + seq.ownedByTable()
								: "sequence:" + qualified;
					}
				}
				case "FUNCTION" -> {
					if (hasFunction(s, on.text())) {
						own = "function:" + on.text();
					}
				}
				case "TYPE" -> {
					if (hasType(s, on.schema(), on.name())) {
						own = "type:" + qualified;
					}
				}
				default -> {
				}
			}
		}
		if (own == null && on.objectKind().equals("TABLE") || own == null && on.objectKind().equals("COLUMN")) {
			own = "table:" + qualified; // a table privilege is on a table unless the snapshots say otherwise
		}
		if (on.objectKind().equals("COLUMN") && own.startsWith("table:")
				&& (hasColumn(reference, on) || hasColumn(target, on))) {
			// a grant on a column the target lacks is part of adding that column
			return List.of(schemaParent, own, "column:" + on.text());
		}
		return own == null ? List.of(schemaParent) : List.of(schemaParent, own);
	}

	/** {@code SELECT, UPDATE WITH GRANT OPTION}. */
	private static String describe(PrivilegeInfo p) {
		return privilegeText(p.privileges(), p.grantable());
	}

	private static String privilegeText(List<String> privileges, List<String> grantable) {
		return privileges.stream()
			.sorted()
			.map(x -> grantable.contains(x) ? x + " WITH GRANT OPTION" : x)
			.collect(Collectors.joining(", "));
	}

	private static List<PrivilegeInfo> nonEmpty(List<PrivilegeInfo> privileges) {
		return privileges.stream().filter(p -> !p.privileges().isEmpty()).toList();
	}

	// ---------------------------------------------------------------------------------------------- defaults

	private void defaultPrivileges(CatalogSnapshot target, CatalogSnapshot reference, List<Difference> result) {
		List<DefaultPrivilegeInfo> targetDefaults = comparableDefaults(target.defaultPrivileges(), target, reference);
		List<DefaultPrivilegeInfo> referenceDefaults = comparableDefaults(reference.defaultPrivileges(), target,
				reference);
		Map<String, Map<String, DefaultPrivilegeInfo>> t = defaultsByObject(
				withImplicitDefaults(targetDefaults, referenceDefaults));
		Map<String, Map<String, DefaultPrivilegeInfo>> r = defaultsByObject(
				withImplicitDefaults(referenceDefaults, targetDefaults));
		for (String object : union(t.keySet(), r.keySet())) {
			Map<String, DefaultPrivilegeInfo> tr = t.getOrDefault(object, Map.of());
			Map<String, DefaultPrivilegeInfo> rr = r.getOrDefault(object, Map.of());
			DefaultPrivilegeInfo any = rr.isEmpty() ? tr.values().iterator().next() : rr.values().iterator().next();
			if (rr.isEmpty() && any.schema() != null && hasSchema(target, any.schema())
					&& !hasSchema(reference, any.schema())) {
				continue; // dropping the schema drops its default privileges
			}
			List<SchemaChange> changes = new ArrayList<>();
			for (String role : union(tr.keySet(), rr.keySet())) {
				changes.addAll(defaultChanges(role, any.schema(), any.objectType(), any.grantee(), tr.get(role),
						rr.get(role)));
			}
			if (changes.isEmpty()) {
				continue;
			}
			List<String> parents = any.schema() == null ? List.of() : List.of("schema:" + any.schema());
			Difference d;
			if (tr.isEmpty()) {
				d = Difference.missing(AccessChange.DEFAULT_PRIVILEGE, object, parents, describe(rr), changes);
			}
			else if (rr.isEmpty()) {
				d = Difference.extra(AccessChange.DEFAULT_PRIVILEGE, object, parents, describe(tr), changes);
			}
			else {
				d = Difference.mismatch(AccessChange.DEFAULT_PRIVILEGE, object, parents, describe(rr), describe(tr),
						changes);
			}
			String missingRole = changes.stream()
				.flatMap(c -> c instanceof GrantDefault g ? Stream.of(g.role(), g.grantee()) : Stream.empty())
				.filter(role -> !target.hasRole(role))
				.findFirst()
				.orElse(null);
			result.add(missingRole == null ? d : withoutRole(d, missingRole, PRIVILEGES_OFF));
		}
	}

	/** Under existing-roles, only entries whose role and grantee both databases have. */
	private List<DefaultPrivilegeInfo> comparableDefaults(List<DefaultPrivilegeInfo> defaults, CatalogSnapshot target,
			CatalogSnapshot reference) {
		if (!options.onlyExistingRoles()) {
			return defaults;
		}
		return defaults.stream()
			.filter(d -> target.hasRole(d.role()) && reference.hasRole(d.role()) && target.hasRole(d.grantee())
					&& reference.hasRole(d.grantee()))
			.toList();
	}

	/** What objects get without any ALTER DEFAULT PRIVILEGES: PostgreSQL's acldefault per object type. */
	private static final Map<String, List<String>> OWNER_DEFAULTS = Map.of("tables",
			List.of("DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"), "sequences",
			List.of("SELECT", "UPDATE", "USAGE"), "functions", List.of("EXECUTE"), "types", List.of("USAGE"), "schemas",
			List.of("CREATE", "USAGE"));

	private static final Map<String, List<String>> PUBLIC_DEFAULTS = Map.of("functions", List.of("EXECUTE"), "types",
			List.of("USAGE"));

	/**
	 * A database-wide entry holds the whole ACL new objects get, the role's own rights included; a role without one
	 * has PostgreSQL's built-in defaults. Where only the other side has an entry for a role and object type, this
	 * side gets those built-in defaults spelled out, so an entry that only restates them is no difference.
	 */
	private static List<DefaultPrivilegeInfo> withImplicitDefaults(List<DefaultPrivilegeInfo> own,
			List<DefaultPrivilegeInfo> other) {
		Set<String> present = new HashSet<>();
		own.stream().filter(d -> d.schema() == null).forEach(d -> present.add(d.role() + " " + d.objectType()));
		List<DefaultPrivilegeInfo> result = new ArrayList<>(own);
		Set<String> added = new HashSet<>();
		for (DefaultPrivilegeInfo d : other) {
			String key = d.role() + " " + d.objectType();
			if (d.schema() != null || present.contains(key) || !added.add(key)
					|| !OWNER_DEFAULTS.containsKey(d.objectType())) {
				continue;
			}
			result.add(new DefaultPrivilegeInfo(d.role(), null, d.objectType(), d.role(),
					OWNER_DEFAULTS.get(d.objectType()), List.of()));
			if (PUBLIC_DEFAULTS.containsKey(d.objectType())) {
				result.add(new DefaultPrivilegeInfo(d.role(), null, d.objectType(), "PUBLIC",
						PUBLIC_DEFAULTS.get(d.objectType()), List.of()));
			}
		}
		return result;
	}

	/** Object text, then role: the entries of one default-privilege difference. */
	private static Map<String, Map<String, DefaultPrivilegeInfo>> defaultsByObject(List<DefaultPrivilegeInfo> all) {
		Map<String, Map<String, DefaultPrivilegeInfo>> result = new TreeMap<>();
		for (DefaultPrivilegeInfo d : all) {
			if (d.privileges().isEmpty()) {
				continue;
			}
			result.computeIfAbsent(AccessChange.defaultObject(d.schema(), d.objectType(), d.grantee()),
					k -> new TreeMap<>()).put(d.role(), d);
		}
		return result;
	}

	private static List<SchemaChange> defaultChanges(String role, @Nullable String schema, String objectType,
			String grantee, @Nullable DefaultPrivilegeInfo td, @Nullable DefaultPrivilegeInfo rd) {
		SortedSet<String> tPriv = set(td == null ? List.of() : td.privileges());
		SortedSet<String> tGrant = set(td == null ? List.of() : td.grantable());
		SortedSet<String> rPriv = set(rd == null ? List.of() : rd.privileges());
		SortedSet<String> rGrant = set(rd == null ? List.of() : rd.grantable());
		List<SchemaChange> changes = new ArrayList<>();
		List<String> plain = minus(minus(rPriv, tPriv), rGrant);
		if (!plain.isEmpty()) {
			changes.add(new GrantDefault(role, schema, objectType, grantee, plain, false, false));
		}
		List<String> withOption = minus(intersect(rPriv, rGrant), tPriv);
		if (!withOption.isEmpty()) {
			changes.add(new GrantDefault(role, schema, objectType, grantee, withOption, true, false));
		}
		List<String> option = minus(intersect(rGrant, tPriv), tGrant);
		if (!option.isEmpty()) {
			changes.add(new GrantDefault(role, schema, objectType, grantee, option, true, true));
		}
		List<String> revoke = minus(tPriv, rPriv);
		if (!revoke.isEmpty()) {
			changes.add(new RevokeDefault(role, schema, objectType, grantee, revoke, intersect(set(revoke), tGrant),
					false));
		}
		List<String> revokeOption = minus(intersect(tGrant, rPriv), rGrant);
		if (!revokeOption.isEmpty()) {
			changes.add(new RevokeDefault(role, schema, objectType, grantee, revokeOption, revokeOption, true));
		}
		return changes;
	}

	/** {@code for role app: SELECT, INSERT WITH GRANT OPTION; for role etl: SELECT}. */
	private static String describe(Map<String, DefaultPrivilegeInfo> byRole) {
		return byRole.values()
			.stream()
			.map(d -> "for role " + d.role() + ": " + privilegeText(d.privileges(), d.grantable()))
			.collect(Collectors.joining("; "));
	}

	// ---------------------------------------------------------------------------------------------- owners

	private static final String OWNERS_OFF = "or set the target's options.compare.owners to false if owners differ "
			+ "between environments";

	/**
	 * Owners of objects both snapshots have, where both know the owner; and the reference's owner of an object the
	 * plan creates (it would belong to whoever runs the plan), folded into that object's own missing difference. The
	 * latter only where the target has the role: a missing role must not keep the object itself from being created
	 * (the next scan then reports its owner, refused, as for any object).
	 */
	private static void owners(CatalogSnapshot target, CatalogSnapshot reference, List<Difference> result) {
		Map<String, Owned> t = owned(target);
		for (Owned r : owned(reference).values()) {
			Owned o = t.get(r.on().objectKind() + " " + r.on().text());
			if (r.owner() == null) {
				continue;
			}
			if (o == null) {
				if (target.knowsRoles() && target.hasRole(r.owner())) {
					result.add(Difference.missing(AccessChange.OWNER, r.on().text(), createdWith(r.on()), r.owner(),
							List.of(new SetOwner(r.on(), r.owner(), null))));
				}
				continue;
			}
			if (o.owner() == null || r.owner().equals(o.owner())) {
				continue;
			}
			List<String> parents = r.on().schema() == null ? List.of() : List.of("schema:" + r.on().schema());
			Difference d = Difference.mismatch(AccessChange.OWNER, r.on().text(), parents, r.owner(), o.owner(),
					List.of(new SetOwner(r.on(), r.owner(), o.owner())));
			result.add(target.hasRole(r.owner()) ? d : withoutRole(d, r.owner(), OWNERS_OFF));
		}
	}

	/** The parents of an owner given to a created object: down to the object itself, whose creation it is part of. */
	private static List<String> createdWith(Securable on) {
		if (on.schema() == null) {
			return List.of("schema:" + on.name());
		}
		String kind = switch (on.objectKind()) {
			case "TABLE", "FOREIGN TABLE" -> "table";
			case "VIEW" -> "view";
			case "MATERIALIZED VIEW" -> "materialized-view";
			case "SEQUENCE" -> "sequence";
			case "FUNCTION" -> "function";
			case "TYPE", "DOMAIN" -> "type";
			default -> throw new IllegalArgumentException("Not an owned object kind: " + on.objectKind());
		};
		return List.of("schema:" + on.schema(), kind + ":" + on.text());
	}

	/** An object with an owner; {@code owner} null when the snapshot did not read it. */
	private record Owned(Securable on, @Nullable String owner) {
	}

	/** By object kind and text. A sequence a column owns is left out: it follows its table's owner. */
	private static Map<String, Owned> owned(CatalogSnapshot s) {
		List<Owned> all = new ArrayList<>();
		s.schemas().forEach(n -> all.add(new Owned(new Securable("SCHEMA", null, n.name(), null, null), n.owner())));
		s.tables().forEach(t -> all.add(new Owned(new Securable(
				t.kind() == TableInfo.TableKind.FOREIGN_TABLE ? "FOREIGN TABLE" : "TABLE", t.schema(), t.name(), null,
				null), t.owner())));
		s.views().forEach(v -> all.add(new Owned(new Securable(v.materialized() ? "MATERIALIZED VIEW" : "VIEW",
				v.schema(), v.name(), null, null), v.owner())));
		s.sequences().stream().filter(q -> q.ownedByTable() == null).forEach(q -> all.add(new Owned(
				new Securable("SEQUENCE", q.schema(), q.name(), null, null), q.owner())));
		s.functions().forEach(f -> all.add(new Owned(new Securable("FUNCTION", f.schema(), f.name(), null,
				f.arguments()), f.owner())));
		s.types().forEach(ty -> all.add(new Owned(new Securable(ty.kind() == TypeInfo.Kind.DOMAIN ? "DOMAIN" : "TYPE",
				ty.schema(), ty.name(), null, null), ty.owner())));
		Map<String, Owned> byObject = new LinkedHashMap<>();
		all.forEach(o -> byObject.put(o.on().objectKind() + " " + o.on().text(), o));
		return byObject;
	}

	// ---------------------------------------------------------------------------------------------- lookups

	private static boolean hasSchema(CatalogSnapshot s, String name) {
		return s.schemas().stream().anyMatch(n -> n.name().equals(name));
	}

	private static boolean hasTable(CatalogSnapshot s, @Nullable String schema, String name) {
		return table(s, schema, name) != null;
	}

	private static @Nullable TableInfo table(CatalogSnapshot s, @Nullable String schema, String name) {
		return s.tables().stream().filter(t -> t.schema().equals(schema) && t.name().equals(name)).findFirst()
			.orElse(null);
	}

	private static @Nullable ViewInfo view(CatalogSnapshot s, @Nullable String schema, String name) {
		return s.views().stream().filter(v -> v.schema().equals(schema) && v.name().equals(name)).findFirst()
			.orElse(null);
	}

	private static @Nullable SequenceInfo sequence(CatalogSnapshot s, @Nullable String schema, String name) {
		return s.sequences().stream().filter(q -> q.schema().equals(schema) && q.name().equals(name)).findFirst()
			.orElse(null);
	}

	private static boolean hasColumn(CatalogSnapshot s, Securable on) {
		TableInfo t = table(s, on.schema(), on.name());
		return t != null && t.columns().stream().anyMatch(c -> c.name().equals(on.column()));
	}

	private static boolean hasFunction(CatalogSnapshot s, String key) {
		return s.functions().stream().anyMatch(f -> f.key().equals(key));
	}

	private static boolean hasType(CatalogSnapshot s, @Nullable String schema, String name) {
		return s.types().stream().anyMatch(t -> t.schema().equals(schema) && t.name().equals(name));
	}

	// ---------------------------------------------------------------------------------------------- sets

	private static <T extends CatalogObject> Map<String, T> byKey(List<T> objects, Function<T, String> key) {
		Map<String, T> map = new LinkedHashMap<>();
		for (T o : objects) {
			map.put(key.apply(o), o);
		}
		return map;
	}

	private static SortedSet<String> union(Collection<String> a, Collection<String> b) {
		SortedSet<String> all = new TreeSet<>(a);
		all.addAll(b);
		return all;
	}

	private static SortedSet<String> set(Collection<String> values) {
		return new TreeSet<>(values);
	}

	private static List<String> minus(Collection<String> a, Collection<String> b) {
		return a.stream().filter(x -> !b.contains(x)).sorted().toList();
	}

	private static List<String> intersect(Collection<String> a, Collection<String> b) {
		return a.stream().filter(b::contains).sorted().toList();
	}
}

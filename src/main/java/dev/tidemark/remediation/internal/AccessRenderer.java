package dev.tidemark.remediation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tidemark.checks.change.AccessChange;
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
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;
import org.jspecify.annotations.Nullable;

import static dev.tidemark.common.SqlIdentifiers.quote;
import static dev.tidemark.common.SqlIdentifiers.literal;
import static dev.tidemark.common.SqlIdentifiers.qualified;
import static dev.tidemark.remediation.internal.Sql.regclass;

/**
 * Changesets for {@link AccessChange}s. Policies, grants and default privileges are catalog-only: each statement
 * takes a brief lock on its object (bounded by the lock_timeout every changeset gets) and rewrites nothing.
 * Privilege keywords, policy commands and object types are checked against PostgreSQL's own lists, since they are
 * printed unquoted; names go through {@link Sql}; policy expressions and function arguments are PostgreSQL's own
 * text ({@code pg_get_expr}, {@code pg_get_function_identity_arguments}) and are used as printed.
 * <p>
 * Preconditions read the ACL itself ({@code aclexplode}, the default ACL where none was set), not
 * {@code has_*_privilege}, which would count what a grantee holds through PUBLIC or a role it belongs to. A grant
 * to a role the target lacks still runs, and fails with 42704 naming the role: a precondition cannot fail a
 * changeset, it can only skip it.
 */
final class AccessRenderer {

	static final Set<String> PRIVILEGES = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
			"TRIGGER", "USAGE", "CREATE", "CONNECT", "TEMPORARY", "EXECUTE", "MAINTAIN");

	private static final Map<String, String> POLICY_COMMANDS = Map.of("ALL", "*", "SELECT", "r", "INSERT", "a",
			"UPDATE", "w", "DELETE", "d");

	/** Default privileges' object types: the keyword, pg_default_acl's objtype, acldefault's objtype. */
	private record DefaultType(String keyword, String defaclObjtype, String aclObjtype) {
	}

	private static final Map<String, DefaultType> DEFAULT_TYPES = Map.of("tables", new DefaultType("TABLES", "r", "r"),
			"sequences", new DefaultType("SEQUENCES", "S", "s"), "functions", new DefaultType("FUNCTIONS", "f", "f"),
			"routines", new DefaultType("ROUTINES", "f", "f"), "types", new DefaultType("TYPES", "T", "T"),
			"schemas", new DefaultType("SCHEMAS", "n", "n"));

	private AccessRenderer() {
	}

	static List<Draft> render(AccessChange change) {
		return switch (change) {
			case CreatePolicy c -> List.of(createPolicy(c));
			case DropPolicy c -> List.of(dropPolicy(c));
			case AlterPolicy c -> List.of(alterPolicy(c));
			case ReplacePolicy c -> List.of(replacePolicy(c));
			case Grant c -> List.of(grant(c));
			case GrantOption c -> List.of(grantOption(c));
			case Revoke c -> List.of(revoke(c));
			case RevokeGrantOption c -> List.of(revokeGrantOption(c));
			case GrantDefault c -> List.of(grantDefault(c));
			case RevokeDefault c -> List.of(revokeDefault(c));
			case SetOwner c -> List.of(setOwner(c));
		};
	}

	// ---------------------------------------------------------------------------------------------- policies

	private static Draft createPolicy(CreatePolicy c) {
		Policy p = c.policy();
		return new Draft(c.summary() + " (catalog-only)", Risk.LOW, true, create(p) + ";",
				Rollback.sql(drop(p) + ";"), policyProbe(p), 0);
	}

	private static Draft dropPolicy(DropPolicy c) {
		Policy p = c.policy();
		return new Draft(c.summary() + " (catalog-only; who sees which rows changes at once)", Risk.HIGH,
				true, drop(p) + ";", Rollback.sql(create(p) + ";"), policyProbe(p), 1);
	}

	private static Draft alterPolicy(AlterPolicy c) {
		Rollback rollback = alterable(c.to(), c.from()) ? Rollback.sql(alter(c.to(), c.from()) + ";")
				: Rollback.sql(drop(c.to()) + ";\n" + create(c.from()) + ";");
		return new Draft(c.summary() + " (catalog-only; who sees which rows changes at once)",
				Risk.MEDIUM, true, alter(c.from(), c.to()) + ";", rollback, policyDiffers(c.to()), 1);
	}

	private static Draft replacePolicy(ReplacePolicy c) {
		return new Draft(c.summary() + " (drop and create in one transaction, so the table is never"
				+ " without it; catalog-only)", Risk.MEDIUM, true, drop(c.from()) + ";\n" + create(c.to()) + ";",
				Rollback.sql(drop(c.to()) + ";\n" + create(c.from()) + ";"), policyDiffers(c.to()), 1);
	}

	static String create(Policy p) {
		command(p);
		return "CREATE POLICY " + quote(p.name()) + " ON " + qualified(p.schema(), p.table()) + " AS "
				+ (p.permissive() ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + p.command() + " TO " + roles(p.roles())
				+ (p.using() == null ? "" : " USING (" + p.using() + ")")
				+ (p.withCheck() == null ? "" : " WITH CHECK (" + p.withCheck() + ")");
	}

	private static String drop(Policy p) {
		return "DROP POLICY IF EXISTS " + quote(p.name()) + " ON " + qualified(p.schema(), p.table());
	}

	/** {@code ALTER POLICY} with the clauses that differ. */
	private static String alter(Policy from, Policy to) {
		StringBuilder sql = new StringBuilder("ALTER POLICY " + quote(to.name()) + " ON "
				+ qualified(to.schema(), to.table()));
		if (!from.roles().equals(to.roles())) {
			sql.append(" TO ").append(roles(to.roles()));
		}
		if (!Objects.equals(from.using(), to.using())) {
			sql.append(" USING (").append(to.using()).append(')');
		}
		if (!Objects.equals(from.withCheck(), to.withCheck())) {
			sql.append(" WITH CHECK (").append(to.withCheck()).append(')');
		}
		return sql.toString();
	}

	private static boolean alterable(Policy from, Policy to) {
		return from.permissive() == to.permissive() && from.command().equals(to.command())
				&& (from.using() == null || to.using() != null) && (from.withCheck() == null || to.withCheck() != null);
	}

	/** {@code PUBLIC} for the pseudo-role, every other role quoted. */
	private static String roles(List<String> roles) {
		if (roles.isEmpty()) {
			return "PUBLIC";
		}
		return roles.stream().map(r -> "public".equals(r) ? "PUBLIC" : quote(r)).collect(Collectors.joining(", "));
	}

	private static String command(Policy p) {
		String code = POLICY_COMMANDS.get(p.command());
		if (code == null) {
			throw new IllegalArgumentException("Not a policy command: " + p.command());
		}
		return code;
	}

	/** 1 while the policy exists, 0 once it is gone. */
	static String policyProbe(Policy p) {
		return "SELECT count(*) FROM pg_catalog.pg_policy p WHERE p.polrelid = " + regclass(p.schema(), p.table())
				+ " AND p.polname = " + literal(p.name());
	}

	/** 1 while the policy exists and is not yet {@code to} (kind, command, roles, expressions as printed). */
	static String policyDiffers(Policy to) {
		String roles = to.roles().isEmpty() ? "ARRAY['public']"
				: "ARRAY[" + to.roles().stream().map(SqlIdentifiers::literal).collect(Collectors.joining(", ")) + "]";
		return policyProbe(to) + " AND NOT (p.polpermissive = " + to.permissive() + " AND p.polcmd = '" + command(to)
				+ "' AND pg_catalog.pg_get_expr(p.polqual, p.polrelid) " + isText(to.using())
				+ " AND pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) " + isText(to.withCheck())
				+ " AND ARRAY(SELECT CASE WHEN u.r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(u.r)::text END"
				+ " FROM unnest(p.polroles) u(r) ORDER BY 1) = ARRAY(SELECT unnest(" + roles + "::text[]) ORDER BY 1))";
	}

	private static String isText(@Nullable String text) {
		return text == null ? "IS NULL" : "IS NOT DISTINCT FROM " + literal(text);
	}

	// ---------------------------------------------------------------------------------------------- privileges

	private static Draft grant(Grant c) {
		String on = on(c.on());
		String what = privileges(c.on(), c.privileges());
		return new Draft(c.summary() + " (catalog-only)", Risk.LOW, true,
				"GRANT " + what + " ON " + on + " TO " + grantee(c.grantee())
						+ (c.withGrantOption() ? " WITH GRANT OPTION" : "") + ";",
				Rollback.sql("REVOKE " + what + " ON " + on + " FROM " + grantee(c.grantee()) + ";"),
				lacks(held(c.on(), c.grantee(), c.privileges(), c.withGrantOption()), c.privileges().size()), 1);
	}

	private static Draft grantOption(GrantOption c) {
		String on = on(c.on());
		String what = privileges(c.on(), c.privileges());
		return new Draft(c.summary() + " (catalog-only)", Risk.LOW, true,
				"GRANT " + what + " ON " + on + " TO " + grantee(c.grantee()) + " WITH GRANT OPTION;",
				Rollback.sql("REVOKE GRANT OPTION FOR " + what + " ON " + on + " FROM " + grantee(c.grantee()) + ";"),
				lacks(held(c.on(), c.grantee(), c.privileges(), true), c.privileges().size()), 1);
	}

	private static Draft revoke(Revoke c) {
		String on = on(c.on());
		List<String> plain = c.privileges().stream().filter(p -> !c.grantable().contains(p)).toList();
		List<String> grantable = c.privileges().stream().filter(c.grantable()::contains).toList();
		List<String> back = new ArrayList<>();
		if (!plain.isEmpty()) {
			back.add("GRANT " + privileges(c.on(), plain) + " ON " + on + " TO " + grantee(c.grantee()) + ";");
		}
		if (!grantable.isEmpty()) {
			back.add("GRANT " + privileges(c.on(), grantable) + " ON " + on + " TO " + grantee(c.grantee())
					+ " WITH GRANT OPTION;");
		}
		return new Draft(c.summary() + (c.newObject() ? " (catalog-only)"
				: " (catalog-only; what uses them fails at once; fails instead if the grantee passed them on)"),
				c.newObject() ? Risk.LOW : Risk.HIGH, true,
				"REVOKE " + privileges(c.on(), c.privileges()) + " ON " + on + " FROM " + grantee(c.grantee()) + ";",
				Rollback.sql(String.join("\n", back)),
				holds(held(c.on(), c.grantee(), c.privileges(), false)), 1);
	}

	private static Draft revokeGrantOption(RevokeGrantOption c) {
		String on = on(c.on());
		String what = privileges(c.on(), c.privileges());
		return new Draft(c.summary() + " (catalog-only; fails if the grantee passed them on)", Risk.HIGH,
				true, "REVOKE GRANT OPTION FOR " + what + " ON " + on + " FROM " + grantee(c.grantee()) + ";",
				Rollback.sql("GRANT " + what + " ON " + on + " TO " + grantee(c.grantee()) + " WITH GRANT OPTION;"),
				holds(held(c.on(), c.grantee(), c.privileges(), true)), 1);
	}

	/**
	 * The object of a GRANT: {@code ROUTINE} for functions, which names functions, procedures and aggregates
	 * alike ({@code ON FUNCTION} rejects a procedure).
	 */
	static String on(Securable on) {
		return switch (on.objectKind()) {
			case "SCHEMA" -> "SCHEMA " + quote(on.name());
			case "TABLE", "COLUMN" -> "TABLE " + qualified(on.schema(), on.name());
			case "SEQUENCE" -> "SEQUENCE " + qualified(on.schema(), on.name());
			case "FUNCTION" -> "ROUTINE " + qualified(on.schema(), on.name()) + "("
					+ (on.arguments() == null ? "" : on.arguments()) + ")";
			case "TYPE" -> "TYPE " + qualified(on.schema(), on.name());
			default -> throw new IllegalArgumentException("Not a privilege's object kind: " + on.objectKind());
		};
	}

	/** {@code SELECT, UPDATE}, or for a column {@code SELECT ("email"), UPDATE ("email")}. */
	static String privileges(Securable on, List<String> privileges) {
		String column = on.objectKind().equals("COLUMN") ? " (" + quote(Objects.requireNonNull(on.column())) + ")"
				: "";
		return checked(privileges).stream().map(p -> p + column).collect(Collectors.joining(", "));
	}

	private static List<String> checked(List<String> privileges) {
		if (privileges.isEmpty()) {
			throw new IllegalArgumentException("No privileges");
		}
		for (String p : privileges) {
			if (!PRIVILEGES.contains(p)) {
				throw new IllegalArgumentException("Not a privilege: " + p);
			}
		}
		return privileges;
	}

	static String grantee(String grantee) {
		return "PUBLIC".equals(grantee) ? "PUBLIC" : quote(grantee);
	}

	/** The grantee's oid, 0 for PUBLIC, NULL when the role does not exist (then it holds nothing). */
	private static String granteeOid(String grantee) {
		return "PUBLIC".equals(grantee) ? "0"
				: "(SELECT ro.oid FROM pg_catalog.pg_roles ro WHERE ro.rolname = " + literal(grantee) + ")";
	}

	/** How many of the privileges the grantee holds directly on the object ({@code withOption}: with it). */
	static String held(Securable on, String grantee, List<String> privileges, boolean withOption) {
		String from;
		String where;
		switch (on.objectKind()) {
			case "SCHEMA" -> {
				from = "pg_catalog.pg_namespace t, pg_catalog.aclexplode(coalesce(t.nspacl, "
						+ "pg_catalog.acldefault('n', t.nspowner))) a";
				where = "t.nspname = " + literal(on.name());
			}
			case "TABLE", "SEQUENCE" -> {
				from = "pg_catalog.pg_class t, pg_catalog.aclexplode(coalesce(t.relacl, pg_catalog.acldefault('"
						+ (on.objectKind().equals("SEQUENCE") ? "s" : "r") + "', t.relowner))) a";
				where = "t.oid = " + regclass(Objects.requireNonNull(on.schema()), on.name());
			}
			case "COLUMN" -> {
				from = "pg_catalog.pg_attribute t, pg_catalog.aclexplode(t.attacl) a";
				where = "t.attrelid = " + regclass(Objects.requireNonNull(on.schema()), on.name())
						+ " AND t.attname = " + literal(Objects.requireNonNull(on.column())) + " AND NOT t.attisdropped";
			}
			case "FUNCTION" -> {
				from = "pg_catalog.pg_proc t JOIN pg_catalog.pg_namespace n ON n.oid = t.pronamespace, "
						+ "pg_catalog.aclexplode(coalesce(t.proacl, pg_catalog.acldefault('f', t.proowner))) a";
				where = "n.nspname = " + literal(Objects.requireNonNull(on.schema())) + " AND t.proname = "
						+ literal(on.name()) + " AND pg_catalog.pg_get_function_identity_arguments(t.oid) = "
						+ literal(on.arguments() == null ? "" : on.arguments());
			}
			case "TYPE" -> {
				from = "pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace, "
						+ "pg_catalog.aclexplode(coalesce(t.typacl, pg_catalog.acldefault('T', t.typowner))) a";
				where = "n.nspname = " + literal(Objects.requireNonNull(on.schema())) + " AND t.typname = "
						+ literal(on.name());
			}
			default -> throw new IllegalArgumentException("Not a privilege's object kind: " + on.objectKind());
		}
		return "SELECT count(DISTINCT a.privilege_type) FROM " + from + " WHERE " + where + " AND a.grantee = "
				+ granteeOid(grantee) + " AND a.privilege_type IN (" + inList(privileges) + ")"
				+ (withOption ? " AND a.is_grantable" : "");
	}

	private static String inList(List<String> privileges) {
		return checked(privileges).stream().map(SqlIdentifiers::literal).collect(Collectors.joining(", "));
	}

	/** 1 while the grantee lacks one of the {@code count} privileges. */
	private static String lacks(String held, int count) {
		return "SELECT count(*) FROM (SELECT 1) x WHERE (" + held + ") < " + count;
	}

	/** 1 while the grantee holds one of them. */
	private static String holds(String held) {
		return "SELECT count(*) FROM (SELECT 1) x WHERE (" + held + ") > 0";
	}

	// ---------------------------------------------------------------------------------------------- owners

	/**
	 * MEDIUM, not destructive: nothing is dropped, but what the previous owner held as owner (every privilege, and
	 * the right to alter and drop) passes to the new owner at once, unless it holds them otherwise. A new owner the
	 * target lacks fails the statement with 42704 naming the role.
	 */
	private static Draft setOwner(SetOwner c) {
		String object = ownedObject(c.on());
		String statement = "ALTER " + object + " OWNER TO " + quote(c.owner()) + ";";
		if (c.previous() == null) {
			// created by this plan: skipped (the next scan then reports the owner) where the role running it may not
			// give it away, rather than failing the remediation that creates it
			return new Draft(c.summary() + " (catalog-only; skipped unless the role running the plan may give it"
					+ " away: a superuser, or a member of " + c.owner() + ", which needs CREATE on the schema)",
					Risk.LOW, true, statement,
					// whether it ran or was skipped, rolling back the creation drops the object, owner and all
					Rollback.nothingToUndo("the object goes when its creation is rolled back"),
					"SELECT count(*) FROM (" + ownerDiffers(c.on(), c.owner()) + ") d WHERE d.count > 0 AND "
							+ mayGiveTo(c.on(), c.owner()),
					1);
		}
		return new Draft(c.summary() + " (catalog-only; what the previous owner held as owner passes to"
				+ " the new owner)", Risk.MEDIUM, true, statement,
				Rollback.sql("ALTER " + object + " OWNER TO " + quote(c.previous()) + ";"),
				ownerDiffers(c.on(), c.owner()), 1);
	}

	/**
	 * Whether the current role may make {@code owner} the owner of {@code on} (PostgreSQL's own rule): a superuser
	 * may; anyone else must be a member of {@code owner}, and {@code owner} needs CREATE on the object's schema (for
	 * a schema, the current role needs CREATE on the database).
	 */
	static String mayGiveTo(Securable on, String owner) {
		String room = on.objectKind().equals("SCHEMA")
				? "pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE')"
				: "pg_catalog.has_schema_privilege(ro.oid, " + literal(Objects.requireNonNull(on.schema()))
						+ ", 'CREATE')";
		return "EXISTS (SELECT 1 FROM pg_catalog.pg_roles ro WHERE ro.rolname = " + literal(owner)
				+ " AND ((SELECT me.rolsuper FROM pg_catalog.pg_roles me WHERE me.rolname = CURRENT_USER)"
				// PostgreSQL 16 asks for membership WITH SET; 15 has no such option to ask about
				+ " OR CASE WHEN pg_catalog.current_setting('server_version_num')::int >= 160000"
				+ " THEN pg_catalog.pg_has_role(ro.oid, 'SET') ELSE pg_catalog.pg_has_role(ro.oid, 'MEMBER') END"
				+ " AND " + room + "))";
	}

	/** What follows ALTER: the statement's kind and the object. */
	static String ownedObject(Securable on) {
		return switch (on.objectKind()) {
			case "SCHEMA" -> "SCHEMA " + quote(on.name());
			case "TABLE", "FOREIGN TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "TYPE", "DOMAIN" ->
				on.objectKind() + " " + qualified(Objects.requireNonNull(on.schema()), on.name());
			case "FUNCTION" -> "ROUTINE " + qualified(Objects.requireNonNull(on.schema()), on.name()) + "("
					+ (on.arguments() == null ? "" : on.arguments()) + ")";
			default -> throw new IllegalArgumentException("Not an owned object kind: " + on.objectKind());
		};
	}

	/**
	 * 1 while the object's owner is not {@code owner}. IS DISTINCT FROM: when the role does not exist the
	 * statement runs and fails naming it, instead of being skipped.
	 */
	static String ownerDiffers(Securable on, String owner) {
		String role = "(SELECT ro.oid FROM pg_catalog.pg_roles ro WHERE ro.rolname = " + literal(owner) + ")";
		return switch (on.objectKind()) {
			case "SCHEMA" -> "SELECT count(*) FROM pg_catalog.pg_namespace t WHERE t.nspname = " + literal(on.name())
					+ " AND t.nspowner IS DISTINCT FROM " + role;
			case "TABLE", "FOREIGN TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE" ->
				"SELECT count(*) FROM pg_catalog.pg_class t WHERE t.oid = "
						+ regclass(Objects.requireNonNull(on.schema()), on.name()) + " AND t.relowner IS DISTINCT FROM "
						+ role;
			case "FUNCTION" -> "SELECT count(*) FROM pg_catalog.pg_proc t JOIN pg_catalog.pg_namespace n ON n.oid ="
					+ " t.pronamespace WHERE n.nspname = " + literal(Objects.requireNonNull(on.schema()))
					+ " AND t.proname = " + literal(on.name())
					+ " AND pg_catalog.pg_get_function_identity_arguments(t.oid) = "
					+ literal(on.arguments() == null ? "" : on.arguments()) + " AND t.proowner IS DISTINCT FROM " + role;
			case "TYPE", "DOMAIN" -> "SELECT count(*) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON"
					+ " n.oid = t.typnamespace WHERE n.nspname = " + literal(Objects.requireNonNull(on.schema()))
					+ " AND t.typname = " + literal(on.name()) + " AND t.typowner IS DISTINCT FROM " + role;
			default -> throw new IllegalArgumentException("Not an owned object kind: " + on.objectKind());
		};
	}

	// ---------------------------------------------------------------------------------------------- defaults

	private static Draft grantDefault(GrantDefault c) {
		String prefix = defaultPrefix(c.role(), c.schema());
		String what = String.join(", ", checked(c.privileges())) + " ON " + defaultType(c.objectType()).keyword();
		String undo = c.optionOnly() ? "REVOKE GRANT OPTION FOR " : "REVOKE ";
		return new Draft(c.summary() + " (catalog-only; objects that exist keep their privileges)",
				Risk.LOW, true,
				prefix + "GRANT " + what + " TO " + grantee(c.grantee())
						+ (c.withGrantOption() ? " WITH GRANT OPTION" : "") + ";",
				Rollback.sql(prefix + undo + what + " FROM " + grantee(c.grantee()) + ";"),
				lacks(defaultHeld(c.role(), c.schema(), c.objectType(), c.grantee(), c.privileges(),
						c.withGrantOption()), c.privileges().size()), 1);
	}

	private static Draft revokeDefault(RevokeDefault c) {
		String prefix = defaultPrefix(c.role(), c.schema());
		String keyword = defaultType(c.objectType()).keyword();
		String sql;
		String rollback;
		if (c.grantOptionOnly()) {
			String what = String.join(", ", checked(c.privileges())) + " ON " + keyword;
			sql = prefix + "REVOKE GRANT OPTION FOR " + what + " FROM " + grantee(c.grantee()) + ";";
			rollback = prefix + "GRANT " + what + " TO " + grantee(c.grantee()) + " WITH GRANT OPTION;";
		}
		else {
			sql = prefix + "REVOKE " + String.join(", ", checked(c.privileges())) + " ON " + keyword + " FROM "
					+ grantee(c.grantee()) + ";";
			List<String> plain = c.privileges().stream().filter(p -> !c.grantable().contains(p)).toList();
			List<String> grantable = c.privileges().stream().filter(c.grantable()::contains).toList();
			List<String> back = new ArrayList<>();
			if (!plain.isEmpty()) {
				back.add(prefix + "GRANT " + String.join(", ", plain) + " ON " + keyword + " TO "
						+ grantee(c.grantee()) + ";");
			}
			if (!grantable.isEmpty()) {
				back.add(prefix + "GRANT " + String.join(", ", grantable) + " ON " + keyword + " TO "
						+ grantee(c.grantee()) + " WITH GRANT OPTION;");
			}
			rollback = String.join("\n", back);
		}
		return new Draft(c.summary() + " (catalog-only; objects that exist keep their privileges)",
				Risk.HIGH, true, sql, Rollback.sql(rollback),
				holds(defaultHeld(c.role(), c.schema(), c.objectType(), c.grantee(), c.privileges(),
						c.grantOptionOnly())), 1);
	}

	private static String defaultPrefix(String role, @Nullable String schema) {
		return "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(role) + (schema == null ? "" : " IN SCHEMA " + quote(schema))
				+ " ";
	}

	private static DefaultType defaultType(String objectType) {
		DefaultType type = DEFAULT_TYPES.get(objectType);
		if (type == null) {
			throw new IllegalArgumentException("Not a default privileges object type: " + objectType);
		}
		return type;
	}

	/**
	 * How many of the privileges the role's default ACL gives the grantee: the schema's entry, or for every
	 * schema the global entry, PostgreSQL's built-in defaults when there is none.
	 */
	static String defaultHeld(String role, @Nullable String schema, String objectType, String grantee,
			List<String> privileges, boolean withOption) {
		DefaultType type = defaultType(objectType);
		String roleOid = "(SELECT ro.oid FROM pg_catalog.pg_roles ro WHERE ro.rolname = " + literal(role) + ")";
		String entry = "(SELECT d.defaclacl FROM pg_catalog.pg_default_acl d WHERE d.defaclrole = " + roleOid
				+ " AND d.defaclnamespace = "
				+ (schema == null ? "0"
						: "(SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = " + literal(schema) + ")")
				+ " AND d.defaclobjtype = '" + type.defaclObjtype() + "')";
		String acl = schema == null
				? "coalesce(" + entry + ", pg_catalog.acldefault('" + type.aclObjtype() + "', " + roleOid + "))"
				: entry;
		return "SELECT count(DISTINCT a.privilege_type) FROM pg_catalog.aclexplode(" + acl + ") a WHERE a.grantee = "
				+ granteeOid(grantee) + " AND a.privilege_type IN (" + inList(privileges) + ")"
				+ (withOption ? " AND a.is_grantable" : "");
	}
}

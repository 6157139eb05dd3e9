package dev.tidemark.checks.change;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import org.jspecify.annotations.Nullable;

/**
 * Changes to row-level security policies, privileges, default privileges and owners.
 * <p>
 * Every change runs in {@link Phase#ATTACH_BEHAVIOUR} (after the objects it is about were created, before any of
 * them is dropped), except {@link DropPolicy}, which goes with the other dependents. Within that phase grants come
 * before revokes ({@link #order()}), so a grantee whose privileges are swapped never holds less than both sets in
 * between; revokes are not put in {@link Phase#DROP_DEPENDENTS} because nothing depends on a privilege, and late
 * they still find their object: every drop runs in a later phase.
 */
@JsonSubTypes({ @JsonSubTypes.Type(AccessChange.CreatePolicy.class), @JsonSubTypes.Type(AccessChange.DropPolicy.class),
		@JsonSubTypes.Type(AccessChange.AlterPolicy.class), @JsonSubTypes.Type(AccessChange.ReplacePolicy.class),
		@JsonSubTypes.Type(AccessChange.Grant.class), @JsonSubTypes.Type(AccessChange.GrantOption.class),
		@JsonSubTypes.Type(AccessChange.Revoke.class), @JsonSubTypes.Type(AccessChange.RevokeGrantOption.class),
		@JsonSubTypes.Type(AccessChange.GrantDefault.class), @JsonSubTypes.Type(AccessChange.RevokeDefault.class),
		@JsonSubTypes.Type(AccessChange.SetOwner.class) })
public sealed interface AccessChange extends SchemaChange {

	/** A grant or revoke on one object for one grantee ({@code <object> to <grantee>}). */
	sealed interface PrivilegeChange extends AccessChange {

		Securable on();

		String grantee();

		@Override
		default String kind() {
			return PRIVILEGE;
		}

		@Override
		default String object() {
			return on().text() + " to " + grantee();
		}
	}

	/** A change to default privileges ({@code <schema-or-*> <objtype> to <grantee>}). */
	sealed interface DefaultPrivilegeChange extends AccessChange {

		@Nullable
		String schema();

		String objectType();

		String grantee();

		@Override
		default String kind() {
			return DEFAULT_PRIVILEGE;
		}

		@Override
		default String object() {
			return defaultObject(schema(), objectType(), grantee());
		}
	}

	String POLICY = "policy";

	String PRIVILEGE = "privilege";

	String DEFAULT_PRIVILEGE = "default-privilege";

	String OWNER = "owner";

	@Override
	default Phase phase() {
		return Phase.ATTACH_BEHAVIOUR;
	}

	// ---------------------------------------------------------------------------------------------- policies

	/**
	 * A row-level security policy as {@code CREATE POLICY} states it. {@code command} is {@code ALL},
	 * {@code SELECT}, {@code INSERT}, {@code UPDATE} or {@code DELETE}; {@code roles} {@code public} for PUBLIC;
	 * {@code using} and {@code withCheck} as {@code pg_get_expr} prints them, null when absent.
	 */
	record Policy(String schema, String table, String name, boolean permissive, String command, List<String> roles,
			@Nullable String using, @Nullable String withCheck) {

		public Policy {
			roles = List.copyOf(roles);
		}

		/** {@code schema.table.name}, as findings name a policy. */
		@JsonIgnore
		public String text() {
			return schema + "." + table + "." + name;
		}

		/** One line a person reads: {@code AS PERMISSIVE FOR SELECT TO app, public USING (...)}. */
		@JsonIgnore
		public String definition() {
			return "AS " + (permissive ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + command + " TO "
					+ String.join(", ", roles) + (using == null ? "" : " USING (" + using + ")")
					+ (withCheck == null ? "" : " WITH CHECK (" + withCheck + ")");
		}
	}

	/** {@code CREATE POLICY}: additive (LOW). */
	record CreatePolicy(Policy policy) implements AccessChange {

		@Override
		public String kind() {
			return POLICY;
		}

		@Override
		public String object() {
			return policy.text();
		}

		@Override
		public String summary() {
			return "Create policy " + policy.name() + " on " + policy.schema() + "." + policy.table() + " "
					+ policy.definition();
		}
	}

	/** {@code DROP POLICY}: destructive (the table's rows become visible or invisible to someone). */
	record DropPolicy(Policy policy) implements AccessChange {

		@Override
		public String kind() {
			return POLICY;
		}

		@Override
		public String object() {
			return policy.text();
		}

		@Override
		public Phase phase() {
			return Phase.DROP_DEPENDENTS;
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public String summary() {
			return "Drop policy " + policy.name() + " on " + policy.schema() + "." + policy.table();
		}
	}

	/**
	 * {@code ALTER POLICY} for what it can change (roles, USING, WITH CHECK), from {@code from} (the target's) to
	 * {@code to} (the reference's): same name, table, command and permissiveness, and no clause removed.
	 */
	record AlterPolicy(Policy from, Policy to) implements AccessChange {

		@Override
		public String kind() {
			return POLICY;
		}

		@Override
		public String object() {
			return to.text();
		}

		@Override
		public String summary() {
			return "Alter policy " + to.name() + " on " + to.schema() + "." + to.table() + " to " + to.definition();
		}
	}

	/**
	 * Drop and create a policy in one transaction, for what {@code ALTER POLICY} cannot change (command,
	 * permissive or restrictive, a USING or WITH CHECK clause removed). Not a {@link DropPolicy} in an early phase
	 * and a {@link CreatePolicy} in a late one: in between the table would be without the policy while other
	 * changes (index builds) run, which for a restrictive policy means rows visible that should not be.
	 */
	record ReplacePolicy(Policy from, Policy to) implements AccessChange {

		@Override
		public String kind() {
			return POLICY;
		}

		@Override
		public String object() {
			return to.text();
		}

		@Override
		public String summary() {
			return "Replace policy " + to.name() + " on " + to.schema() + "." + to.table() + " with "
					+ to.definition();
		}
	}

	// ---------------------------------------------------------------------------------------------- privileges

	/**
	 * What a privilege is on. {@code objectKind} as {@code PrivilegeInfo} has it ({@code SCHEMA}, {@code TABLE},
	 * {@code COLUMN}, {@code SEQUENCE}, {@code FUNCTION}, {@code TYPE}); {@code schema} null for a schema, whose
	 * name is {@code name}; {@code column} for a column privilege ({@code name} is its table); {@code arguments} a
	 * function's identity arguments as PostgreSQL prints them. An owner change ({@link SetOwner}) names its object
	 * more precisely, with the kind its ALTER statement needs ({@code VIEW}, {@code DOMAIN}, ...).
	 */
	record Securable(String objectKind, @Nullable String schema, String name, @Nullable String column,
			@Nullable String arguments) {

		/** As findings name the object: {@code app}, {@code public.orders.email}, {@code public.f(x integer)}. */
		@JsonIgnore
		public String text() {
			return switch (objectKind) {
				case "SCHEMA" -> name;
				case "COLUMN" -> schema + "." + name + "." + column;
				case "FUNCTION" -> schema + "." + name + "(" + (arguments == null ? "" : arguments) + ")";
				default -> schema + "." + name;
			};
		}

		/** {@code table public.orders}, {@code column public.orders.email}: the kind in words. */
		@JsonIgnore
		public String described() {
			return objectKind.toLowerCase(java.util.Locale.ROOT) + " " + text();
		}
	}

	/** The needed role in a summary: a GRANT to a role the target lacks fails (42704) until it is created. */
	private static String needs(String grantee) {
		return "PUBLIC".equals(grantee) ? "" : " (needs role " + grantee + ")";
	}

	/** Default privileges need the role they are for, and the grantee. */
	private static String needs(String role, String grantee) {
		return "PUBLIC".equals(grantee) || role.equals(grantee) ? " (needs role " + role + ")"
				: " (needs roles " + role + " and " + grantee + ")";
	}

	/**
	 * {@code GRANT privileges ON object TO grantee [WITH GRANT OPTION]}: the target holds none of them. LOW.
	 */
	record Grant(Securable on, String grantee, List<String> privileges, boolean withGrantOption)
			implements PrivilegeChange {

		public Grant {
			privileges = List.copyOf(privileges);
		}

		@Override
		public String summary() {
			return "Grant " + String.join(", ", privileges) + " on " + on.described() + " to " + grantee
					+ (withGrantOption ? " with grant option" : "") + needs(grantee);
		}
	}

	/** {@code GRANT ... WITH GRANT OPTION} for privileges the target holds without the option. LOW. */
	record GrantOption(Securable on, String grantee, List<String> privileges) implements PrivilegeChange {

		public GrantOption {
			privileges = List.copyOf(privileges);
		}

		@Override
		public String summary() {
			return "Grant the grant option for " + String.join(", ", privileges) + " on " + on.described() + " to "
					+ grantee + needs(grantee);
		}
	}

	/**
	 * {@code REVOKE privileges ON object FROM grantee}, without CASCADE (privileges the grantee passed on make it
	 * fail instead of vanishing). {@code grantable}: those the target held WITH GRANT OPTION, granted back so on
	 * rollback. Destructive (an application can lose access), unless {@code newObject}: the object is created by
	 * the same plan and this only takes away a default it was born with (PUBLIC's EXECUTE on a function).
	 */
	record Revoke(Securable on, String grantee, List<String> privileges, List<String> grantable, boolean newObject)
			implements PrivilegeChange {

		public Revoke {
			privileges = List.copyOf(privileges);
			grantable = List.copyOf(grantable);
		}

		@Override
		public boolean destructive() {
			return !newObject;
		}

		@Override
		public int order() {
			return 1;
		}

		@Override
		public String summary() {
			return "Revoke " + String.join(", ", privileges) + " on " + on.described() + " from " + grantee
					+ (newObject ? " (a default of the newly created object)" : "");
		}
	}

	/** {@code REVOKE GRANT OPTION FOR privileges ...}: the grantee keeps the privileges. Destructive. */
	record RevokeGrantOption(Securable on, String grantee, List<String> privileges) implements PrivilegeChange {

		public RevokeGrantOption {
			privileges = List.copyOf(privileges);
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public int order() {
			return 1;
		}

		@Override
		public String summary() {
			return "Revoke the grant option for " + String.join(", ", privileges) + " on " + on.described()
					+ " from " + grantee;
		}
	}

	// ---------------------------------------------------------------------------------------------- defaults

	/**
	 * {@code ALTER DEFAULT PRIVILEGES FOR ROLE role [IN SCHEMA schema] GRANT privileges ON objectType TO grantee
	 * [WITH GRANT OPTION]}. {@code objectType} as {@code DefaultPrivilegeInfo} has it ({@code tables},
	 * {@code sequences}, {@code functions}, {@code types}, {@code schemas}); {@code schema} null for every schema.
	 * {@code optionOnly}: the grantee holds them already, without the option, which granting them again adds
	 * (rolled back by revoking the option only). LOW.
	 */
	record GrantDefault(String role, @Nullable String schema, String objectType, String grantee,
			List<String> privileges, boolean withGrantOption, boolean optionOnly) implements DefaultPrivilegeChange {

		public GrantDefault {
			privileges = List.copyOf(privileges);
		}

		@Override
		public String summary() {
			return "Grant " + (optionOnly ? "the grant option for " : "") + String.join(", ", privileges) + " on "
					+ objectType + " " + role + " creates in "
					+ (schema == null ? "any schema" : "schema " + schema) + " to " + grantee
					+ (withGrantOption && !optionOnly ? " with grant option" : "") + needs(role, grantee);
		}
	}

	/**
	 * {@code ALTER DEFAULT PRIVILEGES ... REVOKE [GRANT OPTION FOR] privileges ON objectType FROM grantee}:
	 * {@code grantOptionOnly} takes only the option away; {@code grantable} the privileges held with the option,
	 * granted back so on rollback. Existing objects keep theirs; destructive all the same (what the role creates
	 * next lacks them).
	 */
	record RevokeDefault(String role, @Nullable String schema, String objectType, String grantee,
			List<String> privileges, List<String> grantable, boolean grantOptionOnly) implements DefaultPrivilegeChange {

		public RevokeDefault {
			privileges = List.copyOf(privileges);
			grantable = List.copyOf(grantable);
		}

		@Override
		public boolean destructive() {
			return true;
		}

		@Override
		public int order() {
			return 1;
		}

		@Override
		public String summary() {
			return "Revoke " + (grantOptionOnly ? "the grant option for " : "") + String.join(", ", privileges)
					+ " on " + objectType + " " + role + " creates in "
					+ (schema == null ? "any schema" : "schema " + schema) + " from " + grantee;
		}
	}

	// ---------------------------------------------------------------------------------------------- owners

	/**
	 * {@code ALTER <kind> <object> OWNER TO owner}, from {@code previous} (the target's owner, set back on
	 * rollback; null for an object the same plan creates, which belongs to the role running it). {@code on.objectKind()}: {@code SCHEMA}, {@code TABLE} (partitioned tables and partitions too),
	 * {@code FOREIGN TABLE}, {@code VIEW}, {@code MATERIALIZED VIEW}, {@code SEQUENCE} (one no column owns; an
	 * owned one follows its table), {@code FUNCTION} (procedures and aggregates too), {@code TYPE} or
	 * {@code DOMAIN}. Nothing is dropped, but the rights the previous owner held as owner pass to the new one, so it
	 * runs after the revokes ({@link #order()} 2): a privilege revoked from the new owner must go while it is not yet
	 * the owner, or its own rights would be revoked.
	 */
	record SetOwner(Securable on, String owner, @Nullable String previous) implements AccessChange {

		@Override
		public String kind() {
			return OWNER;
		}

		@Override
		public String object() {
			return on.text();
		}

		@Override
		public int order() {
			return 2;
		}

		@Override
		public String summary() {
			return previous == null
					? "Give " + on.described() + " to its owner " + owner + " (created, it belongs to the role that"
							+ " runs the plan)" + needs(owner)
					: "Change the owner of " + on.described() + " from " + previous + " to " + owner + needs(owner);
		}
	}

	/** {@code <schema-or-*> <objtype> to <grantee>}, as findings name default privileges. */
	static String defaultObject(@Nullable String schema, String objectType, String grantee) {
		return (schema == null ? "*" : schema) + " " + objectType + " to " + grantee;
	}
}

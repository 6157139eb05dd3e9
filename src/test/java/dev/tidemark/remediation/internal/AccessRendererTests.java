package dev.tidemark.remediation.internal;

import java.util.List;
import java.util.stream.Stream;

import dev.tidemark.checks.change.ChangeRecords;
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
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.remediation.Plan.Risk;
import dev.tidemark.remediation.Plan.Rollback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each change renders to exactly this SQL, rollback, risk and precondition. Drafts of each of these shapes were
 * also run once by hand against a PostgreSQL 15 (each in a transaction: the precondition returned the expected
 * count with the drift in place, another after the SQL, the expected count again after the rollback) and linted
 * with squawk; this test needs no database.
 */
class AccessRendererTests {

	private static final String BAD = "\"Bad \"\"Schema\"\"\".\"line;item\"";

	private static final String BAD_REGCLASS = "to_regclass('\"Bad \"\"Schema\"\"\".\"line;item\"')";

	static final Policy OWN = new Policy("Bad \"Schema\"", "line;item", "Own rows", true, "SELECT",
			List.of("App User", "public"), "(owner = CURRENT_USER)", null);

	static final Policy OWN_ALTERED = new Policy("Bad \"Schema\"", "line;item", "Own rows", true, "SELECT",
			List.of("public"), "(owner = 'x''y'::text)", null);

	static final Policy OWN_RESTRICTIVE = new Policy("Bad \"Schema\"", "line;item", "Own rows", false, "UPDATE",
			List.of("App User"), "true", "(owner IS NOT NULL)");

	static final Policy W = new Policy("public", "orders", "w", false, "UPDATE", List.of("public"), "true",
			"(a > 0)");

	static final Securable ORDERS = new Securable("TABLE", "public", "orders", null, null);

	static final Securable EMAIL = new Securable("COLUMN", "public", "orders", "E-mail", null);

	static final Securable F = new Securable("FUNCTION", "public", "f", null, "x integer");

	static final Securable APP = new Securable("SCHEMA", null, "app", null, null);

	static final Securable SEQ = new Securable("SEQUENCE", "public", "seq", null, null);

	static final Securable MOOD = new Securable("TYPE", "Bad \"Schema\"", "mood", null, null);

	private static final String OWN_PROBE = "SELECT count(*) FROM pg_catalog.pg_policy p WHERE p.polrelid = "
			+ BAD_REGCLASS + " AND p.polname = 'Own rows'";

	private static final String ROLE_APP = "(SELECT ro.oid FROM pg_catalog.pg_roles ro WHERE ro.rolname = 'app')";

	private static final String ROLE_OWNER = "(SELECT ro.oid FROM pg_catalog.pg_roles ro WHERE ro.rolname = 'owner')";

	private static final String F_ACL = "SELECT count(DISTINCT a.privilege_type) FROM pg_catalog.pg_proc t JOIN"
			+ " pg_catalog.pg_namespace n ON n.oid = t.pronamespace, pg_catalog.aclexplode(coalesce(t.proacl,"
			+ " pg_catalog.acldefault('f', t.proowner))) a WHERE n.nspname = 'public' AND t.proname = 'f' AND"
			+ " pg_catalog.pg_get_function_identity_arguments(t.oid) = 'x integer'";

	private static final String ORDERS_ACL = "SELECT count(DISTINCT a.privilege_type) FROM pg_catalog.pg_class t,"
			+ " pg_catalog.aclexplode(coalesce(t.relacl, pg_catalog.acldefault('r', t.relowner))) a WHERE t.oid ="
			+ " to_regclass('\"public\".\"orders\"')";

	private static final String APP_DEFAULT_ACL = "(SELECT d.defaclacl FROM pg_catalog.pg_default_acl d WHERE"
			+ " d.defaclrole = " + ROLE_OWNER + " AND d.defaclnamespace = (SELECT n.oid FROM pg_catalog.pg_namespace n"
			+ " WHERE n.nspname = 'app') AND d.defaclobjtype = ";

	private static final String GLOBAL_FUNCTION_ACL = "coalesce((SELECT d.defaclacl FROM pg_catalog.pg_default_acl"
			+ " d WHERE d.defaclrole = " + ROLE_OWNER + " AND d.defaclnamespace = 0 AND d.defaclobjtype = 'f'),"
			+ " pg_catalog.acldefault('f', " + ROLE_OWNER + "))";

	private static String policyIs(String permissive, String cmd, String qual, String check, String roles) {
		return " AND NOT (p.polpermissive = " + permissive + " AND p.polcmd = '" + cmd
				+ "' AND pg_catalog.pg_get_expr(p.polqual, p.polrelid) " + qual
				+ " AND pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) " + check
				+ " AND ARRAY(SELECT CASE WHEN u.r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(u.r)::text END"
				+ " FROM unnest(p.polroles) u(r) ORDER BY 1) = ARRAY(SELECT unnest(ARRAY[" + roles
				+ "]::text[]) ORDER BY 1))";
	}

	private static String lacks(String held, int n) {
		return "SELECT count(*) FROM (SELECT 1) x WHERE (" + held + ") < " + n;
	}

	private static String holds(String held) {
		return "SELECT count(*) FROM (SELECT 1) x WHERE (" + held + ") > 0";
	}

	static Stream<Arguments> cases() {
		String ownCreate = "CREATE POLICY \"Own rows\" ON " + BAD
				+ " AS PERMISSIVE FOR SELECT TO \"App User\", PUBLIC USING ((owner = CURRENT_USER))";
		String ownDrop = "DROP POLICY IF EXISTS \"Own rows\" ON " + BAD;
		String wCreate = "CREATE POLICY \"w\" ON \"public\".\"orders\" AS RESTRICTIVE FOR UPDATE TO PUBLIC"
				+ " USING (true) WITH CHECK ((a > 0));";
		return Stream.of(
				Arguments.of(new CreatePolicy(OWN), Risk.LOW, ownCreate + ";", Rollback.sql(ownDrop + ";"), OWN_PROBE,
						0),
				Arguments.of(new DropPolicy(W), Risk.HIGH, "DROP POLICY IF EXISTS \"w\" ON \"public\".\"orders\";",
						Rollback.sql(wCreate),
						"SELECT count(*) FROM pg_catalog.pg_policy p WHERE p.polrelid = "
								+ "to_regclass('\"public\".\"orders\"') AND p.polname = 'w'",
						1),
				Arguments.of(new AlterPolicy(OWN, OWN_ALTERED), Risk.MEDIUM,
						"ALTER POLICY \"Own rows\" ON " + BAD + " TO PUBLIC USING ((owner = 'x''y'::text));",
						Rollback.sql("ALTER POLICY \"Own rows\" ON " + BAD
								+ " TO \"App User\", PUBLIC USING ((owner = CURRENT_USER));"),
						OWN_PROBE + policyIs("true", "r", "IS NOT DISTINCT FROM '(owner = ''x''''y''::text)'", "IS NULL",
								"'public'"),
						1),
				// adding a WITH CHECK alters; taking it away again on rollback needs a drop and create
				Arguments.of(new AlterPolicy(OWN_ALTERED, withCheck(OWN_ALTERED, "(owner <> '')")), Risk.MEDIUM,
						"ALTER POLICY \"Own rows\" ON " + BAD + " WITH CHECK ((owner <> ''));",
						Rollback.sql(ownDrop + ";\nCREATE POLICY \"Own rows\" ON " + BAD
								+ " AS PERMISSIVE FOR SELECT TO PUBLIC USING ((owner = 'x''y'::text));"),
						OWN_PROBE + policyIs("true", "r", "IS NOT DISTINCT FROM '(owner = ''x''''y''::text)'",
								"IS NOT DISTINCT FROM '(owner <> '''')'", "'public'"),
						1),
				Arguments.of(new ReplacePolicy(OWN, OWN_RESTRICTIVE), Risk.MEDIUM,
						ownDrop + ";\nCREATE POLICY \"Own rows\" ON " + BAD
								+ " AS RESTRICTIVE FOR UPDATE TO \"App User\" USING (true) WITH CHECK ((owner IS NOT NULL));",
						Rollback.sql(ownDrop + ";\n" + ownCreate + ";"),
						OWN_PROBE + policyIs("false", "w", "IS NOT DISTINCT FROM 'true'",
								"IS NOT DISTINCT FROM '(owner IS NOT NULL)'", "'App User'"),
						1),
				Arguments.of(new Grant(ORDERS, "app", List.of("INSERT", "SELECT"), false), Risk.LOW,
						"GRANT INSERT, SELECT ON TABLE \"public\".\"orders\" TO \"app\";",
						Rollback.sql("REVOKE INSERT, SELECT ON TABLE \"public\".\"orders\" FROM \"app\";"),
						lacks(ORDERS_ACL + " AND a.grantee = " + ROLE_APP
								+ " AND a.privilege_type IN ('INSERT', 'SELECT')", 2),
						1),
				Arguments.of(new Grant(EMAIL, "Role \"x\"", List.of("SELECT", "UPDATE"), true), Risk.LOW,
						"GRANT SELECT (\"E-mail\"), UPDATE (\"E-mail\") ON TABLE \"public\".\"orders\" TO \"Role \"\"x\"\"\""
								+ " WITH GRANT OPTION;",
						Rollback.sql("REVOKE SELECT (\"E-mail\"), UPDATE (\"E-mail\") ON TABLE \"public\".\"orders\""
								+ " FROM \"Role \"\"x\"\"\";"),
						lacks("SELECT count(DISTINCT a.privilege_type) FROM pg_catalog.pg_attribute t,"
								+ " pg_catalog.aclexplode(t.attacl) a WHERE t.attrelid = to_regclass('\"public\".\"orders\"')"
								+ " AND t.attname = 'E-mail' AND NOT t.attisdropped AND a.grantee = (SELECT ro.oid FROM"
								+ " pg_catalog.pg_roles ro WHERE ro.rolname = 'Role \"x\"') AND a.privilege_type IN"
								+ " ('SELECT', 'UPDATE') AND a.is_grantable", 2),
						1),
				Arguments.of(new GrantOption(F, "app", List.of("EXECUTE")), Risk.LOW,
						"GRANT EXECUTE ON ROUTINE \"public\".\"f\"(x integer) TO \"app\" WITH GRANT OPTION;",
						Rollback.sql("REVOKE GRANT OPTION FOR EXECUTE ON ROUTINE \"public\".\"f\"(x integer) FROM \"app\";"),
						lacks(F_ACL + " AND a.grantee = " + ROLE_APP + " AND a.privilege_type IN ('EXECUTE')"
								+ " AND a.is_grantable", 1),
						1),
				Arguments.of(new Revoke(F, "PUBLIC", List.of("EXECUTE"), List.of(), false), Risk.HIGH,
						"REVOKE EXECUTE ON ROUTINE \"public\".\"f\"(x integer) FROM PUBLIC;",
						Rollback.sql("GRANT EXECUTE ON ROUTINE \"public\".\"f\"(x integer) TO PUBLIC;"),
						holds(F_ACL + " AND a.grantee = 0 AND a.privilege_type IN ('EXECUTE')"), 1),
				Arguments.of(new Revoke(F, "PUBLIC", List.of("EXECUTE"), List.of(), true), Risk.LOW,
						"REVOKE EXECUTE ON ROUTINE \"public\".\"f\"(x integer) FROM PUBLIC;",
						Rollback.sql("GRANT EXECUTE ON ROUTINE \"public\".\"f\"(x integer) TO PUBLIC;"),
						holds(F_ACL + " AND a.grantee = 0 AND a.privilege_type IN ('EXECUTE')"), 1),
				Arguments.of(new Revoke(APP, "app", List.of("CREATE", "USAGE"), List.of("USAGE"), false), Risk.HIGH,
						"REVOKE CREATE, USAGE ON SCHEMA \"app\" FROM \"app\";",
						Rollback.sql("GRANT CREATE ON SCHEMA \"app\" TO \"app\";\n"
								+ "GRANT USAGE ON SCHEMA \"app\" TO \"app\" WITH GRANT OPTION;"),
						holds("SELECT count(DISTINCT a.privilege_type) FROM pg_catalog.pg_namespace t,"
								+ " pg_catalog.aclexplode(coalesce(t.nspacl, pg_catalog.acldefault('n', t.nspowner))) a"
								+ " WHERE t.nspname = 'app' AND a.grantee = " + ROLE_APP
								+ " AND a.privilege_type IN ('CREATE', 'USAGE')"),
						1),
				Arguments.of(new RevokeGrantOption(SEQ, "app", List.of("USAGE")), Risk.HIGH,
						"REVOKE GRANT OPTION FOR USAGE ON SEQUENCE \"public\".\"seq\" FROM \"app\";",
						Rollback.sql("GRANT USAGE ON SEQUENCE \"public\".\"seq\" TO \"app\" WITH GRANT OPTION;"),
						holds("SELECT count(DISTINCT a.privilege_type) FROM pg_catalog.pg_class t,"
								+ " pg_catalog.aclexplode(coalesce(t.relacl, pg_catalog.acldefault('s', t.relowner))) a"
								+ " WHERE t.oid = to_regclass('\"public\".\"seq\"') AND a.grantee = " + ROLE_APP
								+ " AND a.privilege_type IN ('USAGE') AND a.is_grantable"),
						1),
				Arguments.of(new Grant(MOOD, "PUBLIC", List.of("USAGE"), false), Risk.LOW,
						"GRANT USAGE ON TYPE \"Bad \"\"Schema\"\"\".\"mood\" TO PUBLIC;",
						Rollback.sql("REVOKE USAGE ON TYPE \"Bad \"\"Schema\"\"\".\"mood\" FROM PUBLIC;"),
						lacks("SELECT count(DISTINCT a.privilege_type) FROM pg_catalog.pg_type t JOIN"
								+ " pg_catalog.pg_namespace n ON n.oid = t.typnamespace, pg_catalog.aclexplode(coalesce("
								+ "t.typacl, pg_catalog.acldefault('T', t.typowner))) a WHERE n.nspname = 'Bad \"Schema\"'"
								+ " AND t.typname = 'mood' AND a.grantee = 0 AND a.privilege_type IN ('USAGE')", 1),
						1),
				Arguments.of(new GrantDefault("owner", "app", "tables", "app", List.of("SELECT"), false, false),
						Risk.LOW,
						"ALTER DEFAULT PRIVILEGES FOR ROLE \"owner\" IN SCHEMA \"app\" GRANT SELECT ON TABLES TO \"app\";",
						Rollback.sql("ALTER DEFAULT PRIVILEGES FOR ROLE \"owner\" IN SCHEMA \"app\" REVOKE SELECT ON"
								+ " TABLES FROM \"app\";"),
						lacks("SELECT count(DISTINCT a.privilege_type) FROM pg_catalog.aclexplode(" + APP_DEFAULT_ACL
								+ "'r')) a WHERE a.grantee = " + ROLE_APP + " AND a.privilege_type IN ('SELECT')", 1),
						1),
				Arguments.of(new GrantDefault("owner", null, "functions", "app", List.of("EXECUTE"), true, true),
						Risk.LOW,
						"ALTER DEFAULT PRIVILEGES FOR ROLE \"owner\" GRANT EXECUTE ON FUNCTIONS TO \"app\" WITH GRANT"
								+ " OPTION;",
						Rollback.sql("ALTER DEFAULT PRIVILEGES FOR ROLE \"owner\" REVOKE GRANT OPTION FOR EXECUTE ON"
								+ " FUNCTIONS FROM \"app\";"),
						lacks("SELECT count(DISTINCT a.privilege_type) FROM pg_catalog.aclexplode(" + GLOBAL_FUNCTION_ACL
								+ ") a WHERE a.grantee = " + ROLE_APP
								+ " AND a.privilege_type IN ('EXECUTE') AND a.is_grantable", 1),
						1),
				Arguments.of(
						new RevokeDefault("owner", null, "functions", "PUBLIC", List.of("EXECUTE"), List.of(), false),
						Risk.HIGH, "ALTER DEFAULT PRIVILEGES FOR ROLE \"owner\" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;",
						Rollback.sql("ALTER DEFAULT PRIVILEGES FOR ROLE \"owner\" GRANT EXECUTE ON FUNCTIONS TO PUBLIC;"),
						holds("SELECT count(DISTINCT a.privilege_type) FROM pg_catalog.aclexplode(" + GLOBAL_FUNCTION_ACL
								+ ") a WHERE a.grantee = 0 AND a.privilege_type IN ('EXECUTE')"),
						1),
				Arguments.of(
						new RevokeDefault("owner", "app", "sequences", "app", List.of("SELECT", "USAGE"),
								List.of("USAGE"), false),
						Risk.HIGH,
						"ALTER DEFAULT PRIVILEGES FOR ROLE \"owner\" IN SCHEMA \"app\" REVOKE SELECT, USAGE ON SEQUENCES"
								+ " FROM \"app\";",
						Rollback.sql("ALTER DEFAULT PRIVILEGES FOR ROLE \"owner\" IN SCHEMA \"app\" GRANT SELECT ON"
								+ " SEQUENCES TO \"app\";\nALTER DEFAULT PRIVILEGES FOR ROLE \"owner\" IN SCHEMA \"app\""
								+ " GRANT USAGE ON SEQUENCES TO \"app\" WITH GRANT OPTION;"),
						holds("SELECT count(DISTINCT a.privilege_type) FROM pg_catalog.aclexplode(" + APP_DEFAULT_ACL
								+ "'S')) a WHERE a.grantee = " + ROLE_APP + " AND a.privilege_type IN ('SELECT', 'USAGE')"),
						1),
				Arguments.of(
						new RevokeDefault("owner", "app", "types", "app", List.of("USAGE"), List.of("USAGE"), true),
						Risk.HIGH,
						"ALTER DEFAULT PRIVILEGES FOR ROLE \"owner\" IN SCHEMA \"app\" REVOKE GRANT OPTION FOR USAGE ON"
								+ " TYPES FROM \"app\";",
						Rollback.sql("ALTER DEFAULT PRIVILEGES FOR ROLE \"owner\" IN SCHEMA \"app\" GRANT USAGE ON"
								+ " TYPES TO \"app\" WITH GRANT OPTION;"),
						holds("SELECT count(DISTINCT a.privilege_type) FROM pg_catalog.aclexplode(" + APP_DEFAULT_ACL
								+ "'T')) a WHERE a.grantee = " + ROLE_APP
								+ " AND a.privilege_type IN ('USAGE') AND a.is_grantable"),
						1),
				Arguments.of(new SetOwner(new Securable("TABLE", "Bad \"Schema\"", "line;item", null, null),
						"App \"Owner\"", "postgres"), Risk.MEDIUM,
						"ALTER TABLE " + BAD + " OWNER TO \"App \"\"Owner\"\"\";",
						Rollback.sql("ALTER TABLE " + BAD + " OWNER TO \"postgres\";"),
						"SELECT count(*) FROM pg_catalog.pg_class t WHERE t.oid = " + BAD_REGCLASS
								+ " AND t.relowner IS DISTINCT FROM (SELECT ro.oid FROM pg_catalog.pg_roles ro WHERE"
								+ " ro.rolname = 'App \"Owner\"')",
						1),
				Arguments.of(new SetOwner(new Securable("MATERIALIZED VIEW", "public", "totals", null, null), "owner",
						"app"), Risk.MEDIUM, "ALTER MATERIALIZED VIEW \"public\".\"totals\" OWNER TO \"owner\";",
						Rollback.sql("ALTER MATERIALIZED VIEW \"public\".\"totals\" OWNER TO \"app\";"),
						"SELECT count(*) FROM pg_catalog.pg_class t WHERE t.oid = to_regclass('\"public\".\"totals\"')"
								+ " AND t.relowner IS DISTINCT FROM " + ROLE_OWNER,
						1),
				Arguments.of(new SetOwner(F, "owner", "app"), Risk.MEDIUM,
						"ALTER ROUTINE \"public\".\"f\"(x integer) OWNER TO \"owner\";",
						Rollback.sql("ALTER ROUTINE \"public\".\"f\"(x integer) OWNER TO \"app\";"),
						"SELECT count(*) FROM pg_catalog.pg_proc t JOIN pg_catalog.pg_namespace n ON n.oid ="
								+ " t.pronamespace WHERE n.nspname = 'public' AND t.proname = 'f' AND"
								+ " pg_catalog.pg_get_function_identity_arguments(t.oid) = 'x integer' AND t.proowner"
								+ " IS DISTINCT FROM " + ROLE_OWNER,
						1),
				Arguments.of(new SetOwner(APP, "owner", "app"), Risk.MEDIUM, "ALTER SCHEMA \"app\" OWNER TO \"owner\";",
						Rollback.sql("ALTER SCHEMA \"app\" OWNER TO \"app\";"),
						"SELECT count(*) FROM pg_catalog.pg_namespace t WHERE t.nspname = 'app' AND t.nspowner IS"
								+ " DISTINCT FROM " + ROLE_OWNER,
						1),
				Arguments.of(new SetOwner(new Securable("DOMAIN", "Bad \"Schema\"", "email", null, null), "owner",
						"app"), Risk.MEDIUM, "ALTER DOMAIN \"Bad \"\"Schema\"\"\".\"email\" OWNER TO \"owner\";",
						Rollback.sql("ALTER DOMAIN \"Bad \"\"Schema\"\"\".\"email\" OWNER TO \"app\";"),
						"SELECT count(*) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid ="
								+ " t.typnamespace WHERE n.nspname = 'Bad \"Schema\"' AND t.typname = 'email' AND"
								+ " t.typowner IS DISTINCT FROM " + ROLE_OWNER,
						1));
	}

	@Test
	void anOwnerChangeOnAnUnknownKindIsRefused() {
		assertThatThrownBy(() -> AccessRenderer.render(new SetOwner(new Securable("INDEX; DROP", "public", "x", null,
				null), "owner", "app")))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private static Policy withCheck(Policy p, String check) {
		return new Policy(p.schema(), p.table(), p.name(), p.permissive(), p.command(), p.roles(), p.using(), check);
	}

	@ParameterizedTest
	@MethodSource("cases")
	void rendersExactly(AccessChange change, Risk risk, String sql, Rollback rollback, String precondition,
			int expected) {
		List<Draft> drafts = ChangeRenderer.render(change);

		assertThat(drafts).singleElement().satisfies(d -> {
			assertThat(d.sql()).isEqualTo(sql);
			assertThat(d.rollback()).isEqualTo(rollback);
			assertThat(d.risk()).isEqualTo(risk);
			assertThat(d.precondition()).isEqualTo(precondition);
			assertThat(d.expected()).isEqualTo(expected);
			assertThat(d.transactional()).isTrue();
			assertThat(d.runAlways()).isFalse();
			assertThat(d.precondition()).doesNotContain("\n");
			assertThat(d.description()).startsWith(change.summary());
		});
		// HIGH exactly when destructive: what a plan without allowDestructive leaves out
		assertThat(risk == Risk.HIGH).isEqualTo(change.destructive());
	}

	@Test
	void everyRecordHasACase() {
		assertThat(cases().map(a -> a.get()[0].getClass()).distinct().count())
			.isEqualTo(ChangeRecords.of(AccessChange.class).size());
	}

	@Test
	void everyCaseRoundTripsThroughEvidence() {
		List<SchemaChange> all = cases().map(a -> (SchemaChange) a.get()[0]).toList();
		assertThat(Changes.fromEvidence(java.util.Map.of(Changes.EVIDENCE_KEY, Changes.toEvidence(all))))
			.isEqualTo(all);
	}

	@Test
	void keywordsPrintedUnquotedAreCheckedAgainstPostgresLists() {
		assertThatThrownBy(() -> AccessRenderer
			.render(new Grant(ORDERS, "app", List.of("SELECT; DROP TABLE x"), false)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> AccessRenderer.render(new CreatePolicy(new Policy("s", "t", "p", true,
				"ALL TO x; --", List.of("public"), null, null))))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> AccessRenderer
			.render(new GrantDefault("r", null, "TABLES; x", "g", List.of("SELECT"), false, false)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> AccessRenderer
			.render(new Grant(new Securable("DATABASE", null, "db", null, null), "g", List.of("CONNECT"), false)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void runsGrantsBeforeRevokesAndDropsPoliciesWithTheDependents() {
		List<SchemaChange> sorted = ChangeOrder.sort(List.of(
				new Revoke(ORDERS, "app", List.of("UPDATE"), List.of(), false), new DropPolicy(W),
				new Grant(ORDERS, "app", List.of("SELECT"), false), new CreatePolicy(OWN),
				new RevokeDefault("owner", null, "functions", "PUBLIC", List.of("EXECUTE"), List.of(), false),
				new GrantDefault("owner", null, "functions", "app", List.of("EXECUTE"), false, false)));

		// within ATTACH_BEHAVIOUR: order 0 (creates and grants, by object), then order 1 (revokes)
		assertThat(sorted).extracting(c -> c.getClass().getSimpleName()).containsExactly("DropPolicy",
				"GrantDefault", "CreatePolicy", "Grant", "RevokeDefault", "Revoke");
	}
}

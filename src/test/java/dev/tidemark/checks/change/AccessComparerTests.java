package dev.tidemark.checks.change;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
import dev.tidemark.checks.change.Difference.Presence;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.DefaultPrivilegeInfo;
import dev.tidemark.inspection.model.FunctionInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.PolicyInfo;
import dev.tidemark.inspection.model.PrivilegeInfo;
import dev.tidemark.inspection.model.RoleInfo;
import dev.tidemark.inspection.model.SchemaInfo;
import dev.tidemark.inspection.model.SequenceInfo;
import dev.tidemark.inspection.model.ServerInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.TypeInfo;
import dev.tidemark.inspection.model.ViewInfo;
import dev.tidemark.targets.CompareOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessComparerTests {

	private static final String HOSTILE_SCHEMA = "Bad \"Schema\"";

	private static final String HOSTILE_TABLE = "line;item ü";

	// ---------------------------------------------------------------------------------------------- builder

	/** A hand-built format-2 snapshot: only what the access family reads. */
	static final class Db {

		final List<SchemaInfo> schemas = new ArrayList<>(List.of(new SchemaInfo("public", "owner")));

		final List<TableInfo> tables = new ArrayList<>();

		final List<ViewInfo> views = new ArrayList<>();

		final List<SequenceInfo> sequences = new ArrayList<>();

		final List<FunctionInfo> functions = new ArrayList<>();

		final List<TypeInfo> types = new ArrayList<>();

		final List<PolicyInfo> policies = new ArrayList<>();

		final List<PrivilegeInfo> privileges = new ArrayList<>();

		final List<DefaultPrivilegeInfo> defaults = new ArrayList<>();

		final List<RoleInfo> roles = new ArrayList<>();

		Db roles(String... names) {
			for (String name : names) {
				roles.add(new RoleInfo(name, true));
			}
			return this;
		}

		/** Every kind that has an owner, each owned by {@code owner}; {@code null}: a snapshot without owners. */
		Db ownedObjects(String owner) {
			schemas.add(new SchemaInfo("app", owner == null ? "postgres" : owner));
			tables.add(new TableInfo("app", "orders", TableInfo.TableKind.TABLE, "p", owner == null ? "postgres" : owner,
					null, List.of()));
			views.add(new ViewInfo("app", "totals", true, owner == null ? "postgres" : owner, true, false, "h",
					List.of()));
			sequences.add(new SequenceInfo("app", "ticket", "bigint", 1, 1, Long.MAX_VALUE, false, null, null, null,
					null, BigDecimal.ONE, BigDecimal.ZERO, 1L, 1L, false, owner));
			sequences.add(new SequenceInfo("app", "orders_id_seq", "bigint", 1, 1, Long.MAX_VALUE, false, null,
					"app.orders", "id", "bigint", BigDecimal.ONE, BigDecimal.ZERO, 1L, 1L, false,
					owner == null ? null : owner + "-not-compared"));
			functions.add(new FunctionInfo("app", "f", "x integer", "FUNCTION", "integer", "sql", "VOLATILE", false,
					"h", "CREATE FUNCTION ...", null, owner));
			types.add(new TypeInfo("app", "email", TypeInfo.Kind.DOMAIN, List.of(), "text", null, false, List.of(),
					List.of(), null, null, null, owner));
			return this;
		}

		Db schema(String name) {
			schemas.add(new SchemaInfo(name, "owner"));
			return this;
		}

		Db table(String schema, String name, String... columns) {
			List<ColumnInfo> cols = new ArrayList<>();
			for (int i = 0; i < columns.length; i++) {
				cols.add(new ColumnInfo(i + 1, columns[i], "text", true, null, null, null, null, null));
			}
			tables.add(new TableInfo(schema, name, TableInfo.TableKind.TABLE, "p", "owner", null, cols, null,
					List.of(), true, false, List.of(), null));
			return this;
		}

		Db view(String schema, String name, boolean materialized) {
			views.add(new ViewInfo(schema, name, materialized, "owner", materialized ? true : null,
					materialized ? false : null, "hash", List.of(), "SELECT 1", List.of(), null));
			return this;
		}

		Db sequence(String schema, String name, String ownedByTable, boolean identity) {
			sequences.add(new SequenceInfo(schema, name, "bigint", 1, 1, Long.MAX_VALUE, false, null, ownedByTable,
					ownedByTable == null ? null : "id", "bigint", BigDecimal.ONE, BigDecimal.ZERO, 1L, 1L, identity));
			return this;
		}

		Db function(String schema, String name, String arguments) {
			functions.add(new FunctionInfo(schema, name, arguments, "function", "integer", "sql", "v", false, "h",
					"CREATE FUNCTION ...", null));
			return this;
		}

		Db type(String schema, String name) {
			types.add(new TypeInfo(schema, name, TypeInfo.Kind.ENUM, List.of("a"), null, null, false, List.of(),
					List.of(), null, null));
			return this;
		}

		Db policy(PolicyInfo p) {
			policies.add(p);
			return this;
		}

		Db privilege(String kind, String schema, String object, String grantee, List<String> privs,
				List<String> grantable) {
			privileges.add(new PrivilegeInfo(kind, schema, object, grantee, privs, grantable));
			return this;
		}

		Db defaults(String role, String schema, String type, String grantee, List<String> privs,
				List<String> grantable) {
			defaults.add(new DefaultPrivilegeInfo(role, schema, type, grantee, privs, grantable));
			return this;
		}

		CatalogSnapshot build() {
			ServerInfo server = new ServerInfo("16.4", 160004, "db", new TreeMap<>(Map.of()));
			return new CatalogSnapshot(2, server, schemas, List.of(), tables, List.of(), List.of(), views, sequences,
					functions, List.of(), List.of(), MigrationHistory.none(), null, types, List.of(), policies,
					privileges, defaults, roles);
		}
	}

	private static List<Difference> compare(Db target, Db reference) {
		return new AccessComparer().compare(target.build(), reference.build());
	}

	private static List<Difference> compare(Db target, Db reference, CompareOptions options) {
		return new AccessComparer(options).compare(target.build(), reference.build());
	}

	// ---------------------------------------------------------------------------------------------- owners

	@Test
	void anOwnerDifferenceIsAMismatchPerObjectWithTheTargetsOwnerForTheRollback() {
		List<Difference> found = compare(new Db().roles("postgres", "app_owner").ownedObjects("postgres"),
				new Db().roles("postgres", "app_owner").ownedObjects("app_owner"));

		assertThat(found).allSatisfy(d -> {
			assertThat(d.kind()).isEqualTo("owner");
			assertThat(d.presence()).isEqualTo(Presence.MISMATCH);
			assertThat(d.reference()).isEqualTo("app_owner");
			assertThat(d.target()).isEqualTo("postgres");
			assertThat(d.refusal()).isNull();
		});
		// the sequence a column owns follows its table: no difference of its own
		assertThat(found).extracting(d -> d.changes().get(0))
			.containsExactlyInAnyOrder(
					new SetOwner(new Securable("SCHEMA", null, "app", null, null), "app_owner", "postgres"),
					new SetOwner(new Securable("TABLE", "app", "orders", null, null), "app_owner", "postgres"),
					new SetOwner(new Securable("MATERIALIZED VIEW", "app", "totals", null, null), "app_owner",
							"postgres"),
					new SetOwner(new Securable("SEQUENCE", "app", "ticket", null, null), "app_owner", "postgres"),
					new SetOwner(new Securable("FUNCTION", "app", "f", null, "x integer"), "app_owner", "postgres"),
					new SetOwner(new Securable("DOMAIN", "app", "email", null, null), "app_owner", "postgres"));
		assertThat(found).filteredOn(d -> d.object().equals("app.f(x integer)")).singleElement()
			.satisfies(d -> assertThat(d.parents()).containsExactly("schema:app"));
		assertThat(new SetOwner(new Securable("TABLE", "app", "orders", null, null), "app_owner", "postgres").summary())
			.isEqualTo("Change the owner of table app.orders from postgres to app_owner (needs role app_owner)");
	}

	@Test
	void anObjectThePlanCreatesIsGivenTheReferencesOwnerAsPartOfItsCreation() {
		List<Difference> found = compare(new Db().roles("postgres", "app_owner"),
				new Db().roles("postgres", "app_owner").ownedObjects("app_owner")).stream()
			.filter(d -> d.kind().equals("owner")).toList();

		assertThat(found).allSatisfy(d -> {
			assertThat(d.presence()).isEqualTo(Presence.MISSING);
			assertThat(d.refusal()).isNull();
			// down to the object itself, so it folds into that object's own missing difference
			assertThat(d.parents()).last().isEqualTo(switch (d.object()) {
				case "app" -> "schema:app";
				case "app.orders" -> "table:app.orders";
				case "app.totals" -> "materialized-view:app.totals";
				case "app.ticket" -> "sequence:app.ticket";
				case "app.f(x integer)" -> "function:app.f(x integer)";
				default -> "type:" + d.object();
			});
		});
		assertThat(found).extracting(d -> d.changes().get(0)).containsExactlyInAnyOrder(
				new SetOwner(new Securable("SCHEMA", null, "app", null, null), "app_owner", null),
				new SetOwner(new Securable("TABLE", "app", "orders", null, null), "app_owner", null),
				new SetOwner(new Securable("MATERIALIZED VIEW", "app", "totals", null, null), "app_owner", null),
				new SetOwner(new Securable("SEQUENCE", "app", "ticket", null, null), "app_owner", null),
				new SetOwner(new Securable("FUNCTION", "app", "f", null, "x integer"), "app_owner", null),
				new SetOwner(new Securable("DOMAIN", "app", "email", null, null), "app_owner", null));
		assertThat(found.get(0).changes().get(0).summary()).startsWith("Give ").contains("to its owner app_owner");

		// without the role on the target (or knowing its roles), the object is created by whoever runs the plan
		assertThat(compare(new Db().roles("postgres"), new Db().roles("postgres", "app_owner").ownedObjects("app_owner")))
			.noneMatch(d -> d.kind().equals("owner"));
		assertThat(compare(new Db(), new Db().roles("postgres", "app_owner").ownedObjects("app_owner")))
			.noneMatch(d -> d.kind().equals("owner"));
	}

	@Test
	void anOwnerASnapshotDidNotReadIsNotCompared() {
		// a snapshot from before owners of sequences, functions and types were read
		List<Difference> found = compare(new Db().ownedObjects("postgres"), new Db().ownedObjects(null));

		assertThat(found).isEmpty();
	}

	@Test
	void anOwnerTheTargetLacksIsReportedAndRefused() {
		List<Difference> found = compare(new Db().roles("postgres").ownedObjects("postgres"),
				new Db().roles("postgres", "app_owner").ownedObjects("app_owner"));

		assertThat(found).hasSize(6).allSatisfy(d -> {
			assertThat(d.changes()).isEmpty();
			assertThat(d.refusal()).isNotNull();
			assertThat(d.refusal().reason()).contains("Role app_owner does not exist on the target");
			assertThat(d.refusal().instead()).contains("Create role app_owner").contains("options.compare.owners");
		});
	}

	@Test
	void ownersOffComparesNoOwner() {
		List<Difference> found = compare(new Db().roles("postgres").ownedObjects("postgres"),
				new Db().roles("postgres", "app_owner").ownedObjects("app_owner"), new CompareOptions(false, null));

		assertThat(found).isEmpty();
	}

	@Test
	void aGrantToARoleTheTargetLacksIsReportedAndRefused() {
		Db target = new Db().roles("owner", "app").table("public", "orders", "id");
		Db reference = new Db().roles("owner", "app", "reporting").table("public", "orders", "id")
			.privilege("TABLE", "public", "public.orders", "reporting", List.of("SELECT"), List.of())
			.privilege("TABLE", "public", "public.orders", "app", List.of("SELECT"), List.of())
			.defaults("owner", null, "tables", "reporting", List.of("SELECT"), List.of());

		List<Difference> found = compare(target, reference);

		assertThat(found).filteredOn(d -> d.object().endsWith(" to app")).singleElement()
			.satisfies(d -> assertThat(d.refusal()).isNull());
		assertThat(found).filteredOn(d -> d.object().endsWith(" to reporting")).hasSize(2).allSatisfy(d -> {
			assertThat(d.presence()).isEqualTo(Presence.MISSING);
			assertThat(d.changes()).isEmpty();
			assertThat(d.refusal().reason()).isEqualTo("Role reporting does not exist on the target, so this cannot"
					+ " be repaired");
			assertThat(d.refusal().instead()).contains("\"existing-roles\"");
		});
	}

	@Test
	void aPolicyForARoleTheTargetLacksIsReportedAndRefusedUpFront() {
		PolicyInfo forAnalysts = policy("public", "orders", "analysts_read", true, "SELECT", List.of("analyst"),
				"true", null);
		PolicyInfo forApp = policy("public", "orders", "app_write", true, "INSERT", List.of("app"), null, "true");
		PolicyInfo forAll = policy("public", "orders", "all_read", true, "SELECT", List.of("public"), "true", null);
		Db target = new Db().roles("owner", "app").table("public", "orders", "id")
			.policy(policy("public", "orders", "app_write", true, "INSERT", List.of("owner"), null, "true"));
		Db reference = new Db().roles("owner", "app", "analyst").table("public", "orders", "id")
			.policy(forAnalysts).policy(forApp).policy(forAll);

		List<Difference> found = compare(target, reference);

		assertThat(found).filteredOn(d -> d.object().contains("analysts_read")).singleElement().satisfies(d -> {
			assertThat(d.presence()).isEqualTo(Presence.MISSING);
			assertThat(d.changes()).isEmpty();
			assertThat(d.refusal().reason()).isEqualTo("Role analyst does not exist on the target, so this cannot"
					+ " be repaired");
			assertThat(d.refusal().instead()).isEqualTo("Create role analyst on the target (roles belong to the "
					+ "server, not to the schema), then scan again");
		});
		// roles the target has, and PUBLIC, are repaired as before
		assertThat(found).filteredOn(d -> d.object().contains("app_write")).singleElement()
			.satisfies(d -> assertThat(d.changes()).containsExactly(new AlterPolicy(
					model(policy("public", "orders", "app_write", true, "INSERT", List.of("owner"), null, "true")),
					model(forApp))));
		assertThat(found).filteredOn(d -> d.object().contains("all_read")).singleElement()
			.satisfies(d -> assertThat(d.changes()).containsExactly(new CreatePolicy(model(forAll))));
	}

	@Test
	void existingRolesLeavesOutGrantsNamingARoleOneDatabaseLacks() {
		Db target = new Db().roles("owner", "app", "etl").table("public", "orders", "id")
			.privilege("TABLE", "public", "public.orders", "etl", List.of("SELECT"), List.of());
		Db reference = new Db().roles("owner", "app", "reporting").table("public", "orders", "id")
			.privilege("TABLE", "public", "public.orders", "reporting", List.of("SELECT"), List.of())
			.privilege("TABLE", "public", "public.orders", "app", List.of("SELECT"), List.of())
			.defaults("owner", null, "tables", "reporting", List.of("SELECT"), List.of());

		List<Difference> found = compare(target, reference, new CompareOptions(null, "existing-roles"));

		assertThat(found).extracting(Difference::object).containsExactly("public.orders to app");
	}

	@Test
	void privilegesNoneComparesNoGrantsAndNoDefaultPrivileges() {
		Db target = new Db().roles("owner", "app").table("public", "orders", "id")
			.privilege("TABLE", "public", "public.orders", "app", List.of("DELETE"), List.of());
		Db reference = new Db().roles("owner", "app").table("public", "orders", "id").function("public", "f", "")
			.privilege("TABLE", "public", "public.orders", "app", List.of("SELECT"), List.of())
			.defaults("owner", "public", "tables", "app", List.of("SELECT"), List.of());

		assertThat(compare(target, reference, new CompareOptions(null, "none"))).isEmpty();
		assertThat(compare(target, reference)).isNotEmpty();
	}

	private static PolicyInfo policy(String schema, String table, String name, boolean permissive, String command,
			List<String> roles, String using, String withCheck) {
		return new PolicyInfo(schema, table, name, permissive, command, roles, using, withCheck);
	}

	private static Policy model(PolicyInfo p) {
		return new Policy(p.schema(), p.table(), p.name(), p.permissive(), p.command(), p.roles(), p.using(),
				p.withCheck());
	}

	// ---------------------------------------------------------------------------------------------- policies

	@Test
	void aMissingPolicyIsCreatedWithItsTableAsParent() {
		PolicyInfo p = policy(HOSTILE_SCHEMA, HOSTILE_TABLE, "Own \"rows\"", true, "SELECT",
				List.of("App User", "public"), "(owner = CURRENT_USER)", null);
		Db target = new Db().schema(HOSTILE_SCHEMA).table(HOSTILE_SCHEMA, HOSTILE_TABLE);
		Db reference = new Db().schema(HOSTILE_SCHEMA).table(HOSTILE_SCHEMA, HOSTILE_TABLE).policy(p);

		assertThat(compare(target, reference)).containsExactly(new Difference(Presence.MISSING, "policy",
				HOSTILE_SCHEMA + "." + HOSTILE_TABLE + ".Own \"rows\"",
				List.of("schema:" + HOSTILE_SCHEMA, "table:" + HOSTILE_SCHEMA + "." + HOSTILE_TABLE),
				"AS PERMISSIVE FOR SELECT TO App User, public USING ((owner = CURRENT_USER))", null,
				List.of(new CreatePolicy(model(p))), null));
	}

	@Test
	void anExtraPolicyIsDroppedUnlessItsTableGoesToo() {
		PolicyInfo p = policy("public", "orders", "select", false, "ALL", List.of("public"), "true", "true");
		PolicyInfo onExtraTable = policy("public", "scratch", "p", true, "ALL", List.of("public"), "true", null);
		Db target = new Db().table("public", "orders").table("public", "scratch").policy(p).policy(onExtraTable);
		Db reference = new Db().table("public", "orders");

		List<Difference> diffs = compare(target, reference);

		assertThat(diffs).containsExactly(new Difference(Presence.EXTRA, "policy", "public.orders.select",
				List.of("schema:public", "table:public.orders"), null,
				"AS RESTRICTIVE FOR ALL TO public USING (true) WITH CHECK (true)", List.of(new DropPolicy(model(p))),
				null));
		assertThat(diffs.get(0).changes().get(0).destructive()).isTrue();
		assertThat(diffs.get(0).changes().get(0).phase()).isEqualTo(SchemaChange.Phase.DROP_DEPENDENTS);
	}

	@Test
	void rolesAndExpressionsAreAlteredKindAndCommandReplaced() {
		PolicyInfo t1 = policy("public", "orders", "a", true, "UPDATE", List.of("reader"), "(x > 0)", "(x > 0)");
		PolicyInfo r1 = policy("public", "orders", "a", true, "UPDATE", List.of("reader", "writer"), "(x > 1)",
				"(x > 0)");
		PolicyInfo t2 = policy("public", "orders", "b", true, "SELECT", List.of("public"), "true", null);
		PolicyInfo r2 = policy("public", "orders", "b", false, "SELECT", List.of("public"), "true", null);
		PolicyInfo t3 = policy("public", "orders", "c", true, "SELECT", List.of("public"), "true", null);
		PolicyInfo r3 = policy("public", "orders", "c", true, "ALL", List.of("public"), "true", null);
		PolicyInfo t4 = policy("public", "orders", "d", true, "ALL", List.of("public"), "true", "(y = 1)");
		PolicyInfo r4 = policy("public", "orders", "d", true, "ALL", List.of("public"), "true", null);
		PolicyInfo same = policy("public", "orders", "e", true, "ALL", List.of("b", "a"), "true", null);
		PolicyInfo sameSorted = policy("public", "orders", "e", true, "ALL", List.of("a", "b"), "true", null);
		Db target = new Db().table("public", "orders").policy(t1).policy(t2).policy(t3).policy(t4).policy(same);
		Db reference = new Db().table("public", "orders").policy(r1).policy(r2).policy(r3).policy(r4)
			.policy(sameSorted);

		List<Difference> diffs = compare(target, reference);

		assertThat(diffs).extracting(Difference::object)
			.containsExactly("public.orders.a", "public.orders.b", "public.orders.c", "public.orders.d");
		assertThat(diffs).allSatisfy(d -> assertThat(d.presence()).isEqualTo(Presence.MISMATCH));
		assertThat(diffs.get(0).changes()).containsExactly(new AlterPolicy(model(t1), model(r1)));
		assertThat(diffs.get(0).reference()).isEqualTo("AS PERMISSIVE FOR UPDATE TO reader, writer USING ((x > 1))"
				+ " WITH CHECK ((x > 0))");
		assertThat(diffs.get(0).target()).isEqualTo("AS PERMISSIVE FOR UPDATE TO reader USING ((x > 0))"
				+ " WITH CHECK ((x > 0))");
		assertThat(diffs.get(1).changes()).containsExactly(new ReplacePolicy(model(t2), model(r2)));
		assertThat(diffs.get(2).changes()).containsExactly(new ReplacePolicy(model(t3), model(r3)));
		// ALTER POLICY cannot remove a WITH CHECK clause
		assertThat(diffs.get(3).changes()).containsExactly(new ReplacePolicy(model(t4), model(r4)));
		assertThat(diffs).flatExtracting(Difference::changes).allSatisfy(c -> {
			assertThat(c.destructive()).isFalse();
			assertThat(c.phase()).isEqualTo(SchemaChange.Phase.ATTACH_BEHAVIOUR);
		});
	}

	// ---------------------------------------------------------------------------------------------- privileges

	private static Securable table(String schema, String name) {
		return new Securable("TABLE", schema, name, null, null);
	}

	@Test
	void aMissingTablePrivilegeIsGrantedNamingTheObjectAndGrantee() {
		String object = HOSTILE_SCHEMA + "." + HOSTILE_TABLE;
		Db target = new Db().schema(HOSTILE_SCHEMA).table(HOSTILE_SCHEMA, HOSTILE_TABLE);
		Db reference = new Db().schema(HOSTILE_SCHEMA).table(HOSTILE_SCHEMA, HOSTILE_TABLE)
			.privilege("TABLE", HOSTILE_SCHEMA, object, "Ünïcode \"Role\"", List.of("INSERT", "SELECT"),
					List.of("SELECT"));

		assertThat(compare(target, reference)).containsExactly(new Difference(Presence.MISSING, "privilege",
				object + " to Ünïcode \"Role\"", List.of("schema:" + HOSTILE_SCHEMA, "table:" + object),
				"INSERT, SELECT WITH GRANT OPTION", null,
				List.of(new Grant(table(HOSTILE_SCHEMA, HOSTILE_TABLE), "Ünïcode \"Role\"", List.of("INSERT"), false),
						new Grant(table(HOSTILE_SCHEMA, HOSTILE_TABLE), "Ünïcode \"Role\"", List.of("SELECT"), true)),
				null));
	}

	@Test
	void aMismatchGrantsWhatTheTargetLacksAndRevokesWhatItHasBeyond() {
		Db target = new Db().table("public", "orders")
			.privilege("TABLE", "public", "public.orders", "app", List.of("SELECT", "UPDATE"), List.of("UPDATE"))
			.privilege("TABLE", "public", "public.orders", "audit", List.of("SELECT"), List.of("SELECT"));
		Db reference = new Db().table("public", "orders")
			.privilege("TABLE", "public", "public.orders", "app", List.of("DELETE", "SELECT"), List.of("SELECT"))
			.privilege("TABLE", "public", "public.orders", "audit", List.of("SELECT"), List.of());

		List<Difference> diffs = compare(target, reference);

		Securable orders = table("public", "orders");
		assertThat(diffs).containsExactly(
				new Difference(Presence.MISMATCH, "privilege", "public.orders to app",
						List.of("schema:public", "table:public.orders"), "DELETE, SELECT WITH GRANT OPTION",
						"SELECT, UPDATE WITH GRANT OPTION",
						List.of(new Grant(orders, "app", List.of("DELETE"), false),
								new GrantOption(orders, "app", List.of("SELECT")),
								new Revoke(orders, "app", List.of("UPDATE"), List.of("UPDATE"), false)),
						null),
				new Difference(Presence.MISMATCH, "privilege", "public.orders to audit",
						List.of("schema:public", "table:public.orders"), "SELECT", "SELECT WITH GRANT OPTION",
						List.of(new RevokeGrantOption(orders, "audit", List.of("SELECT"))), null));
		List<SchemaChange> changes = diffs.stream().flatMap(d -> d.changes().stream()).toList();
		assertThat(changes).extracting(SchemaChange::destructive).containsExactly(false, false, true, true);
		assertThat(changes).extracting(SchemaChange::order).containsExactly(0, 0, 1, 1);
		assertThat(changes).extracting(SchemaChange::phase).containsOnly(SchemaChange.Phase.ATTACH_BEHAVIOUR);
	}

	@Test
	void anExtraPrivilegeIsRevokedUnlessItsObjectIsDropped() {
		Db target = new Db().table("public", "orders").table("public", "scratch")
			.privilege("TABLE", "public", "public.orders", "PUBLIC", List.of("SELECT"), List.of())
			.privilege("TABLE", "public", "public.scratch", "app", List.of("SELECT"), List.of());
		Db reference = new Db().table("public", "orders");

		assertThat(compare(target, reference)).containsExactly(new Difference(Presence.EXTRA, "privilege",
				"public.orders to PUBLIC", List.of("schema:public", "table:public.orders"), null, "SELECT",
				List.of(new Revoke(table("public", "orders"), "PUBLIC", List.of("SELECT"), List.of(), false)), null));
	}

	@Test
	void aColumnPrivilegeIsSplitByTheTableTheSnapshotsKnowEvenWithDotsInNames() {
		Db target = new Db().table("public", "a.b", "c.d");
		Db reference = new Db().table("public", "a.b", "c.d")
			.privilege("COLUMN", "public", "public.a.b.c.d", "app", List.of("SELECT", "UPDATE"), List.of());

		assertThat(compare(target, reference)).containsExactly(new Difference(Presence.MISSING, "privilege",
				"public.a.b.c.d to app", List.of("schema:public", "table:public.a.b", "column:public.a.b.c.d"),
				"SELECT, UPDATE", null,
				List.of(new Grant(new Securable("COLUMN", "public", "a.b", "c.d", null), "app",
						List.of("SELECT", "UPDATE"), false)),
				null));
	}

	@Test
	void viewsMaterializedViewsSequencesTypesAndSchemasAreTheirPrivilegesParents() {
		Db both = new Db().schema("app").view("public", "v", false).view("public", "mv", true)
			.sequence("public", "orders_id_seq", "public.orders", true).sequence("public", "counter", null, false)
			.type("public", "mood");
		Db target = new Db().schema("app").view("public", "v", false).view("public", "mv", true)
			.sequence("public", "orders_id_seq", "public.orders", true).sequence("public", "counter", null, false)
			.type("public", "mood");
		both.privilege("TABLE", "public", "public.v", "app", List.of("SELECT"), List.of())
			.privilege("TABLE", "public", "public.mv", "app", List.of("SELECT"), List.of())
			.privilege("SEQUENCE", "public", "public.orders_id_seq", "app", List.of("USAGE"), List.of())
			.privilege("SEQUENCE", "public", "public.counter", "app", List.of("USAGE"), List.of())
			.privilege("TYPE", "public", "public.mood", "app", List.of("USAGE"), List.of())
			.privilege("SCHEMA", null, "app", "app", List.of("CREATE", "USAGE"), List.of())
			.privilege("TABLE", "public", "public.unknown", "app", List.of("SELECT"), List.of())
			.privilege("SEQUENCE", "public", "public.unknown_seq", "app", List.of("USAGE"), List.of());

		List<Difference> diffs = compare(target, both);

		assertThat(diffs).extracting(Difference::object, Difference::parents)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("app to app", List.of("schema:app")),
					org.assertj.core.groups.Tuple.tuple("public.counter to app",
							List.of("schema:public", "sequence:public.counter")),
					org.assertj.core.groups.Tuple.tuple("public.mood to app",
							List.of("schema:public", "type:public.mood")),
					org.assertj.core.groups.Tuple.tuple("public.mv to app",
							List.of("schema:public", "materialized-view:public.mv")),
					org.assertj.core.groups.Tuple.tuple("public.orders_id_seq to app",
							List.of("schema:public", "table:public.orders")),
					org.assertj.core.groups.Tuple.tuple("public.unknown to app",
							List.of("schema:public", "table:public.unknown")),
					org.assertj.core.groups.Tuple.tuple("public.unknown_seq to app", List.of("schema:public")),
					org.assertj.core.groups.Tuple.tuple("public.v to app", List.of("schema:public", "view:public.v")));
		assertThat(diffs.get(0).changes())
			.containsExactly(new Grant(new Securable("SCHEMA", null, "app", null, null), "app",
					List.of("CREATE", "USAGE"), false));
	}

	@Test
	void publicExecuteRevokedInOneDatabaseIsADifferenceOnTheFunction() {
		Db target = new Db().function("public", "f", "x integer");
		Db reference = new Db().function("public", "f", "x integer")
			.privilege("FUNCTION", "public", "public.f(x integer)", "PUBLIC", List.of("EXECUTE"), List.of());

		assertThat(compare(target, reference)).containsExactly(new Difference(Presence.MISSING, "privilege",
				"public.f(x integer) to PUBLIC", List.of("schema:public", "function:public.f(x integer)"), "EXECUTE",
				null, List.of(new Grant(new Securable("FUNCTION", "public", "f", null, "x integer"), "PUBLIC",
						List.of("EXECUTE"), false)),
				null));
		// and the other way round
		assertThat(compare(reference, target)).singleElement()
			.satisfies(d -> assertThat(d.changes()).containsExactly(new Revoke(
					new Securable("FUNCTION", "public", "f", null, "x integer"), "PUBLIC", List.of("EXECUTE"),
					List.of(), false)));
	}

	@Test
	void aFunctionNameWithParenthesesIsSplitByTheSnapshot() {
		Db target = new Db().function("public", "odd(name", "a text, b integer");
		Db reference = new Db().function("public", "odd(name", "a text, b integer")
			.privilege("FUNCTION", "public", "public.odd(name(a text, b integer)", "app", List.of("EXECUTE"),
					List.of());

		assertThat(compare(target, reference)).singleElement()
			.satisfies(d -> assertThat(d.changes()).containsExactly(
					new Grant(new Securable("FUNCTION", "public", "odd(name", null, "a text, b integer"), "app",
							List.of("EXECUTE"), false)));
	}

	@Test
	void aFunctionOrTypeCreatedByThePlanLosesPublicsDefaultWhenTheReferenceDidAndAllFoldsIntoIt() {
		Db target = new Db();
		Db reference = new Db().function("public", "f", "").type("public", "mood").type("public", "open")
			.function("public", "g", "")
			.privilege("FUNCTION", "public", "public.g()", "PUBLIC", List.of("EXECUTE"), List.of())
			.privilege("TYPE", "public", "public.open", "PUBLIC", List.of("USAGE"), List.of())
			.privilege("FUNCTION", "public", "public.f()", "app", List.of("EXECUTE"), List.of());

		List<Difference> diffs = compare(target, reference);

		Securable f = new Securable("FUNCTION", "public", "f", null, "");
		Securable mood = new Securable("TYPE", "public", "mood", null, null);
		assertThat(diffs).containsExactly(
				new Difference(Presence.EXTRA, "privilege", "public.f() to PUBLIC",
						List.of("schema:public", "function:public.f()"), null, "EXECUTE",
						List.of(new Revoke(f, "PUBLIC", List.of("EXECUTE"), List.of(), true)), null),
				new Difference(Presence.MISSING, "privilege", "public.f() to app",
						List.of("schema:public", "function:public.f()"), "EXECUTE", null,
						List.of(new Grant(f, "app", List.of("EXECUTE"), false)), null),
				new Difference(Presence.EXTRA, "privilege", "public.mood to PUBLIC",
						List.of("schema:public", "type:public.mood"), null, "USAGE",
						List.of(new Revoke(mood, "PUBLIC", List.of("USAGE"), List.of(), true)), null));
		assertThat(diffs.get(0).changes().get(0).destructive()).isFalse();

		// folded into the function's own missing difference, which is not made destructive by it
		Difference function = Difference.missing("function", "public.f()", List.of("schema:public"), "CREATE ...",
				List.of());
		List<Difference> all = new ArrayList<>(diffs);
		all.add(function);
		List<Difference> folded = SchemaComparer.fold(all);
		assertThat(folded).extracting(Difference::identity)
			.containsExactly("function:public.f()", "privilege:public.mood to PUBLIC");
		assertThat(folded.get(0).changes()).containsExactlyInAnyOrder(
				new Revoke(f, "PUBLIC", List.of("EXECUTE"), List.of(), true),
				new Grant(f, "app", List.of("EXECUTE"), false));
		assertThat(folded.get(0).changes()).noneMatch(SchemaChange::destructive);
	}

	@Test
	void privilegesOfAMissingTableFoldIntoIt() {
		Db target = new Db();
		Db reference = new Db().table("public", "orders", "email")
			.privilege("TABLE", "public", "public.orders", "app", List.of("SELECT"), List.of())
			.privilege("COLUMN", "public", "public.orders.email", "app", List.of("UPDATE"), List.of());
		List<Difference> all = new ArrayList<>(compare(target, reference));
		all.add(Difference.missing("table", "public.orders", List.of("schema:public"), "(email text)", List.of()));

		List<Difference> folded = SchemaComparer.fold(all);

		assertThat(folded).singleElement().satisfies(d -> {
			assertThat(d.identity()).isEqualTo("table:public.orders");
			assertThat(d.changes()).containsExactlyInAnyOrder(
					new Grant(table("public", "orders"), "app", List.of("SELECT"), false),
					new Grant(new Securable("COLUMN", "public", "orders", "email", null), "app", List.of("UPDATE"),
							false));
		});
	}

	@Test
	void aColumnPrivilegeFoldsIntoItsMissingColumnAndGoesWithAnExtraOne() {
		Db target = new Db().table("public", "orders", "id", "old")
			.privilege("COLUMN", "public", "public.orders.old", "app", List.of("SELECT"), List.of());
		Db reference = new Db().table("public", "orders", "id", "Note ü")
			.privilege("COLUMN", "public", "public.orders.Note ü", "app", List.of("SELECT"), List.of());
		List<Difference> diffs = compare(target, reference);
		assertThat(diffs).singleElement()
			.satisfies(d -> assertThat(d.parents())
				.containsExactly("schema:public", "table:public.orders", "column:public.orders.Note ü"));

		List<Difference> all = new ArrayList<>(diffs);
		all.add(Difference.mismatch("table", "public.orders", List.of("schema:public"), "a", "b", List.of()));
		all.add(Difference.missing("column", "public.orders.Note ü", List.of("schema:public", "table:public.orders"),
				"text", List.of()));
		assertThat(SchemaComparer.fold(all)).extracting(Difference::identity)
			.containsExactly("column:public.orders.Note ü", "table:public.orders");
	}

	@Test
	void equalPrivilegesAndPoliciesAreNoDifference() {
		Db a = new Db().table("public", "t").function("public", "f", "")
			.policy(policy("public", "t", "p", true, "ALL", List.of("public"), "true", null))
			.privilege("TABLE", "public", "public.t", "app", List.of("SELECT"), List.of("SELECT"))
			.privilege("FUNCTION", "public", "public.f()", "PUBLIC", List.of("EXECUTE"), List.of())
			.defaults("owner", null, "tables", "app", List.of("SELECT"), List.of());
		Db b = new Db().table("public", "t").function("public", "f", "")
			.policy(policy("public", "t", "p", true, "ALL", List.of("public"), "true", null))
			.privilege("TABLE", "public", "public.t", "app", List.of("SELECT"), List.of("SELECT"))
			.privilege("FUNCTION", "public", "public.f()", "PUBLIC", List.of("EXECUTE"), List.of())
			.defaults("owner", null, "tables", "app", List.of("SELECT"), List.of());

		assertThat(compare(a, b)).isEmpty();
	}

	// ---------------------------------------------------------------------------------------------- defaults

	@Test
	void defaultPrivilegesAreOneDifferencePerSchemaTypeAndGranteeAcrossRoles() {
		Db target = new Db().schema("app")
			.defaults("etl", "app", "tables", "Report Reader", List.of("SELECT", "UPDATE"), List.of("SELECT"))
			// REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC: the role's entry keeps only its own right
			.defaults("owner", null, "functions", "owner", List.of("EXECUTE"), List.of());
		Db reference = new Db().schema("app")
			.defaults("etl", "app", "tables", "Report Reader", List.of("INSERT", "SELECT"), List.of("INSERT"))
			.defaults("owner", "app", "tables", "Report Reader", List.of("SELECT"), List.of())
			// a database-wide entry holds the role's own rights too, as pg_default_acl does
			.defaults("owner", null, "sequences", "owner", List.of("SELECT", "UPDATE", "USAGE"), List.of())
			.defaults("owner", null, "sequences", "app", List.of("USAGE"), List.of("USAGE"));

		List<Difference> diffs = compare(target, reference);

		assertThat(diffs).containsExactly(
				// without an entry of its own the reference has PostgreSQL's built-in default: EXECUTE for PUBLIC
				new Difference(Presence.MISSING, "default-privilege", "* functions to PUBLIC", List.of(),
						"for role owner: EXECUTE", null,
						List.of(new GrantDefault("owner", null, "functions", "PUBLIC", List.of("EXECUTE"), false, false)),
						null),
				new Difference(Presence.MISSING, "default-privilege", "* sequences to app", List.of(),
						"for role owner: USAGE WITH GRANT OPTION", null,
						List.of(new GrantDefault("owner", null, "sequences", "app", List.of("USAGE"), true, false)),
						null),
				new Difference(Presence.MISMATCH, "default-privilege", "app tables to Report Reader",
						List.of("schema:app"), "for role etl: INSERT WITH GRANT OPTION, SELECT; for role owner: SELECT",
						"for role etl: SELECT WITH GRANT OPTION, UPDATE",
						List.of(new GrantDefault("etl", "app", "tables", "Report Reader", List.of("INSERT"), true, false),
								new RevokeDefault("etl", "app", "tables", "Report Reader", List.of("UPDATE"), List.of(),
										false),
								new RevokeDefault("etl", "app", "tables", "Report Reader", List.of("SELECT"),
										List.of("SELECT"), true),
								new GrantDefault("owner", "app", "tables", "Report Reader", List.of("SELECT"), false,
										false)),
						null));
		assertThat(diffs.get(0).changes().get(0).destructive()).isFalse();
		assertThat(diffs.get(2).changes().get(1).destructive()).isTrue();
	}

	@Test
	void aGrantOptionAddedToADefaultPrivilegeIsOptionOnly() {
		Db target = new Db().defaults("owner", null, "types", "app", List.of("USAGE"), List.of());
		Db reference = new Db().defaults("owner", null, "types", "app", List.of("USAGE"), List.of("USAGE"));

		assertThat(compare(target, reference)).singleElement()
			.satisfies(d -> assertThat(d.changes())
				.containsExactly(new GrantDefault("owner", null, "types", "app", List.of("USAGE"), true, true)));
	}

	@Test
	void defaultPrivilegesInASchemaOnlyTheTargetHasGoWithTheSchema() {
		Db target = new Db().schema("tmp").defaults("owner", "tmp", "tables", "app", List.of("SELECT"), List.of());

		assertThat(compare(target, new Db())).isEmpty();
	}

	// ---------------------------------------------------------------------------------------------- JSON

	@Test
	void everyChangeRoundTripsThroughEvidence() {
		Policy p = new Policy(HOSTILE_SCHEMA, HOSTILE_TABLE, "ü", false, "INSERT", List.of("public", "App"), null,
				"(a = 'x''y')");
		Policy q = new Policy(HOSTILE_SCHEMA, HOSTILE_TABLE, "ü", true, "INSERT", List.of("public"), null, null);
		Securable col = new Securable("COLUMN", "public", "orders", "e\"mail", null);
		Securable fn = new Securable("FUNCTION", "public", "f", null, "x integer, VARIADIC y text[]");
		Securable schema = new Securable("SCHEMA", null, "app", null, null);
		List<SchemaChange> all = List.of(new CreatePolicy(p), new DropPolicy(p), new AlterPolicy(p, q),
				new ReplacePolicy(q, p), new Grant(col, "app", List.of("SELECT", "UPDATE"), true),
				new GrantOption(fn, "PUBLIC", List.of("EXECUTE")),
				new Revoke(schema, "Role", List.of("CREATE", "USAGE"), List.of("USAGE"), false),
				new Revoke(fn, "PUBLIC", List.of("EXECUTE"), List.of(), true),
				new RevokeGrantOption(col, "app", List.of("SELECT")),
				new GrantDefault("owner", null, "tables", "app", List.of("SELECT"), true, true),
				new RevokeDefault("owner", "app", "sequences", "PUBLIC", List.of("USAGE"), List.of("USAGE"), false),
				new SetOwner(fn, "Owner \"x\"", "app"));

		List<Map<String, Object>> evidence = Changes.toEvidence(all);

		assertThat(evidence).extracting(m -> m.get("change"))
			.containsExactly("CreatePolicy", "DropPolicy", "AlterPolicy", "ReplacePolicy", "Grant", "GrantOption",
					"Revoke", "Revoke", "RevokeGrantOption", "GrantDefault", "RevokeDefault", "SetOwner");
		assertThat(Changes.fromEvidence(Map.of(Changes.EVIDENCE_KEY, evidence))).isEqualTo(all);
		// components only: nothing derived (kind, object, phase, text) is stored
		java.util.Map<String, Object> on = new java.util.HashMap<>(Map.of("objectKind", "COLUMN", "schema", "public",
				"name", "orders", "column", "e\"mail"));
		on.put("arguments", null);
		assertThat(evidence.get(4)).isEqualTo(Map.of("change", "Grant", "on", on, "grantee", "app", "privileges",
				List.of("SELECT", "UPDATE"), "withGrantOption", true));
		// every sealed record is exercised here
		assertThat(all.stream().map(c -> c.getClass()).distinct().count())
			.isEqualTo(ChangeRecords.of(AccessChange.class).size());
	}

	@Test
	void changesNameTheirObjectAsTheDifferenceDoes() {
		Securable fn = new Securable("FUNCTION", "public", "f", null, "x integer");
		assertThat(new Grant(fn, "app", List.of("EXECUTE"), false).identity())
			.isEqualTo("privilege:public.f(x integer) to app");
		assertThat(new Revoke(new Securable("COLUMN", "s", "t", "c", null), "PUBLIC", List.of("SELECT"), List.of(),
				false).object()).isEqualTo("s.t.c to PUBLIC");
		assertThat(new GrantDefault("r", null, "tables", "g", List.of("SELECT"), false, false).identity())
			.isEqualTo("default-privilege:* tables to g");
		assertThat(new CreatePolicy(new Policy("s", "t", "p", true, "ALL", List.of("public"), null, null)).identity())
			.isEqualTo("policy:s.t.p");
		assertThat(new Grant(fn, "app", List.of("EXECUTE"), false).summary())
			.isEqualTo("Grant EXECUTE on function public.f(x integer) to app (needs role app)");
		assertThat(new GrantDefault("owner", "app", "tables", "Report Reader", List.of("SELECT"), false, false)
			.summary()).isEqualTo(
					"Grant SELECT on tables owner creates in schema app to Report Reader (needs roles owner and Report Reader)");
		assertThat(new GrantDefault("owner", null, "functions", "PUBLIC", List.of("EXECUTE"), true, true).summary())
			.isEqualTo("Grant the grant option for EXECUTE on functions owner creates in any schema to PUBLIC"
					+ " (needs role owner)");
	}
}

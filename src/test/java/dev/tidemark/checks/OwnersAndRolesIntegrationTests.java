package dev.tidemark.checks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.tidemark.checks.change.Difference;
import dev.tidemark.checks.change.SchemaComparer;
import dev.tidemark.inspection.SnapshotDiff;
import dev.tidemark.inspection.internal.CatalogReader;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.RoleInfo;
import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import dev.tidemark.targets.CompareOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Owners and roles that differ between a target and its reference, on real databases of one server (roles are the
 * server's, so a role "missing on the target" is one dropped after the reference's snapshot was taken).
 */
class OwnersAndRolesIntegrationTests extends ApiIntegrationTest {

	private static final String OWNER = "tm_app_owner";

	private static final String REPORTING = "tm_reporting";

	/** Every kind with an owner, owned by whoever runs the script. */
	private static final String OBJECTS = """
			CREATE SCHEMA app;
			CREATE TABLE app.orders (id integer PRIMARY KEY, total numeric);
			CREATE SEQUENCE app.ticket;
			CREATE FUNCTION app.f(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x';
			CREATE TYPE app.mood AS ENUM ('ok', 'sad');
			CREATE DOMAIN app.email AS text;
			CREATE VIEW app.big AS SELECT id FROM app.orders WHERE total > 100;
			CREATE MATERIALIZED VIEW app.totals AS SELECT count(*) AS n FROM app.orders;
			CREATE TYPE app.pair AS (a integer, b text);
			CREATE TYPE app.span AS RANGE (subtype = integer);
			CREATE PROCEDURE app.p() LANGUAGE sql AS 'SELECT 1';
			CREATE TABLE app.events (at date NOT NULL) PARTITION BY RANGE (at);
			CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
			""";

	private static final String TO_OWNER = """
			ALTER SCHEMA app OWNER TO tm_app_owner;
			ALTER TABLE app.orders OWNER TO tm_app_owner;
			ALTER SEQUENCE app.ticket OWNER TO tm_app_owner;
			ALTER FUNCTION app.f(integer) OWNER TO tm_app_owner;
			ALTER TYPE app.mood OWNER TO tm_app_owner;
			ALTER DOMAIN app.email OWNER TO tm_app_owner;
			ALTER VIEW app.big OWNER TO tm_app_owner;
			ALTER MATERIALIZED VIEW app.totals OWNER TO tm_app_owner;
			ALTER TYPE app.pair OWNER TO tm_app_owner;
			ALTER TYPE app.span OWNER TO tm_app_owner;
			ALTER PROCEDURE app.p() OWNER TO tm_app_owner;
			ALTER TABLE app.events OWNER TO tm_app_owner;
			ALTER TABLE app.events_2024 OWNER TO tm_app_owner;
			""";

	private static final List<String> OWNER_FINDINGS = List.of("app", "app.big", "app.email", "app.f(x integer)",
			"app.mood", "app.orders", "app.ticket", "app.totals", "app.pair", "app.span", "app.p()", "app.events",
			"app.events_2024");

	@BeforeAll
	static void roles() throws SQLException {
		TestPostgres.Database db = TestPostgres.newDatabase("owners_roles");
		run(db, "DO $$ BEGIN CREATE ROLE tm_app_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
				+ "DO $$ BEGIN CREATE ROLE tm_reporting NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;");
	}

	@Test
	void anOwnerDifferenceIsFoundRepairedAndThenGone() throws Exception {
		TestPostgres.Database target = TestPostgres.newDatabase("owners_target");
		TestPostgres.Database reference = TestPostgres.newDatabase("owners_reference");
		run(target, OBJECTS);
		run(reference, OBJECTS + TO_OWNER);
		String targetId = withReference(target, reference, null);

		Map<String, Map<?, ?>> findings = referenceFindings(targetId);
		assertThat(findings.keySet()).containsExactlyInAnyOrderElementsOf(
				OWNER_FINDINGS.stream().map(o -> "reference-mismatch owner " + o).toList());
		assertThat(findings.get("reference-mismatch owner app.orders")).satisfies(f -> {
			assertThat(f.get("remediable")).isEqualTo(true);
			assertThat(((Map<?, ?>) f.get("evidence")).get("reference")).isEqualTo(OWNER);
			assertThat(((Map<?, ?>) ((Map<?, ?>) f.get("repair"))).get("summary").toString())
				.startsWith("Change the owner of table app.orders from ");
		});

		repair(findings.values().stream().map(f -> (String) f.get("id")).toList());

		scan(targetId);
		assertThat(referenceFindings(targetId)).isEmpty();
		assertThat(query(target, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid IN ('app.orders'::regclass,"
				+ " 'app.ticket'::regclass, 'app.big'::regclass, 'app.totals'::regclass) UNION ALL SELECT"
				+ " pg_get_userbyid(proowner) FROM pg_proc WHERE oid = 'app.f(integer)'::regprocedure UNION ALL SELECT"
				+ " pg_get_userbyid(typowner) FROM pg_type WHERE oid IN ('app.mood'::regtype, 'app.email'::regtype)"
				+ " UNION ALL SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'app'"))
			.hasSize(8).containsOnly(OWNER);
		assertThat(query(target, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid IN ('app.events'::regclass,"
				+ " 'app.events_2024'::regclass) UNION ALL SELECT pg_get_userbyid(typowner) FROM pg_type WHERE oid IN"
				+ " ('app.pair'::regtype, 'app.span'::regtype) UNION ALL SELECT pg_get_userbyid(proowner) FROM pg_proc"
				+ " WHERE oid = 'app.p()'::regprocedure"))
			.hasSize(5).containsOnly(OWNER);
	}

	@Test
	void objectsThePlanCreatesAreGivenTheReferencesOwnerSoOneRepairConverges() throws Exception {
		TestPostgres.Database target = TestPostgres.newDatabase("owners_created_target");
		TestPostgres.Database reference = TestPostgres.newDatabase("owners_created_reference");
		run(reference, OBJECTS + TO_OWNER);
		String targetId = withReference(target, reference, null);

		Map<String, Map<?, ?>> findings = referenceFindings(targetId);
		// the owners are part of creating each object, not findings of their own
		assertThat(findings.keySet()).noneMatch(k -> k.contains(" owner "));
		repair(findings.values().stream().map(f -> (String) f.get("id")).toList());

		scan(targetId);
		assertThat(referenceFindings(targetId)).isEmpty();
		// every object of the schema has the owner it has in the reference (range constructors too, which follow
		// their type)
		String owners = "SELECT relname || ' ' || pg_get_userbyid(relowner) FROM pg_class"
				+ " WHERE relnamespace = 'app'::regnamespace UNION ALL SELECT proname || ' ' || pg_get_userbyid(proowner)"
				+ " FROM pg_proc WHERE pronamespace = 'app'::regnamespace UNION ALL SELECT typname || ' '"
				+ " || pg_get_userbyid(typowner) FROM pg_type WHERE typnamespace = 'app'::regnamespace UNION ALL"
				+ " SELECT nspname || ' ' || pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'app'"
				+ " ORDER BY 1";
		assertThat(query(target, owners)).isEqualTo(query(reference, owners))
			.contains("orders " + OWNER, "f " + OWNER, "p " + OWNER, "mood " + OWNER, "app " + OWNER);
	}

	@Test
	void ownersOffReportsNoOwnerDifference() throws Exception {
		TestPostgres.Database target = TestPostgres.newDatabase("owners_off_target");
		TestPostgres.Database reference = TestPostgres.newDatabase("owners_off_reference");
		run(target, OBJECTS);
		run(reference, OBJECTS + TO_OWNER);

		String targetId = withReference(target, reference, Map.of("owners", false));

		assertThat(referenceFindings(targetId)).isEmpty();
	}

	@Test
	void aGrantToARoleTheTargetLacksIsReportedWithARefusalAndOptionsLeaveItOut() throws Exception {
		String gone = "tm_gone_" + UUID.randomUUID().toString().substring(0, 8);
		TestPostgres.Database target = TestPostgres.newDatabase("grants_target");
		TestPostgres.Database reference = TestPostgres.newDatabase("grants_reference");
		run(target, "CREATE TABLE orders (id integer PRIMARY KEY);");
		run(reference, "CREATE ROLE " + gone + " NOLOGIN; CREATE TABLE orders (id integer PRIMARY KEY);"
				+ " GRANT SELECT ON orders TO " + gone + "; GRANT SELECT ON orders TO " + REPORTING + ";");
		String referenceId = register(reference, null);
		String snapshotId = (String) scan(referenceId).get("snapshotId");
		// the role goes after the reference's snapshot: the snapshot still names it, the server no longer has it
		run(reference, "REVOKE ALL ON orders FROM " + gone + "; DROP ROLE " + gone + ";");
		String targetId = register(target, null);
		as("operator").put().uri("/api/v1/targets/{id}/reference", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("snapshotId", snapshotId)).exchange()
			.expectStatus().isOk();
		scan(targetId);

		Map<String, Map<?, ?>> findings = referenceFindings(targetId);
		assertThat(findings.keySet()).containsExactlyInAnyOrder(
				"reference-missing privilege public.orders to " + gone,
				"reference-missing privilege public.orders to " + REPORTING);
		Map<?, ?> refused = findings.get("reference-missing privilege public.orders to " + gone);
		assertThat(refused.get("remediable")).isEqualTo(false);
		Map<?, ?> repair = (Map<?, ?>) refused.get("repair");
		assertThat(repair.get("summary")).isEqualTo("Role " + gone + " does not exist on the target, so this cannot"
				+ " be repaired");
		assertThat((String) repair.get("instead")).contains("Create role " + gone).contains("existing-roles");
		assertThat(findings.get("reference-missing privilege public.orders to " + REPORTING).get("remediable"))
			.isEqualTo(true);

		setCompare(targetId, target, Map.of("privileges", "existing-roles"));
		scan(targetId);
		assertThat(referenceFindings(targetId).keySet())
			.containsExactly("reference-missing privilege public.orders to " + REPORTING);

		setCompare(targetId, target, Map.of("privileges", "none"));
		scan(targetId);
		assertThat(referenceFindings(targetId)).isEmpty();
	}

	@Test
	void anInvalidCompareOptionIsAProblemAndChangesNothing() {
		TestPostgres.Database db = TestPostgres.newDatabase("compare_invalid");
		Map<String, Object> body = new HashMap<>(targetJson(db, "compare-invalid"));
		body.put("options", Map.of("compare", Map.of("privileges", "some")));
		as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		List<?> items = (List<?>) as("viewer").get().uri("/api/v1/targets?size=500").exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("items");
		assertThat(items).noneMatch(t -> ((Map<?, ?>) t).get("name").equals(body.get("name")));
	}

	/** A snapshot read before owners of sequences, functions and types were: those owners are unknown, not different. */
	@Test
	void aSnapshotWithoutOwnersReportsNoOwnerDifferences() throws Exception {
		TestPostgres.Database target = TestPostgres.newDatabase("old_target");
		TestPostgres.Database reference = TestPostgres.newDatabase("old_reference");
		run(target, OBJECTS);
		run(reference, OBJECTS + TO_OWNER);
		CatalogSnapshot now = read(target);
		// what the reader reads today: every owner, and the server's roles with the one that read them
		assertThat(now.functions()).isNotEmpty().allSatisfy(f -> assertThat(f.owner()).isEqualTo(target.username()));
		assertThat(now.sequences()).isNotEmpty().allSatisfy(s -> assertThat(s.owner()).isEqualTo(target.username()));
		assertThat(now.types()).isNotEmpty().allSatisfy(t -> assertThat(t.owner()).isEqualTo(target.username()));
		assertThat(now.roles()).contains(new RoleInfo(target.username(), true), new RoleInfo(OWNER, false));
		CatalogSnapshot old = withoutNewOwners(read(reference));
		assertThat(old.functions()).allSatisfy(f -> assertThat(f.owner()).isNull());
		assertThat(old.roles()).isEmpty();

		List<Difference> owners = SchemaComparer.compare(now, old, CompareOptions.defaults())
			.stream()
			.filter(d -> d.kind().equals("owner"))
			.toList();

		// schemas, tables and views had their owner from the first format on; the others are unknown
		assertThat(owners).extracting(Difference::object)
			.containsExactlyInAnyOrder("app", "app.orders", "app.big", "app.totals", "app.events", "app.events_2024");
		// as a baseline: no owner change for what the old snapshot did not read
		SnapshotDiff diff = SnapshotDiff.between(null, withoutNewOwners(read(target)), null, now);
		assertThat(diff.identical()).as(diff.toString()).isTrue();
	}

	// ---------------------------------------------------------------------------------------------- helpers

	private static CatalogSnapshot read(TestPostgres.Database db) throws SQLException {
		try (Connection c = connect(db)) {
			return new CatalogReader().read(c);
		}
	}

	/** The snapshot as stored before owners of sequences, functions and types, and roles, were read. */
	private static CatalogSnapshot withoutNewOwners(CatalogSnapshot s) {
		JsonMapper json = JsonMapper.builder().build();
		ObjectNode tree = (ObjectNode) json.valueToTree(s);
		for (String kind : List.of("sequences", "functions", "types")) {
			((ArrayNode) tree.get(kind)).forEach(o -> ((ObjectNode) o).remove("owner"));
		}
		tree.remove("roles");
		return json.treeToValue(tree, CatalogSnapshot.class);
	}

	private String withReference(TestPostgres.Database target, TestPostgres.Database reference,
			Map<String, Object> compare) {
		String referenceId = register(reference, null);
		scan(referenceId);
		String targetId = register(target, compare);
		as("operator").put().uri("/api/v1/targets/{id}/reference", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("targetId", referenceId)).exchange()
			.expectStatus().isOk();
		scan(targetId);
		return targetId;
	}

	private String register(TestPostgres.Database db, Map<String, Object> compare) {
		Map<String, Object> body = new HashMap<>(targetJson(db, "owners"));
		if (compare != null) {
			body.put("options", Map.of("compare", compare));
		}
		return (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(body).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
	}

	private void setCompare(String targetId, TestPostgres.Database db, Map<String, Object> compare) {
		Map<String, Object> body = new HashMap<>(targetJson(db, "owners"));
		body.put("options", Map.of("compare", compare));
		Map<?, ?> updated = as("operator").put().uri("/api/v1/targets/{id}", targetId)
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(((Map<?, ?>) ((Map<?, ?>) updated.get("options")).get("compare")).get("privileges"))
			.isEqualTo(compare.get("privileges"));
	}

	private Map<?, ?> scan(String targetId) {
		Map<?, ?> scan = as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(scan.get("status")).as("scan " + scan).isEqualTo("SUCCEEDED");
		return scan;
	}

	/** {@code "<ruleId> <kind> <object>"} of every open finding of the reference comparison. */
	private Map<String, Map<?, ?>> referenceFindings(String targetId) {
		Map<?, ?> page = as("viewer").get().uri("/api/v1/findings?targetId=" + targetId + "&status=OPEN&size=500")
			.exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		Map<String, Map<?, ?>> findings = new TreeMap<>();
		for (Object item : (List<?>) page.get("items")) {
			Map<?, ?> f = (Map<?, ?>) item;
			if (String.valueOf(f.get("ruleId")).startsWith("reference-")) {
				findings.put(f.get("ruleId") + " " + ((Map<?, ?>) f.get("object")).get("kind") + " "
						+ f.get("objectText"), f);
			}
		}
		return findings;
	}

	private void repair(List<String> findingIds) {
		Map<?, ?> remediation = as("operator").post().uri("/api/v1/remediations").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("findingIds", findingIds)).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		String id = (String) remediation.get("id");
		int required = ((Number) remediation.get("requiredApprovals")).intValue();
		approveAndExecute(id, required, "owners");
		Map<?, ?> after = as("viewer").get().uri("/api/v1/remediations/{id}", id).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(after.get("status")).as("remediation: " + after).isEqualTo("VERIFIED");
	}

	private static void run(TestPostgres.Database db, String script) throws SQLException {
		try (Connection c = connect(db)) {
			SqlScript.run(c, script);
		}
	}

	private static List<String> query(TestPostgres.Database db, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Connection c = connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		return values;
	}

	private static Connection connect(TestPostgres.Database db) throws SQLException {
		return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
	}
}

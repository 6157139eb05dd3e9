package dev.tidemark.remediation.internal;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A YAML contract with views, functions, triggers, enums, policies and grants, uploaded through the API, scanned
 * on PostgreSQL; the typed repairs (enum values, a grant, a disabled trigger) are proposed, approved and executed
 * to VERIFIED, and the findings that need the migrations are refused with their reason.
 */
class ContractKindsRemediationIntegrationTests extends RemediationApiTest {

	private static final String ROLE = "tidemark_kinds_reader";

	private static final String SCHEMA = """
			DO $$ BEGIN
			  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'tidemark_kinds_reader') THEN
			    CREATE ROLE tidemark_kinds_reader NOLOGIN;
			  END IF;
			END $$;
			CREATE TYPE public.mood AS ENUM ('sad', 'ok');
			CREATE TABLE public.orders (id bigint PRIMARY KEY, note text, mood public.mood,
			  updated_at timestamptz);
			CREATE VIEW public.v_orders AS SELECT id, note FROM public.orders;
			CREATE FUNCTION public.total(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
			CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS
			  'BEGIN NEW.updated_at := now(); RETURN NEW; END';
			CREATE TRIGGER trg_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch();
			ALTER TABLE public.orders DISABLE TRIGGER trg_touch;
			ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
			CREATE POLICY p_read ON public.orders FOR SELECT TO tidemark_kinds_reader USING (true);
			GRANT SELECT ON public.orders TO tidemark_kinds_reader;
			""";

	private static final String CONTRACT = """
			views:
			  - {name: public.v_orders, materialized: false}
			  - {name: public.v_gone}
			functions:
			  - {name: public.total, arguments: "x integer"}
			  - {name: public.touch, arguments: ""}
			triggers:
			  - {table: public.orders, name: trg_touch, enabled: true}
			enums:
			  - {name: public.mood, values: [sad, ok, happy]}
			policies:
			  - {table: public.orders, name: p_read, command: SELECT, roles: [tidemark_kinds_reader]}
			  - {table: public.orders, name: p_write}
			grants:
			  - {on: public.orders, kind: TABLE, to: tidemark_kinds_reader, privileges: [SELECT, INSERT]}
			  - {on: public.v_orders, kind: VIEW, to: tidemark_kinds_reader, privileges: [SELECT]}
			""";

	@Test
	void aContractOfTheNewKindsIsScannedAndItsTypedFindingsAreRepairedToVerified() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("contract_kinds");
		try (Connection c = connect(db)) {
			SqlScript.run(c, SCHEMA);
		}
		String targetId = register(db, Map.of("env", "test"));
		as("operator").put().uri("/api/v1/targets/{id}/contract", targetId)
			.contentType(MediaType.parseMediaType("application/yaml"))
			.body(CONTRACT)
			.exchange()
			.expectStatus().isOk();
		scan(targetId);

		Map<String, String> found = findings(targetId);
		assertThat(found).containsOnlyKeys("missing-view public.v_gone", "missing-trigger public.orders.trg_touch",
				"enum-values-mismatch public.mood", "missing-policy public.orders.p_write",
				"missing-grant public.orders to " + ROLE, "missing-grant public.v_orders to " + ROLE);

		List<String> typed = found.entrySet().stream()
			.filter(e -> !e.getKey().startsWith("missing-view") && !e.getKey().startsWith("missing-policy"))
			.map(Map.Entry::getValue)
			.toList();
		Map<?, ?> proposed = propose(typed, "operator");
		assertThat(proposed.get("status")).as("%s", proposed).isEqualTo("PROPOSED");
		String id = (String) proposed.get("id");
		assertThat((List<?>) proposed.get("steps")).hasSize(4);
		String changelog = as("viewer").get().uri("/api/v1/remediations/{id}/changelog", id).exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(changelog).contains("ADD VALUE IF NOT EXISTS 'happy' AFTER 'ok'")
			.contains("GRANT INSERT ON TABLE \"public\".\"orders\" TO \"" + ROLE + "\"")
			.contains("GRANT SELECT ON TABLE \"public\".\"v_orders\" TO \"" + ROLE + "\"")
			.contains("ALTER TABLE \"public\".\"orders\" ENABLE TRIGGER \"trg_touch\"");
		decide(id, "approver", "approvals", "contract kinds", null).expectStatus().isOk();
		executeToVerified(id);

		try (Connection c = connect(db)) {
			assertThat(count(c, "SELECT count(*) FROM pg_catalog.pg_enum e JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid"
					+ " WHERE t.typname = 'mood' AND e.enumlabel = 'happy'")).isEqualTo(1);
			assertThat(count(c, "SELECT count(*) FROM (SELECT 1) x WHERE has_table_privilege('" + ROLE
					+ "', 'public.orders', 'INSERT')")).isEqualTo(1);
			assertThat(count(c, "SELECT count(*) FROM pg_catalog.pg_trigger WHERE tgname = 'trg_touch' AND tgenabled = 'O'"))
				.isEqualTo(1);
		}
		// what needs the migrations stays open, and a proposal of only those is refused with the reason
		assertThat(findings(targetId)).containsOnlyKeys("missing-view public.v_gone", "missing-policy public.orders.p_write");
		String refused = as("operator").post().uri("/api/v1/remediations").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("findingIds", List.copyOf(findings(targetId).values()))).exchange()
			.expectStatus().isEqualTo(422)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(refused).contains("does not hold the view's definition")
			.contains("through the application's migrations");
	}

	private Map<String, String> findings(String targetId) {
		return ((List<?>) get("/api/v1/findings?targetId=" + targetId + "&status=OPEN&size=500").get("items")).stream()
			.map(f -> (Map<?, ?>) f)
			.filter(f -> List.of("missing-view", "missing-function", "missing-trigger", "enum-values-mismatch",
					"missing-policy", "missing-grant").contains(f.get("ruleId")))
			.collect(Collectors.toMap(f -> f.get("ruleId") + " " + f.get("objectText"), f -> (String) f.get("id")));
	}
}

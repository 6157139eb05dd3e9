package dev.tidemark.checks;

import java.util.List;
import java.util.Map;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static dev.tidemark.checks.FindingsApiIntegrationTests.execute;
import static org.assertj.core.api.Assertions.assertThat;

/** A target checked against another target (reference) and against its own accepted past (baseline). */
class ReferenceAndBaselineIntegrationTests extends ApiIntegrationTest {

	@Test
	void aTargetThatDiffersFromItsReferenceGetsContractFindingsThatConvergeToNoneAfterRepair() throws Exception {
		TestPostgres.Database staging = TestPostgres.newDatabase("ref_staging");
		TestPostgres.Database prod = TestPostgres.newDatabase("ref_prod");
		String schema = """
				CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
				CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE);
				CREATE INDEX orders_customer_id_idx ON orders (customer_id);
				""";
		execute(staging, schema + "ALTER TABLE customers ADD COLUMN tier text; CREATE TABLE coupons (id bigint PRIMARY KEY);");
		execute(prod, schema + "CREATE TABLE legacy_notes (id bigint PRIMARY KEY);");
		String stagingId = registerTarget(staging, "refbase");
		String prodId = registerTarget(prod, "refbase");
		scanTarget(stagingId);
		as("operator").put().uri("/api/v1/targets/{id}/reference", prodId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("targetId", stagingId)).exchange()
			.expectStatus().isOk();

		scanTarget(prodId);
		assertThat(openFindings(prodId)).containsExactlyInAnyOrder("reference-missing public.customers.tier",
				"reference-missing public.coupons", "reference-extra public.legacy_notes");

		execute(prod, """
				ALTER TABLE customers ADD COLUMN tier text;
				CREATE TABLE coupons (id bigint PRIMARY KEY);
				DROP TABLE legacy_notes;
				""");
		Map<?, ?> after = scanTarget(prodId);
		assertThat(after.get("resolvedFindings")).isEqualTo(3);
		assertThat(openFindings(prodId)).isEmpty();
	}

	@Test
	void aReferenceTargetNeverScannedIsAWarningNotAFailure() throws Exception {
		String referenceId = registerTarget(TestPostgres.newDatabase("ref_unscanned"), "refbase");
		String targetId = registerTarget(TestPostgres.newDatabase("ref_target"), "refbase");
		as("operator").put().uri("/api/v1/targets/{id}/reference", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("targetId", referenceId)).exchange()
			.expectStatus().isOk();
		Map<?, ?> scan = scanTarget(targetId);
		assertThat(scan.get("status")).isEqualTo("SUCCEEDED");
		assertThat(scan.get("warnings").toString()).contains("reference was not checked");
	}

	@Test
	void everyObjectChangedSinceTheBaselineIsDriftUntilANewBaselineIsAccepted() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("baseline");
		execute(db, "CREATE TABLE accounts (id bigint PRIMARY KEY, name text)");
		String targetId = registerTarget(db, "refbase");
		scanTarget(targetId);
		as("operator").put().uri("/api/v1/targets/{id}/baseline", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of()).exchange()
			.expectStatus().isOk();

		execute(db, """
				INSERT INTO accounts VALUES (1, 'rows are not drift');
				ALTER TABLE accounts ADD COLUMN closed_at timestamptz;
				CREATE TABLE audit (id bigint PRIMARY KEY);
				""");
		scanTarget(targetId);
		List<String> drift = openFindings(targetId);
		assertThat(drift).allMatch(f -> f.startsWith("drift-since-baseline "));
		assertThat(String.join(",", drift)).contains("public.accounts").contains("public.audit");

		as("operator").put().uri("/api/v1/targets/{id}/baseline", targetId).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of()).exchange()
			.expectStatus().isOk();
		scanTarget(targetId);
		assertThat(openFindings(targetId)).isEmpty();
	}

	@Test
	void aTargetThatDiesLeavesItsFindingsAsTheLastCompleteScanLeftThem() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("dies");
		execute(db, "CREATE TABLE probe_survivor (id int PRIMARY KEY)");
		String targetId = registerTarget(db, "refbase");
		scanTarget(targetId);
		List<String> before = openFindings(targetId);
		assertThat(before).hasSize(1);

		// The database goes away under Tidemark (connections are closed first, as on a crash).
		TestPostgres.Database admin = new TestPostgres.Database("postgres", db.jdbcUrl().replace(db.name(), "postgres"),
				db.username(), db.password());
		execute(admin, "DROP DATABASE \"" + db.name() + "\" WITH (FORCE)");
		Map<?, ?> failed = scanTarget(targetId);
		assertThat(failed.get("status")).isEqualTo("FAILED");
		assertThat(((Map<?, ?>) failed.get("error")).get("code")).isEqualTo("target-database-not-found");
		assertThat(openFindings(targetId)).isEqualTo(before);
	}

	private List<String> openFindings(String targetId) {
		return ((List<?>) as("viewer").get().uri("/api/v1/findings?targetId={id}&status=OPEN&size=500", targetId)
			.exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("items")).stream()
			.map(f -> ((Map<?, ?>) f).get("ruleId") + " " + ((Map<?, ?>) f).get("objectText"))
			.sorted()
			.toList();
	}
}

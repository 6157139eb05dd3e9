package dev.tidemark.checks.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.CheckSettings;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.Contract.TableExpectation;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.checks.contract.ContractGenerator;
import dev.tidemark.checks.contract.ContractParser;
import dev.tidemark.checks.contract.ContractValidator;
import dev.tidemark.inspection.internal.CatalogQueries;
import dev.tidemark.inspection.internal.CatalogReader;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestTimescale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TimescaleDB incidents of docs/scenarios.md at rule level: build the drifted schema on a real TimescaleDB
 * (see {@link TestTimescale}), read it, evaluate EVERY rule against its contract the way a scan does (overlaps
 * reconciled by {@link Evaluator}) and assert exactly the listed findings. Each scenario gets its own schema, so
 * the contract's {@code public.} names are rewritten to it. "Today" is 2026-11-21.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScenarioFindingsTimescaleIntegrationTests {

	static final Instant TODAY = Instant.parse("2026-11-21T12:00:00Z");

	private Evaluator evaluator;

	@BeforeAll
	void rules() {
		TestTimescale.assumeAvailable();
		try (var context = new AnnotationConfigApplicationContext("dev.tidemark.checks.rules")) {
			List<Rule> rules = List.copyOf(context.getBeansOfType(Rule.class).values());
			evaluator = new Evaluator(new RuleCatalog(rules));
		}
	}

	@Test
	void scenario1SocialSentimentFindsTheCompressionPolicyThePlainFactTableAndTheDamagedChunks() throws Exception {
		Scenario s = scan("social_sentiment", "scenarios/social-sentiment/drifted-timescale.sql",
				"scenarios/social-sentiment/contract.yaml");
		String schema = s.schema();
		assertThat(s.described()).containsExactlyInAnyOrder(
				"unexpected-compression-policy " + schema + ".stg_social_posts MEDIUM",
				"not-a-hypertable " + schema + ".fact_social_sentiment HIGH",
				"chunk-missing-unique-index " + schema + ".stg_social_posts_platform_post_id_created_at_key HIGH");

		Violation chunks = s.only("chunk-missing-unique-index");
		assertThat(chunks.evidence()).containsEntry("hypertable", schema + ".stg_social_posts")
			.containsEntry("constraint", "stg_social_posts_platform_post_id_created_at_key")
			.containsEntry("keyColumns", List.of("platform", "post_id", "created_at"))
			.containsEntry("damagedChunks", 2)
			.containsEntry("totalChunks", 3L);
		assertThat((List<?>) chunks.evidence().get("chunks")).hasSize(2)
			.allSatisfy(chunk -> assertThat((String) chunk).contains("_chunk"));
		assertThat(chunks.repair().automatic()).isTrue();
		assertThat(chunks.repair().summary()).contains("concurrently");

		Violation compression = s.only("unexpected-compression-policy");
		assertThat(compression.repair().automatic()).isTrue();
		assertThat(compression.repair().summary()).contains("remove_compression_policy", "stay compressed");

		Violation plain = s.only("not-a-hypertable");
		assertThat(plain.evidence()).containsEntry("timeColumn", "created_at").containsEntry("actual", "plain table");
		assertThat(plain.repair().automatic()).isTrue();
		assertThat(plain.repair().summary()).contains("migrate_data => true", "HIGH", "retention");
	}

	@Test
	void scenario3PredictiveMaintenanceKeepsMatchingPoliciesQuiet() throws Exception {
		Scenario s = scan("predictive_maintenance", List.of("scenarios/predictive-maintenance/drifted.sql",
				"scenarios/predictive-maintenance/drifted-timescale.sql"),
				"scenarios/predictive-maintenance/contract-timescale.yaml");
		assertThat(s.described()).containsExactlyInAnyOrder("migration-head-mismatch alembic HIGH",
				"unindexed-foreign-key " + s.schema() + ".maintenance_logs.maintenance_logs_task_id_fkey MEDIUM");
		assertThat(s.snapshot().timescale().jobs()).extracting(j -> j.procedureName())
			.containsExactlyInAnyOrder("policy_compression", "policy_retention");
	}

	@Test
	void aRetentionPolicyWhoseLastRunsFailedIsReportedWithTheNewestError() throws Exception {
		Scenario s = scan("failed_runs", List.of("scenarios/predictive-maintenance/drifted.sql",
				"scenarios/predictive-maintenance/drifted-timescale.sql",
				"fixtures/timescale/failed-retention-runs.sql"), "scenarios/predictive-maintenance/contract-timescale.yaml");
		assertThat(s.snapshot().timescale().jobs()).filteredOn(j -> j.procedureName().equals("policy_retention"))
			.singleElement()
			.satisfies(j -> {
				assertThat(j.lastRunStatus()).isEqualTo("Failed");
				assertThat(j.lastError()).isEqualTo("canceling statement due to lock timeout (run 3)");
			});
		assertThat(s.described()).containsExactlyInAnyOrder("migration-head-mismatch alembic HIGH",
				"unindexed-foreign-key " + s.schema() + ".maintenance_logs.maintenance_logs_task_id_fkey MEDIUM",
				"failing-policy-job " + s.schema() + ".sensor_readings.policy_retention HIGH");
		Violation failing = s.only("failing-policy-job");
		assertThat(failing.evidence()).containsEntry("lastRunStatus", "Failed")
			.containsEntry("lastError", "canceling statement due to lock timeout (run 3)")
			.containsEntry("cause", "job-error")
			// paused by the fixtures, so a running scheduler cannot overwrite the faked failed runs
			.containsEntry("scheduled", false);
		assertThat(failing.repair().automatic()).isFalse();
	}

	@Test
	void aReferenceWithTimescaleDbExpectsItsHypertablesPoliciesAndPlainTables() throws Exception {
		Scenario s = scan("reference", "scenarios/social-sentiment/drifted-timescale.sql",
				"scenarios/social-sentiment/contract.yaml");
		Contract draft = ContractGenerator.fromSnapshot(s.snapshot(), TODAY);
		assertThat(ContractValidator.validate(draft)).isEmpty();
		assertThat(timescale(draft, s.schema() + ".raw_reddit_posts")).isEqualTo(new TimescaleExpectation(
				new TimescaleExpectation.Hypertable("created_at", "7 days"),
				new TimescaleExpectation.Compression(false, "7 days", List.of("subreddit"), null),
				new TimescaleExpectation.Retention("90 days")));
		assertThat(timescale(draft, s.schema() + ".fact_social_sentiment")).isNull();

		// the snapshot checked against its own draft: every policy matches, nothing is said about TimescaleDB
		CheckContext itself = new CheckContext(s.snapshot(),
				List.of(new Expectation(Expectation.Source.REFERENCE, draft, true)), null, TODAY,
				CheckSettings.defaults());
		assertThat(evaluator.evaluate(itself)).extracting(Violation::ruleId)
			.containsExactly("chunk-missing-unique-index");

		// a reference whose staging table has no compression and whose fact table is a hypertable
		Contract reference = new Contract(draft.extensions(), draft.tables().stream().map(t -> switch (t.table()) {
			case "stg_social_posts" -> withTimescale(t, new TimescaleExpectation(t.timescale().hypertable(),
					TimescaleExpectation.Compression.noCompression(), t.timescale().retention()));
			case "fact_social_sentiment" -> withTimescale(t, new TimescaleExpectation(
					new TimescaleExpectation.Hypertable("created_at", null), null,
					new TimescaleExpectation.Retention("90 days")));
			case "raw_bluesky_posts" -> withTimescale(t, new TimescaleExpectation(t.timescale().hypertable(),
					new TimescaleExpectation.Compression(false, "1 day", null, null),
					new TimescaleExpectation.Retention("2160 hours")));
			default -> t;
		}).toList(), draft.materializedViews(), draft.migrations());
		CheckContext drifted = new CheckContext(s.snapshot(),
				List.of(new Expectation(Expectation.Source.REFERENCE, reference, true)), null, TODAY,
				CheckSettings.defaults());
		assertThat(evaluator.evaluate(drifted)).extracting(v -> v.ruleId() + " " + v.object().text())
			.containsExactlyInAnyOrder("chunk-missing-unique-index " + s.schema()
					+ ".stg_social_posts_platform_post_id_created_at_key",
					"unexpected-compression-policy " + s.schema() + ".stg_social_posts",
					"not-a-hypertable " + s.schema() + ".fact_social_sentiment",
					"compression-policy-mismatch " + s.schema() + ".raw_bluesky_posts");
	}

	private static TimescaleExpectation timescale(Contract contract, String table) {
		return contract.tables().stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow().timescale();
	}

	private static TableExpectation withTimescale(TableExpectation t, TimescaleExpectation timescale) {
		return new TableExpectation(t.name(), t.columns(), t.primaryKey(), t.unique(), t.foreignKeys(), t.indexes(),
				t.constraints(), t.partitioning(), timescale);
	}

	@Test
	void theTimescaleContractExtendsThePostgresOne() throws Exception {
		Contract postgres = ContractParser.parseYaml(resource("scenarios/predictive-maintenance/contract.yaml"));
		Contract withTimescale = ContractParser
			.parseYaml(resource("scenarios/predictive-maintenance/contract-timescale.yaml"));
		assertThat(withTimescale.tables()).containsAll(postgres.tables());
		assertThat(withTimescale.migrations()).isEqualTo(postgres.migrations());
	}

	/** What one scenario's scan found. */
	record Scenario(String schema, CatalogSnapshot snapshot, List<Violation> violations) {

		List<String> described() {
			return violations.stream().map(v -> v.ruleId() + " " + v.object().text() + " " + v.severity()).toList();
		}

		Violation only(String ruleId) {
			List<Violation> found = violations.stream().filter(v -> v.ruleId().equals(ruleId)).toList();
			assertThat(found).as(ruleId).hasSize(1);
			return found.get(0);
		}
	}

	private Scenario scan(String prefix, String fixture, String contractResource) throws SQLException, IOException {
		return scan(prefix, List.of(fixture), contractResource);
	}

	private Scenario scan(String prefix, List<String> fixtures, String contractResource)
			throws SQLException, IOException {
		TestTimescale.Schema schema = TestTimescale.newSchema(prefix);
		CatalogSnapshot snapshot;
		// one connection at a time: the fixture and the read share it
		try (Connection connection = schema.connect()) {
			for (String fixture : fixtures) {
				SqlScript.runResource(connection, fixture);
			}
			// the negative lookahead hides other tests' schemas (and every system schema) from this read
			snapshot = new CatalogReader(new CatalogQueries(), "^(?!" + schema.name() + "$)").read(connection);
		}
		Contract contract = ContractParser
			.parseYaml(resource(contractResource).replace("public.", schema.name() + "."));
		assertThat(ContractValidator.validate(contract)).as("contract problems").isEmpty();
		CheckContext context = new CheckContext(snapshot,
				List.of(new Expectation(Expectation.Source.CONTRACT, contract, false)), null, TODAY,
				CheckSettings.defaults());
		List<Violation> violations = evaluator.evaluate(context);
		assertThat(violations).extracting(Violation::severity).doesNotContainNull();
		return new Scenario(schema.name(), snapshot, violations);
	}

	private static String resource(String path) throws IOException {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}

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
 * The TimescaleDB incidents of shared/scenarios.md at rule level: build the drifted schema on a real TimescaleDB
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
		Scenario s = scan("predictive_maintenance", "scenarios/predictive-maintenance/drifted-timescale.sql",
				"scenarios/predictive-maintenance/contract-timescale.yaml");
		assertThat(s.described()).containsExactlyInAnyOrder("migration-head-mismatch alembic HIGH",
				"unindexed-foreign-key " + s.schema() + ".maintenance_logs.maintenance_logs_task_id_fkey MEDIUM");
		assertThat(s.snapshot().timescale().jobs()).extracting(j -> j.procedureName())
			.containsExactlyInAnyOrder("policy_compression", "policy_retention");
	}

	@Test
	void theTimescaleFixturesExtendThePostgresOnes() throws Exception {
		String plain = resource("scenarios/predictive-maintenance/drifted.sql");
		String timescale = resource("scenarios/predictive-maintenance/drifted-timescale.sql");
		for (SqlScript.Step step : SqlScript.split(plain)) {
			assertThat(timescale).contains(step.sql().strip());
		}
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
		TestTimescale.Schema schema = TestTimescale.newSchema(prefix);
		CatalogSnapshot snapshot;
		// one connection at a time: the fixture and the read share it
		try (Connection connection = schema.connect()) {
			SqlScript.runResource(connection, fixture);
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

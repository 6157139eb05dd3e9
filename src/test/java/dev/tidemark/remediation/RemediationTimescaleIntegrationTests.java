package dev.tidemark.remediation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.ContractParser;
import dev.tidemark.inspection.internal.CatalogQueries;
import dev.tidemark.inspection.internal.CatalogReader;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.remediation.internal.LiquibaseRunner;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestTimescale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 1 (docs/scenarios.md) repaired end to end on TimescaleDB: the real rules find the compression policy
 * of the staging table, its damaged chunks and the plain fact table; the planner and writer make a changelog,
 * squawk lints it, real Liquibase applies it on the one connection the test server allows, and a re-scan shows
 * the three findings gone with every row kept. The changelog then runs again without failing.
 */
class RemediationTimescaleIntegrationTests {

	private static final List<String> TABLES = List.of("raw_reddit_posts", "raw_bluesky_posts", "stg_social_posts",
			"fact_social_sentiment");

	@Test
	void scenario1SocialSentimentRepairedSoUpsertsWorkAndTheFactTableKeepsNinetyDays() throws Exception {
		TestTimescale.Schema schema = TestTimescale.newSchema("remedy_social");
		String s = schema.name();
		Contract contract = ContractParser.parseYaml(
				RemediationFixtures.resource("scenarios/social-sentiment/contract.yaml").replace("public.", s + "."));
		UUID id = UUID.nameUUIDFromBytes(("timescale-social-sentiment-" + s).getBytes(StandardCharsets.UTF_8));

		try (Connection c = schema.connect()) {
			try {
				repairScenario1(c, s, contract, id);
			}
			finally {
				// the test server serves every connection from one backend: a transaction left open here would
				// still be open for the next test's connection
				if (!c.getAutoCommit()) {
					c.rollback();
					c.setAutoCommit(true);
				}
			}
		}
	}

	private static void repairScenario1(Connection c, String s, Contract contract, UUID id) throws Exception {
		{
			SqlScript.runResource(c, "scenarios/social-sentiment/drifted-timescale.sql");
			Map<String, Long> rows = counts(c);
			CatalogSnapshot before = read(c, s);
			List<Finding> findings = RemediationFixtures.evaluate(before, contract);
			assertThat(RemediationFixtures.describe(findings)).containsExactlyInAnyOrder(
					"chunk-missing-unique-index " + s + ".stg_social_posts_platform_post_id_created_at_key",
					"not-a-hypertable " + s + ".fact_social_sentiment",
					"unexpected-compression-policy " + s + ".stg_social_posts");

			Plan plan = new RemediationPlanner().plan(id, findings, before, contract);
			assertThat(plan.refused()).isEmpty();
			assertThat(plan.risk()).isEqualTo(Plan.Risk.HIGH);
			String changelog = new ChangelogWriter().write(id, plan);
			assertThat(changelog).contains("\"public\".\"remove_compression_policy\"(", "\"public\".\"by_range\"('created_at')",
					"migrate_data => true", "\"public\".\"add_retention_policy\"(", "drop_after => INTERVAL '90 days'",
					"CREATE UNIQUE INDEX");
			Path file = RemediationFixtures.write("timescale-social-sentiment", changelog);
			RemediationFixtures.lint(file, before.server().versionNum() / 10000);

			LiquibaseRunner.Result applied = update(c, id, changelog);
			assertThat(applied.error()).as("Liquibase update of %s:\n%s", file, changelog).isNull();
			// every step ran but the two "drop a same-named INVALID index" guards: there was none to drop
			long invalidDrops = plan.steps().stream().filter(st -> st.description().startsWith("Drop the INVALID")).count();
			assertThat(invalidDrops).isEqualTo(2);
			assertThat(applied.recorded()).hasSize(plan.steps().size())
				.extracting(LiquibaseRunner.ChangesetRun::execType)
				.filteredOn("EXECUTED"::equals)
				.hasSize(plan.steps().size() - (int) invalidDrops);

			CatalogSnapshot after = read(c, s);
			assertThat(RemediationFixtures.describe(RemediationFixtures.evaluate(after, contract))).isEmpty();
			assertThat(counts(c)).isEqualTo(rows);
			assertThat(after.timescale().hypertables()).anySatisfy(h -> {
				assertThat(h.schema()).isEqualTo(s);
				assertThat(h.name()).isEqualTo("fact_social_sentiment");
			});
			assertThat(after.timescale().jobs())
				.filteredOn(j -> s.equals(j.hypertableSchema()) && "fact_social_sentiment".equals(j.hypertableName()))
				.singleElement()
				.satisfies(j -> {
					assertThat(j.procedureName()).isEqualTo("policy_retention");
					assertThat(j.config()).containsEntry("drop_after", "90 days");
				});
			assertThat(after.timescale().jobs())
				.filteredOn(j -> s.equals(j.hypertableSchema()) && "stg_social_posts".equals(j.hypertableName()))
				.extracting(j -> j.procedureName())
				.containsExactly("policy_retention");

			try (Statement st = c.createStatement()) {
				// both previously damaged chunks (2 and 9 November) and the intact one
				int upserted = st.executeUpdate("INSERT INTO stg_social_posts (platform, post_id, created_at, body) "
						+ "VALUES ('reddit', 'r1', '2026-11-02 10:00:00+00', 'edited'), "
						+ "('bluesky', 'b2', '2026-11-09 11:00:00+00', 'edited'), "
						+ "('reddit', 'r3', '2026-11-16 10:00:00+00', 'edited') "
						+ "ON CONFLICT (platform, post_id, created_at) DO UPDATE SET body = excluded.body");
				assertThat(upserted).isEqualTo(3);
				try (ResultSet rs = st.executeQuery(
						"SELECT count(*), count(*) FILTER (WHERE body = 'edited') FROM stg_social_posts")) {
					rs.next();
					assertThat(rs.getLong(1)).isEqualTo(5);
					assertThat(rs.getLong(2)).isEqualTo(3);
				}
			}

			LiquibaseRunner.Result again = update(c, id, changelog);
			assertThat(again.error()).isNull();
			assertThat(RemediationFixtures.execTypes(again.recorded()))
				.isEqualTo(RemediationFixtures.expectedOnRerun(plan, applied.recorded()));
			assertThat(RemediationFixtures.describe(RemediationFixtures.evaluate(read(c, s), contract))).isEmpty();

			try (Statement st = c.createStatement()) {
				st.executeUpdate("DELETE FROM " + LiquibaseRunner.CHANGELOG_TABLE);
			}
			LiquibaseRunner.Result fresh = update(c, id, changelog);
			assertThat(fresh.error()).isNull();
			assertThat(fresh.recorded()).hasSize(plan.steps().size())
				.allSatisfy(r -> assertThat(r.execType()).as(r.id()).isEqualTo("MARK_RAN"));
		}
	}

	@Test
	void policiesThatDifferFromTheContractAreReplacedAddedAndRolledBackOnTimescaleDb() throws Exception {
		TestTimescale.Schema schema = TestTimescale.newSchema("remedy_policies");
		String s = schema.name();
		Contract contract = ContractParser.parseYaml(
				RemediationFixtures.resource("fixtures/timescale/policy-drift.yaml").replace("public.", s + "."));
		UUID id = UUID.nameUUIDFromBytes(("timescale-policies-" + s).getBytes(StandardCharsets.UTF_8));
		try (Connection c = schema.connect()) {
			try {
				SqlScript.runResource(c, "fixtures/timescale/policy-drift.sql");
				CatalogSnapshot before = read(c, s);
				List<Finding> findings = RemediationFixtures.evaluate(before, contract);
				assertThat(RemediationFixtures.describe(findings)).containsExactlyInAnyOrder(
						"compression-policy-mismatch " + s + ".metrics", "retention-policy-mismatch " + s + ".logs",
						"missing-compression-policy " + s + ".events", "missing-retention-policy " + s + ".audit_trail");

				Plan plan = new RemediationPlanner().plan(id, findings, before, contract);
				assertThat(plan.refused()).isEmpty();
				// retention deletes data: HIGH
				assertThat(plan.risk()).isEqualTo(Plan.Risk.HIGH);
				String changelog = new ChangelogWriter().write(id, plan);
				assertThat(changelog).contains("compress_after => INTERVAL '7 days'", "drop_after => INTERVAL '90 days'",
						"drop_after => INTERVAL '1 year'", "timescaledb.compress_segmentby = '\"device_id\"'");
				Path file = RemediationFixtures.write("timescale-policies", changelog);
				RemediationFixtures.lint(file, before.server().versionNum() / 10000);

				LiquibaseRunner.Result applied = update(c, id, changelog);
				assertThat(applied.error()).as("Liquibase update of %s:\n%s", file, changelog).isNull();
				CatalogSnapshot after = read(c, s);
				assertThat(RemediationFixtures.describe(RemediationFixtures.evaluate(after, contract))).isEmpty();
				assertThat(policies(after, s)).containsExactlyInAnyOrder(
						"audit_trail policy_retention drop_after=1 year", "events policy_compression compress_after=7 days",
						"logs policy_retention drop_after=90 days", "metrics policy_compression compress_after=7 days");
				assertThat(after.timescale().hypertables()).filteredOn(h -> h.name().equals("events"))
					.singleElement()
					.satisfies(h -> {
						assertThat(h.compressionEnabled()).isTrue();
						assertThat(h.segmentBy()).containsExactly("device_id");
					});

				// a real server's scheduler compresses events' old chunks within seconds of the repair; do what it
				// does (it may already have: if_not_compressed), so the rollback must disable compression on a
				// hypertable with a compressed chunk
				assertThat(changelog).contains("\"public\".\"decompress_chunk\"(c, true) FROM \"public\".\"show_chunks\"(");
				try (Statement st = c.createStatement()) {
					st.execute("SELECT compress_chunk(c, if_not_compressed => true) FROM show_chunks('events', "
							+ "older_than => TIMESTAMPTZ '2026-11-02 00:00+00') c");
				}
				assertThat(compressedChunks(c, s, "events")).isPositive();

				// every step has a rollback: back to the policies the scan saw
				LiquibaseRunner.Result rolledBack = new LiquibaseRunner().rollback(c, id, changelog,
						plan.steps().size());
				if (!c.getAutoCommit()) {
					c.commit();
					c.setAutoCommit(true);
				}
				assertThat(rolledBack.error()).isNull();
				CatalogSnapshot rolledBackTo = read(c, s);
				assertThat(policies(rolledBackTo, s)).containsExactlyInAnyOrder(
						"logs policy_retention drop_after=30 days", "metrics policy_compression compress_after=30 days");
				assertThat(rolledBackTo.timescale().hypertables()).filteredOn(h -> h.name().equals("events"))
					.singleElement()
					.satisfies(h -> assertThat(h.compressionEnabled()).isFalse());
				// with compression off and its policy gone nothing can compress events again, scheduler or not
				assertThat(compressedChunks(c, s, "events")).isZero();
				try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM events")) {
					rs.next();
					assertThat(rs.getLong(1)).isEqualTo(2);
				}
			}
			finally {
				if (!c.getAutoCommit()) {
					c.rollback();
					c.setAutoCommit(true);
				}
			}
		}
	}

	/**
	 * The state issue 12 found after a "verified" repair: the policy is gone but its chunks stay compressed. 25
	 * compressed chunks of 26 take four batches of at most ten (one for a chunk compressed since the scan), each
	 * committed on its own; then compression is disabled, and its rollback enables it again as it was.
	 */
	@Test
	void compressedChunksOfATableThatMustNotBeCompressedAreDecompressedInBatchesThenCompressionIsDisabled()
			throws Exception {
		TestTimescale.Schema schema = TestTimescale.newSchema("remedy_decompress");
		String s = schema.name();
		Contract contract = ContractParser.parseYaml("tables:\n  - name: " + s + ".stg\n    timescale: "
				+ "{hypertable: {timeColumn: created_at}, compression: none}\n");
		UUID id = UUID.nameUUIDFromBytes(("timescale-decompress-" + s).getBytes(StandardCharsets.UTF_8));
		try (Connection c = schema.connect()) {
			try {
				try (Statement st = c.createStatement()) {
					st.execute("CREATE TABLE stg (device text NOT NULL, created_at timestamptz NOT NULL, v int, "
							+ "PRIMARY KEY (device, created_at))");
					st.execute("SELECT create_hypertable('stg', by_range('created_at', INTERVAL '1 day'))");
					st.execute("INSERT INTO stg SELECT 'd' || (i % 3), TIMESTAMPTZ '2026-11-01 00:00+00' + i * "
							+ "INTERVAL '4 hours', i FROM generate_series(0, 155) i");
					st.execute("ALTER TABLE stg SET (timescaledb.compress, timescaledb.compress_segmentby = 'device')");
					// what a scheduler did before the policy was removed: every chunk but the newest compressed
					st.execute("SELECT compress_chunk(c) FROM show_chunks('stg', older_than => "
							+ "TIMESTAMPTZ '2026-11-26 00:00+00') c");
				}
				assertThat(compressedChunks(c, s, "stg")).isEqualTo(25);
				CatalogSnapshot before = read(c, s);
				List<Finding> findings = RemediationFixtures.evaluate(before, contract);
				assertThat(RemediationFixtures.describe(findings))
					.containsExactly("unexpected-compressed-chunks " + s + ".stg");
				assertThat(findings.get(0).evidence()).containsEntry("compressedChunks", 25L)
					.containsEntry("totalChunks", 26L);

				Plan plan = new RemediationPlanner().plan(id, findings, before, contract);
				assertThat(plan.refused()).isEmpty();
				assertThat(plan.risk()).isEqualTo(Plan.Risk.MEDIUM);
				assertThat(plan.steps()).hasSize(2);
				Plan.Step decompress = plan.steps().get(0);
				assertThat(decompress.transactional()).isFalse();
				assertThat(decompress.rollback().kind()).isEqualTo(Plan.Rollback.Kind.NONE);
				assertThat(decompress.sql().split("LIMIT 10\\) b;", -1)).hasSize(4 + 1);
				assertThat(plan.steps().get(1).sql()).contains("SET (timescaledb.compress = false)");
				String changelog = new ChangelogWriter().write(id, plan);
				assertThat(changelog).contains("runInTransaction:false", "SET lock_timeout", "SET statement_timeout");
				Path file = RemediationFixtures.write("timescale-decompress", changelog);
				RemediationFixtures.lint(file, before.server().versionNum() / 10000);

				LiquibaseRunner.Result applied = update(c, id, changelog);
				assertThat(applied.error()).as("Liquibase update of %s:\n%s", file, changelog).isNull();
				assertThat(RemediationFixtures.execTypes(applied.recorded()).values()).containsExactly("EXECUTED", "EXECUTED");
				CatalogSnapshot after = read(c, s);
				assertThat(RemediationFixtures.describe(RemediationFixtures.evaluate(after, contract))).isEmpty();
				assertThat(after.timescale().hypertables()).singleElement().satisfies(h -> {
					assertThat(h.compressedChunks()).isZero();
					assertThat(h.compressedBytes()).isZero();
					assertThat(h.compressionEnabled()).isFalse();
				});
				try (Statement st = c.createStatement();
						ResultSet rs = st.executeQuery("SELECT count(*), sum(v) FROM stg")) {
					rs.next();
					assertThat(rs.getLong(1)).isEqualTo(156);
					assertThat(rs.getLong(2)).isEqualTo(155L * 156 / 2);
				}

				// again: nothing left to do, both marked ran
				LiquibaseRunner.Result again = update(c, id, changelog);
				assertThat(again.error()).isNull();
				assertThat(RemediationFixtures.execTypes(again.recorded()))
					.isEqualTo(RemediationFixtures.expectedOnRerun(plan, applied.recorded()));

				// the disable step rolls back to compression enabled as it was (nothing is compressed by that)
				LiquibaseRunner.Result rolledBack = new LiquibaseRunner().rollback(c, id, changelog, 1);
				if (!c.getAutoCommit()) {
					c.commit();
					c.setAutoCommit(true);
				}
				assertThat(rolledBack.error()).isNull();
				assertThat(read(c, s).timescale().hypertables()).singleElement().satisfies(h -> {
					assertThat(h.compressionEnabled()).isTrue();
					assertThat(h.segmentBy()).containsExactly("device");
					assertThat(h.compressedChunks()).isZero();
				});
			}
			finally {
				if (!c.getAutoCommit()) {
					c.rollback();
					c.setAutoCommit(true);
				}
			}
		}
	}

	private static long compressedChunks(Connection c, String schema, String hypertable) throws SQLException {
		try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM timescaledb_information.chunks "
				+ "WHERE hypertable_schema = ? AND hypertable_name = ? AND is_compressed")) {
			st.setString(1, schema);
			st.setString(2, hypertable);
			try (ResultSet rs = st.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	private static List<String> policies(CatalogSnapshot snapshot, String schema) {
		return snapshot.timescale().jobs().stream()
			.filter(j -> schema.equals(j.hypertableSchema()))
			.map(j -> j.hypertableName() + " " + j.procedureName() + " " + j.config().entrySet().stream()
				.filter(e -> e.getKey().endsWith("_after"))
				.map(e -> e.getKey() + "=" + e.getValue())
				.findFirst().orElse(""))
			.toList();
	}

	/** Liquibase leaves the connection in manual commit; the checks after it run in autocommit, as an app would. */
	private static LiquibaseRunner.Result update(Connection c, UUID id, String changelog) throws SQLException {
		LiquibaseRunner.Result result = new LiquibaseRunner().update(c, id, changelog);
		if (!c.getAutoCommit()) {
			c.commit();
			c.setAutoCommit(true);
		}
		return result;
	}

	private static CatalogSnapshot read(Connection c, String schema) {
		// the negative lookahead hides other tests' schemas (and every system schema) from this read
		return new CatalogReader(new CatalogQueries(), "^(?!" + schema + "$)").read(c);
	}

	private static Map<String, Long> counts(Connection c) throws SQLException {
		Map<String, Long> counts = new LinkedHashMap<>();
		try (Statement st = c.createStatement()) {
			for (String table : TABLES) {
				try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
					rs.next();
					counts.put(table, rs.getLong(1));
				}
			}
		}
		return counts;
	}
}

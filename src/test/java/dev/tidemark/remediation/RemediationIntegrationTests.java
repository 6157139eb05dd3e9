package dev.tidemark.remediation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.ContractDocuments;
import dev.tidemark.checks.contract.MediaTypeKind;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incidents of docs/scenarios.md repaired end to end on real PostgreSQL: real rules find the drift, the
 * planner and writer make a changelog, squawk lints it, real Liquibase applies it, and a re-scan shows the
 * repaired findings gone with the data intact. The same changelog then runs again without failing, and once more
 * with its history erased, when every changeset is marked ran because the drift is gone.
 */
class RemediationIntegrationTests {

	@Test
	void scenario5WordGameRepairedSoDeletingAPostKeepsItsReactions() throws Exception {
		RemediationFixtures.Round round = scenario("word-game");
		assertThat(round.plan().refused()).isEmpty();
		assertThat(round.plan().risk()).isEqualTo(Plan.Risk.MEDIUM);
		assertThat(round.changelog()).contains("CREATE UNIQUE INDEX CONCURRENTLY", "PRIMARY KEY USING INDEX",
				"ON DELETE SET NULL", "VALIDATE CONSTRAINT", "DROP NOT NULL",
				// foreign-key-action-mismatch: replaced under its name in one transaction (was: a temporary
				// foreign key validated beside it, then RENAME CONSTRAINT)
				"DROP CONSTRAINT \"post_reactions_post_id_fkey\";\nALTER TABLE \"public\".\"post_reactions\" ADD "
						+ "CONSTRAINT \"post_reactions_post_id_fkey\" FOREIGN KEY");
		assertThat(RemediationFixtures.describe(round.after())).isEmpty();

		try (Connection c = RemediationFixtures.connect(round.read().database()); Statement st = c.createStatement()) {
			assertThat(st.executeUpdate("DELETE FROM posts WHERE id = 1")).isEqualTo(1);
			try (ResultSet rs = st.executeQuery(
					"SELECT count(*), count(post_id) FROM post_reactions WHERE emoji IN ('🔥', '👏')")) {
				rs.next();
				assertThat(rs.getInt(1)).as("reactions kept").isEqualTo(2);
				assertThat(rs.getInt(2)).as("reactions pointing at the deleted post").isZero();
			}
			try (ResultSet rs = st.executeQuery("SELECT count(*) FROM post_reactions")) {
				rs.next();
				assertThat(rs.getInt(1)).isEqualTo(4);
			}
		}
		RemediationFixtures.rerun(round);
	}

	@Test
	void scenario4ResearchCrawlerRepairedExceptTheForeignKeyWithOrphans() {
		RemediationFixtures.Round round = scenario("research-crawler");
		assertThat(RemediationFixtures.describe(round.after()))
			.containsExactly("unvalidated-constraint public.contents.contents_analysis_period_id_fkey");
		Finding unvalidated = round.before().stream()
			.filter(f -> f.ruleId().equals("unvalidated-constraint"))
			.findFirst()
			.orElseThrow();
		assertThat(round.plan().refused()).singleElement().satisfies(r -> {
			assertThat(r.findingId()).isEqualTo(unvalidated.id());
			assertThat(r.reason()).contains("2 rows");
			assertThat(r.instead()).contains("delete");
		});
		assertThat(round.changelog()).contains("CREATE EXTENSION IF NOT EXISTS \"pg_trgm\"", "EXCLUDE USING gist",
				"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS");
		RemediationFixtures.rerun(round);
	}

	@Test
	void scenario2ChatPlatformGetsItsPartitionsColumnAndMigrationBookkeeping() throws Exception {
		RemediationFixtures.Round round = scenario("chat-platform");
		assertThat(RemediationFixtures.describe(round.after())).isEmpty();
		assertThat(round.plan().refused()).isEmpty();
		try (Connection c = RemediationFixtures.connect(round.read().database()); Statement st = c.createStatement()) {
			st.executeUpdate("INSERT INTO messages (channel_id, body, \"timestamp\") VALUES (1, 'now', "
					+ "'2026-11-21 12:00:00+00')");
			try (ResultSet rs = st.executeQuery("SELECT count(*) FROM _prisma_migrations WHERE migration_name = "
					+ "'20251120000000_add_channel_metadata' AND finished_at IS NOT NULL AND rolled_back_at IS NULL")) {
				rs.next();
				assertThat(rs.getInt(1)).isEqualTo(1);
			}
			try (ResultSet rs = st.executeQuery("SELECT count(*) FROM messages")) {
				rs.next();
				assertThat(rs.getInt(1)).isEqualTo(4);
			}
		}
		RemediationFixtures.rerun(round);
	}

	@Test
	void hostileNamesAreQuotedEverywhere() throws Exception {
		TestCatalogs.Read read = TestCatalogs.read("hostile", RemediationFixtures.resource("remediation/hostile.sql"));
		Contract contract = ContractDocuments.read(RemediationFixtures.resource("remediation/hostile.yaml"),
				MediaTypeKind.YAML);
		RemediationFixtures.Round round = RemediationFixtures.repair("hostile-names", read, contract);
		assertThat(RemediationFixtures.describe(round.before())).hasSizeGreaterThanOrEqualTo(6);
		assertThat(round.plan().refused()).isEmpty();
		assertThat(RemediationFixtures.describe(round.after())).isEmpty();
		try (Connection c = RemediationFixtures.connect(round.read().database()); Statement st = c.createStatement()) {
			assertThat(st.executeUpdate("DELETE FROM \"Bad \"\"Schema\"\"\".\"select\" WHERE \"Order Id\" = 1"))
				.isEqualTo(1);
			try (ResultSet rs = st.executeQuery("SELECT count(*), count(\"parent ref\") FROM \"Bad \"\"Schema\"\"\"."
					+ "\"line;item\"")) {
				rs.next();
				assertThat(rs.getInt(1)).isEqualTo(3);
				assertThat(rs.getInt(2)).isEqualTo(1);
			}
		}
		RemediationFixtures.rerun(round);
	}

	private static RemediationFixtures.Round scenario(String name) {
		TestCatalogs.Read read = TestCatalogs.read(name.replace('-', '_'),
				RemediationFixtures.resource("scenarios/" + name + "/drifted.sql"));
		Contract contract = ContractDocuments.read(RemediationFixtures.resource("scenarios/" + name + "/contract.yaml"),
				MediaTypeKind.YAML);
		return RemediationFixtures.repair(name, read, contract);
	}
}

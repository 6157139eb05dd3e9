package dev.tidemark.inspection;

import java.sql.Connection;
import java.sql.Statement;

import dev.tidemark.inspection.internal.CatalogQueries;
import dev.tidemark.inspection.internal.CatalogReader;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.SqlScript;
import dev.tidemark.support.TestTimescale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift between two snapshots of a real TimescaleDB (scenario 1's database): what moves with the data (new
 * chunks, a compressed chunk) and a policy removed and added again as it was are no change; a retention interval
 * changed and a compression policy removed are, each under its hypertable and procedure.
 */
class TimescaleSnapshotDiffIntegrationTests {

	@Test
	void chunksAndReAddedPoliciesAreNoChangeWhileChangedOrRemovedPoliciesAre() throws Exception {
		TestTimescale.Schema schema = TestTimescale.newSchema("tsdiff");
		String s = schema.name();
		try (Connection c = schema.connect(); Statement st = c.createStatement()) {
			SqlScript.runResource(c, "scenarios/social-sentiment/drifted-timescale.sql");
			CatalogSnapshot before = read(c, s);

			// data: two more weekly chunks, and one chunk compressed
			st.execute("INSERT INTO raw_reddit_posts (post_id, created_at, subreddit) VALUES "
					+ "('r4', '2026-11-23 10:00:00+00', 'python'), ('r5', '2026-11-30 10:00:00+00', 'python')");
			st.execute("SELECT compress_chunk(show_chunks('raw_reddit_posts', older_than => "
					+ "'2026-11-05 00:00:00+00'::timestamptz))");
			// the same retention policy removed and added again: a new job id, the same policy (paused as the scenario
			// pauses its policies, so a running scheduler cannot drop or compress chunks under the test)
			st.execute("SELECT remove_retention_policy('raw_bluesky_posts')");
			st.execute("SELECT alter_job(add_retention_policy('raw_bluesky_posts', INTERVAL '90 days'), "
					+ "scheduled => false)");
			CatalogSnapshot sameSchema = read(c, s);
			assertThat(sameSchema.timescale().hypertables())
				.filteredOn(h -> h.name().equals("raw_reddit_posts"))
				.singleElement()
				.satisfies(h -> {
					assertThat(h.chunkCount()).isEqualTo(5);
					assertThat(h.compressedChunks()).isEqualTo(1);
				});
			SnapshotDiff unchanged = SnapshotDiff.between(null, before, null, sameSchema);
			assertThat(unchanged.kinds()).as("%s", unchanged).isEmpty();
			assertThat(unchanged.identical()).isTrue();

			st.execute("SELECT remove_retention_policy('raw_reddit_posts')");
			st.execute("SELECT alter_job(add_retention_policy('raw_reddit_posts', INTERVAL '30 days'), "
					+ "scheduled => false)");
			st.execute("SELECT remove_compression_policy('stg_social_posts')");
			SnapshotDiff changed = SnapshotDiff.between(null, before, null, read(c, s));
			assertThat(changed.identical()).isFalse();
			assertThat(changed.kinds()).singleElement().satisfies(kind -> {
				assertThat(kind.kind()).isEqualTo("jobs");
				assertThat(kind.added()).isEmpty();
				assertThat(kind.removed()).extracting(SnapshotDiff.Entry::key)
					.containsExactly(s + ".stg_social_posts policy_compression");
				assertThat(kind.changed()).singleElement().satisfies(change -> {
					assertThat(change.key()).isEqualTo(s + ".raw_reddit_posts policy_retention");
					assertThat(change.fields()).containsExactly("config");
				});
			});
		}
	}

	private static CatalogSnapshot read(Connection c, String schema) {
		// the negative lookahead hides other tests' schemas (and every system schema) from this read
		return new CatalogReader(new CatalogQueries(), "^(?!" + schema + "$)").read(c);
	}
}

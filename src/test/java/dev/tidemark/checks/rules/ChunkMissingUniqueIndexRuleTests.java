package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.model.TimescaleInfo.ChunkIndexGap;
import dev.tidemark.inspection.model.TimescaleInfo.ReferencingForeignKey;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.context;
import static dev.tidemark.checks.rules.TimescaleSnapshots.hypertable;
import static dev.tidemark.checks.rules.TimescaleSnapshots.timescale;
import static org.assertj.core.api.Assertions.assertThat;

class ChunkMissingUniqueIndexRuleTests {

	private final ChunkMissingUniqueIndexRule rule = new ChunkMissingUniqueIndexRule();

	private final ChunkIndexGap gap = new ChunkIndexGap("stg_uq", List.of("platform", "post_id", "created_at"),
			List.of("_timescaledb_internal._hyper_3_7_chunk", "_timescaledb_internal._hyper_3_8_chunk"));

	@Test
	void describesItself() {
		assertThat(rule.id()).isEqualTo("chunk-missing-unique-index");
		assertThat(rule.defaultSeverity()).isEqualTo(Severity.HIGH);
		assertThat(rule.remediable()).isTrue();
	}

	@Test
	void oneFindingPerHypertableIndexWithTheChunksAsEvidence() {
		ChunkIndexGap other = new ChunkIndexGap("stg_other_uq", List.of("id", "created_at"),
				List.of("_timescaledb_internal._hyper_3_7_chunk"));
		List<Violation> found = rule.evaluate(context(timescale()
			.hypertable(hypertable("stg_social_posts", List.of(gap, other), List.of()))
			.build()));
		assertThat(found).hasSize(2);
		Violation v = found.get(0);
		assertThat(v.object()).isEqualTo(ObjectRef.of("index", "public", "stg_uq"));
		assertThat(v.severity()).isEqualTo(Severity.HIGH);
		assertThat(v.evidence()).containsEntry("chunks", gap.chunks()).containsEntry("damagedChunks", 2)
			.containsEntry("keyColumns", List.of("platform", "post_id", "created_at"))
			.doesNotContainKey("referencingForeignKeys");
		assertThat(v.message()).startsWith("2 chunks of hypertable public.stg_social_posts lack unique index stg_uq");
		assertThat(v.repair().automatic()).isTrue();
		assertThat(v.repair().summary()).contains("concurrently", "2 chunks");
	}

	@Test
	void criticalWhenAForeignKeyReferencesTheHypertable() {
		ReferencingForeignKey fk = new ReferencingForeignKey("public", "post_scores", "post_scores_fkey",
				List.of("platform", "post_id", "created_at"), ReferencingForeignKey.Via.CONSTRAINT, "stg_uq");
		Violation v = rule.evaluate(context(timescale()
			.hypertable(hypertable("stg_social_posts", List.of(gap), List.of(fk)))
			.build())).get(0);
		assertThat(v.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(v.evidence()).containsEntry("referencingForeignKeys",
				List.of("public.post_scores.post_scores_fkey (platform, post_id, created_at)"));
		assertThat(v.message()).contains("inserts that create a chunk fail");
	}

	@Test
	void quietWithoutGapsOrWithoutTimescale() {
		assertThat(rule.evaluate(context(timescale().hypertable(hypertable("raw")).build()))).isEmpty();
		assertThat(rule.evaluate(context(timescale().notInstalled().build()))).isEmpty();
	}
}

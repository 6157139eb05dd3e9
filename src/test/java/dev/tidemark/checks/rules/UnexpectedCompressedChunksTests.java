package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.inspection.model.TimescaleInfo.Dimension;
import dev.tidemark.inspection.model.TimescaleInfo.Hypertable;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.TimescaleSnapshots.compression;
import static dev.tidemark.checks.rules.TimescaleSnapshots.expecting;
import static dev.tidemark.checks.rules.TimescaleSnapshots.policies;
import static dev.tidemark.checks.rules.TimescaleSnapshots.timescale;
import static org.assertj.core.api.Assertions.assertThat;

/** unexpected-compressed-chunks on hand-built snapshots: the count and sizes, whether a policy is left or not. */
class UnexpectedCompressedChunksTests {

	private static Hypertable staging(long compressedChunks, boolean compressionEnabled) {
		return new Hypertable("public", "stg", List.of(new Dimension(1, "created_at", "timestamp with time zone",
				"Time", "7 days", null)), 3, "2026-11-01 00:00:00+00", "2026-11-22 00:00:00+00", compressionEnabled,
				List.of("platform"), List.of("created_at DESC"), compressedChunks, List.of(), List.of(),
				compressedChunks == 0 ? 0L : 163_840L, compressedChunks == 0 ? 0L : 3L << 30);
	}

	private static List<Violation> evaluate(Hypertable h, boolean policy, TimescaleExpectation expected) {
		TimescaleSnapshots s = timescale().hypertable(h);
		if (policy) {
			s.job(compression(1, "stg", "7 days"));
		}
		CheckContext context = Expect.contract(s.build(), expecting("stg", expected));
		return new UnexpectedCompressedChunks().evaluate(context);
	}

	@Test
	void compressedChunksOfATableThatMustNotBeCompressedAreFoundWithCountAndSize() {
		// the policy is already gone (removed by an earlier repair): the chunks it compressed are still compressed
		List<Violation> found = evaluate(staging(3, true), false, policies(null, "90 days"));
		assertThat(found).singleElement().satisfies(v -> {
			assertThat(v.ruleId()).isEqualTo("unexpected-compressed-chunks");
			assertThat(v.severity()).isEqualTo(Severity.MEDIUM);
			assertThat(v.object()).isEqualTo(ObjectRef.table("public", "stg"));
			assertThat(v.message()).isEqualTo("Hypertable public.stg has 3 of 3 chunks compressed (160 kB on disk), "
					+ "but the contract says it must not be compressed");
			assertThat(v.evidence()).containsEntry("compressedChunks", 3L)
				.containsEntry("totalChunks", 3L)
				.containsEntry("compressedBytes", 163_840L)
				.containsEntry("uncompressedBytes", 3L << 30)
				.containsEntry("compressionEnabled", true)
				.doesNotContainKey("policyJobId");
			assertThat(v.repair().automatic()).isTrue();
			assertThat(v.repair().summary()).contains("decompress_chunk", "MEDIUM", "3.0 GB",
					"timescaledb.compress = false");
		});
		assertThat(evaluate(staging(1, true), true, policies(null, null))).singleElement()
			.satisfies(v -> assertThat(v.evidence()).containsEntry("policyJobId", 1));
	}

	@Test
	void quietWithoutCompressedChunksOrWhenTheContractWantsCompression() {
		// a policy with nothing compressed yet is unexpected-compression-policy's finding alone
		assertThat(evaluate(staging(0, true), true, policies(null, null))).isEmpty();
		assertThat(evaluate(staging(3, true), true, policies("7 days", null))).isEmpty();
		// no compression expectation at all: nothing to compare
		assertThat(evaluate(staging(3, true), true, new TimescaleExpectation(null, null, null))).isEmpty();
	}
}

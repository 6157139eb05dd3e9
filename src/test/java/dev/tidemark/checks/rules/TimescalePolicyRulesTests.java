package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.TimescaleSnapshots.compression;
import static dev.tidemark.checks.rules.TimescaleSnapshots.expecting;
import static dev.tidemark.checks.rules.TimescaleSnapshots.hypertable;
import static dev.tidemark.checks.rules.TimescaleSnapshots.policies;
import static dev.tidemark.checks.rules.TimescaleSnapshots.retention;
import static dev.tidemark.checks.rules.TimescaleSnapshots.timescale;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compression and retention policy rules together, on one hypertable: each fires for its own drift only, and
 * policies that match (by value: 7 days = 168:00:00 = 1 week) stay quiet.
 */
class TimescalePolicyRulesTests {

	static final List<Rule> RULES = List.of(new NotAHypertable(), new UnexpectedCompressionPolicy(),
			new MissingCompressionPolicy(), new CompressionPolicyMismatch(), new MissingRetentionPolicy(),
			new RetentionPolicyMismatch());

	private static List<Violation> evaluate(CheckContext context) {
		return RULES.stream().flatMap(r -> r.evaluate(context).stream()).toList();
	}

	private static CheckContext raw(TimescaleExpectation expected, String compressAfter, String dropAfter) {
		TimescaleSnapshots s = timescale().hypertable(hypertable("raw"));
		if (compressAfter != null) {
			s.job(compression(1, "raw", compressAfter));
		}
		if (dropAfter != null) {
			s.job(retention(2, "raw", dropAfter));
		}
		return Expect.contract(s.build(), expecting("raw", expected));
	}

	@Test
	void matchingPoliciesStayQuietWhateverTheSpelling() {
		assertThat(evaluate(raw(policies("7 days", "90 days"), "168:00:00", "2160:00:00"))).isEmpty();
		assertThat(evaluate(raw(policies("1 week", "P90D"), "7 days", "90 days"))).isEmpty();
		assertThat(evaluate(raw(new TimescaleExpectation(null,
				new TimescaleExpectation.Compression(false, null, List.of("platform"), List.of("\"created_at\" desc")),
				null), "7 days", null))).isEmpty();
		// compression none with compression enabled but no policy: nothing compresses, nothing to say
		assertThat(evaluate(raw(policies(null, null), null, null))).isEmpty();
	}

	@Test
	void unexpectedCompressionPolicySaysCompressedChunksStayCompressed() {
		List<Violation> found = evaluate(raw(policies(null, "90 days"), "7 days", "90 days"));
		assertThat(found).extracting(Violation::ruleId).containsExactly("unexpected-compression-policy");
		Violation v = found.get(0);
		assertThat(v.severity()).isEqualTo(Severity.MEDIUM);
		assertThat(v.object()).isEqualTo(ObjectRef.table("public", "raw"));
		assertThat(v.message()).isEqualTo("Hypertable public.raw has a compression policy (compress after 7 days), "
				+ "but the contract says it must not be compressed");
		assertThat(v.evidence()).containsEntry("compressedChunks", 1L).containsEntry("jobId", 1);
		assertThat(v.repair().automatic()).isTrue();
		assertThat(v.repair().summary()).contains("remove_compression_policy", "LOW",
				"chunks already compressed stay compressed (1 chunk");
	}

	@Test
	void missingPolicies() {
		List<Violation> found = evaluate(raw(policies("7 days", "90 days"), null, null));
		assertThat(found).extracting(Violation::ruleId)
			.containsExactlyInAnyOrder("missing-compression-policy", "missing-retention-policy");
		Violation compression = found.stream().filter(v -> v.ruleId().equals("missing-compression-policy")).findFirst()
			.orElseThrow();
		assertThat(compression.repair().summary()).contains("add_compression_policy(public.raw, compress_after => '7 days')");
		Violation retention = found.stream().filter(v -> v.ruleId().equals("missing-retention-policy")).findFirst()
			.orElseThrow();
		assertThat(retention.severity()).isEqualTo(Severity.HIGH);
		assertThat(retention.repair().summary()).contains("add_retention_policy", "HIGH risk", "deletes");
	}

	@Test
	void missingCompressionPolicyWithoutAnIntervalOrOnApacheIsManual() {
		TimescaleExpectation anyAfter = new TimescaleExpectation(null,
				new TimescaleExpectation.Compression(false, null, null, null), null);
		assertThat(evaluate(raw(anyAfter, null, null)).get(0).repair().automatic()).isFalse();
		Violation apache = new MissingCompressionPolicy().evaluate(Expect.contract(
				timescale().license("apache").hypertable(hypertable("raw")).build(),
				expecting("raw", policies("7 days", null)))).get(0);
		assertThat(apache.repair().automatic()).isFalse();
		assertThat(apache.repair().summary()).contains("Apache");
	}

	@Test
	void mismatchedPoliciesAreComparedByValue() {
		List<Violation> found = evaluate(raw(policies("7 days", "90 days"), "1 day", "30 days"));
		assertThat(found).extracting(Violation::ruleId)
			.containsExactlyInAnyOrder("compression-policy-mismatch", "retention-policy-mismatch");
		Violation compression = found.stream().filter(v -> v.ruleId().equals("compression-policy-mismatch"))
			.findFirst().orElseThrow();
		assertThat(compression.message()).isEqualTo("Compression of hypertable public.raw compresses after 1 day instead of 7 days");
		assertThat(compression.evidence()).containsEntry("expectedAfter", "7 days").containsEntry("actualAfter", "1 day");
		assertThat(compression.repair().automatic()).isTrue();
		Violation retention = found.stream().filter(v -> v.ruleId().equals("retention-policy-mismatch"))
			.findFirst().orElseThrow();
		assertThat(retention.severity()).isEqualTo(Severity.HIGH);
		assertThat(retention.message()).isEqualTo("Retention of hypertable public.raw drops data after 30 days "
				+ "instead of 90 days: data the applications expect is being deleted");
		assertThat(retention.repair().summary()).contains("remove_retention_policy", "add_retention_policy");
	}

	@Test
	void segmentByAndOrderByAreComparedWhenGiven() {
		TimescaleExpectation settings = new TimescaleExpectation(null,
				new TimescaleExpectation.Compression(false, "7 days", List.of("device"), List.of("created_at")), null);
		Violation v = evaluate(raw(settings, "7 days", null)).get(0);
		assertThat(v.ruleId()).isEqualTo("compression-policy-mismatch");
		assertThat(v.message()).contains("segments by [platform] instead of [device]",
				"orders by [created_at DESC] instead of [created_at]");
		// a chunk is compressed: the settings cannot change in place
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().instead()).contains("decompress_chunk");
	}

	@Test
	void plainTablesAreLeftToNotAHypertable() {
		List<Violation> found = evaluate(Expect.contract(timescale().table("raw").build(),
				expecting("raw", policies("7 days", "90 days"))));
		assertThat(found).extracting(Violation::ruleId).containsExactly("not-a-hypertable");
	}

	@Test
	void orderByEntriesCompareAsTheCatalogPrintsThem() {
		assertThat(TimescaleSupport.orderByEntry("\"time\"  asc nulls last")).isEqualTo("time");
		assertThat(TimescaleSupport.orderByEntry("time DESC NULLS FIRST")).isEqualTo("time DESC");
		assertThat(TimescaleSupport.orderByEntry("time DESC NULLS LAST")).isEqualTo("time DESC NULLS LAST");
		assertThat(TimescaleSupport.orderByEntry("time NULLS FIRST")).isEqualTo("time NULLS FIRST");
	}
}

package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.inspection.model.TimescaleInfo.Hypertable;
import dev.tidemark.inspection.model.TimescaleInfo.Job;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * A compression policy exists but compresses after a different interval (compared by value: {@code 7 days} =
 * {@code 168:00:00} = {@code 1 week}), or with other segmentby/orderby columns where the expectation names them.
 */
@Component
final class CompressionPolicyMismatch implements Rule {

	private final RuleDescription description = new RuleDescription(ID,
			"Compression policy differs from the expectation",
			Severity.MEDIUM, RuleCategory.CONTRACT,
			"Compressing too early makes recent, still-written chunks slow to update; too late wastes disk; the wrong "
					+ "segmentby/orderby makes compressed queries and compression ratios poor.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "compression-policy-mismatch";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		return TimescaleSupport.checkPolicies(context, TimescaleSupport.COMPRESSION, this::check);
	}

	private Optional<Violation> check(ExpectedTable expected, Hypertable h, @Nullable Job job) {
		TimescaleExpectation.Compression compression = TimescaleSupport.compression(expected);
		if (compression == null || compression.none() || job == null) {
			return Optional.empty();
		}
		String actualAfter = job.config().get("compress_after");
		boolean afterDiffers = compression.after() != null
				&& !TimescaleSupport.sameInterval(compression.after(), actualAfter);
		boolean segmentByDiffers = compression.segmentBy() != null && !compression.segmentBy().equals(h.segmentBy());
		boolean orderByDiffers = compression.orderBy() != null && !compression.orderBy()
			.stream()
			.map(TimescaleSupport::orderByEntry)
			.toList()
			.equals(h.orderBy().stream().map(TimescaleSupport::orderByEntry).toList());
		if (!afterDiffers && !segmentByDiffers && !orderByDiffers) {
			return Optional.empty();
		}
		List<String> differences = new ArrayList<>();
		if (afterDiffers) {
			differences.add("compresses after " + (actualAfter == null ? describe(job) : actualAfter)
					+ " instead of " + compression.after());
		}
		if (segmentByDiffers) {
			differences.add("segments by " + h.segmentBy() + " instead of " + compression.segmentBy());
		}
		if (orderByDiffers) {
			differences.add("orders by " + h.orderBy() + " instead of " + compression.orderBy());
		}
		return Optional.of(Violation.of(this, ObjectRef.table(expected.name().schema(), expected.name().name()),
				"Compression of hypertable " + expected.name().text() + " " + String.join("; ", differences),
				ContractFindings.evidence("source", expected.source(), "jobId", job.id(), "config", job.config(),
						"expectedAfter", afterDiffers ? compression.after() : null, "actualAfter",
						afterDiffers ? actualAfter : null, "expectedSegmentBy",
						segmentByDiffers ? compression.segmentBy() : null, "actualSegmentBy",
						segmentByDiffers ? h.segmentBy() : null, "expectedOrderBy",
						orderByDiffers ? compression.orderBy() : null, "actualOrderBy",
						orderByDiffers ? h.orderBy() : null, "compressedChunks", h.compressedChunks()),
				repair(h, compression, afterDiffers, segmentByDiffers || orderByDiffers)));
	}

	private static String describe(Job job) {
		String createdBefore = job.config().get("compress_created_before");
		return createdBefore == null ? "(no compress_after)" : "creation older than " + createdBefore;
	}

	private static Repair repair(Hypertable h, TimescaleExpectation.Compression compression, boolean after,
			boolean settings) {
		if (settings && h.compressedChunks() > 0) {
			return Repair.manual("Segmentby/orderby cannot be changed while " + HealthSupport.plural(h.compressedChunks(),
					"chunk is", "chunks are") + " compressed.",
					"Decompress the chunks (decompress_chunk), ALTER TABLE " + h.key() + " SET (timescaledb.compress_"
							+ "segmentby = ..., timescaledb.compress_orderby = ...), then let the policy recompress "
							+ "them; plan disk space and time for the rewrite.");
		}
		StringBuilder summary = new StringBuilder();
		if (settings) {
			summary.append("Set timescaledb.compress_segmentby/compress_orderby on ").append(h.key())
				.append(" to the expected columns (no chunk is compressed yet)");
		}
		if (after) {
			summary.append(summary.isEmpty() ? "" : "; ")
				.append("replace the compression policy: remove_compression_policy(").append(h.key())
				.append(") and add_compression_policy(").append(h.key()).append(", compress_after => '")
				.append(compression.after()).append("')");
		}
		return Repair.automatic(summary.append(" (MEDIUM risk).").toString());
	}
}

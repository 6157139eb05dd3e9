package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.TimescaleChange.ReplaceCompressionPolicy;
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
		String timescaleSchema = TimescaleSupport.extensionSchema(context.snapshot());
		return TimescaleSupport.checkPolicies(context, TimescaleSupport.COMPRESSION,
				(expected, h, job) -> check(expected, h, job, timescaleSchema));
	}

	private Optional<Violation> check(ExpectedTable expected, Hypertable h, @Nullable Job job, String timescaleSchema) {
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
		Repair repair = repair(h, compression, segmentByDiffers || orderByDiffers);
		Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "jobId", job.id(), "config", job.config(),
						"expectedAfter", afterDiffers ? compression.after() : null, "actualAfter",
						afterDiffers ? actualAfter : null, "expectedSegmentBy",
						segmentByDiffers ? compression.segmentBy() : null, "actualSegmentBy",
						segmentByDiffers ? h.segmentBy() : null, "expectedOrderBy",
						orderByDiffers ? compression.orderBy() : null, "actualOrderBy",
						orderByDiffers ? h.orderBy() : null, "compressedChunks", h.compressedChunks());
		if (repair.automatic()) {
			evidence = ContractFindings.withChanges(evidence, List.of(new ReplaceCompressionPolicy(h.schema(),
					h.name(), timescaleSchema, compression.after(), actualAfter)));
		}
		return Optional.of(Violation.of(this, ObjectRef.table(expected.name().schema(), expected.name().name()),
				"Compression of hypertable " + expected.name().text() + " " + String.join("; ", differences),
				evidence, repair));
	}

	private static String describe(Job job) {
		String createdBefore = job.config().get("compress_created_before");
		return createdBefore == null ? "(no compress_after)" : "creation older than " + createdBefore;
	}

	/** Segmentby/orderby changes are refused (by hand); a changed compress_after replaces the policy. */
	private static Repair repair(Hypertable h, TimescaleExpectation.Compression compression, boolean settings) {
		if (settings && h.compressedChunks() > 0) {
			return Repair.manual("Segmentby/orderby cannot be changed while " + HealthSupport.plural(h.compressedChunks(),
					"chunk is", "chunks are") + " compressed.",
					"Decompress the chunks (decompress_chunk), ALTER TABLE " + h.key() + " SET (timescaledb.compress_"
							+ "segmentby = ..., timescaledb.compress_orderby = ...), then let the policy recompress "
							+ "them; plan disk space and time for the rewrite.");
		}
		if (settings) {
			return Repair.manual("Tidemark does not generate segmentby/orderby changes yet",
					"ALTER TABLE ... SET (timescaledb.compress_segmentby = ..., timescaledb.compress_orderby = ...) "
							+ "by hand while no chunk is compressed (decompress them first otherwise)");
		}
		Optional<Repair> unsafe = ContractSql.unsafeFragment(compression.after(), "compression interval");
		if (unsafe.isPresent()) {
			return unsafe.get();
		}
		// only compress_after differs here
		return Repair.automatic("replace the compression policy: remove_compression_policy(" + h.key()
				+ ") and add_compression_policy(" + h.key() + ", compress_after => '" + compression.after()
				+ "') (MEDIUM risk).");
	}
}

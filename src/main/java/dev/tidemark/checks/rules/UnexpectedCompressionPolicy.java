package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.TimescaleChange.RemoveCompressionPolicy;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.inspection.model.TimescaleInfo.Hypertable;
import dev.tidemark.inspection.model.TimescaleInfo.Job;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * {@code compression: none}, but the hypertable has a compression policy job. Removing the policy stops future
 * compression only: chunks already compressed stay compressed, and the repair says so.
 */
@Component
final class UnexpectedCompressionPolicy implements Rule {

	private final RuleDescription description = new RuleDescription(ID,
			"Compression policy on a table that must not be compressed",
			Severity.MEDIUM, RuleCategory.CONTRACT,
			"Compressed chunks make updates, deletes and upserts slow or refused, and some DDL is blocked; a table that "
					+ "is still written or queried row by row must not be compressed.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "unexpected-compression-policy";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		String timescaleSchema = TimescaleSupport.extensionSchema(context.snapshot());
		return TimescaleSupport.checkPolicies(context, TimescaleSupport.COMPRESSION,
				(expected, h, job) -> check(expected, h, job, timescaleSchema));
	}

	private Optional<Violation> check(ExpectedTable expected, Hypertable h, @Nullable Job job, String timescaleSchema) {
		TimescaleExpectation.Compression compression = TimescaleSupport.compression(expected);
		if (compression == null || !compression.none() || job == null) {
			return Optional.empty();
		}
		return Optional.of(Violation.of(this, ObjectRef.table(expected.name().schema(), expected.name().name()),
				"Hypertable " + expected.name().text() + " has a compression policy (compress after "
						+ job.config().getOrDefault("compress_after", "?") + "), but the "
						+ expected.source().toLowerCase(Locale.ROOT) + " says it must not be compressed",
				ContractFindings.withChanges(ContractFindings.evidence("source", expected.source(), "expected",
						"no compression policy", "actual", "compression policy", "jobId", job.id(), "config",
						job.config(), "compressionEnabled", h.compressionEnabled(), "compressedChunks",
						h.compressedChunks(), "totalChunks", h.chunkCount()),
						List.of(new RemoveCompressionPolicy(h.schema(), h.name(), timescaleSchema,
								job.config().get("compress_after"), h.compressedChunks()))),
				repair(h)));
	}

	private static Repair repair(Hypertable h) {
		// said even when none is compressed yet: the policy may run before the repair does
		String compressed = "chunks already compressed stay compressed ("
				+ (h.compressedChunks() == 0 ? "none at the last scan"
						: HealthSupport.plural(h.compressedChunks(), "chunk", "chunks") + " at the last scan")
				+ "; decompress_chunk is a separate, heavier step that rewrites them)";
		return Repair.automatic("Remove the compression policy with remove_compression_policy(" + h.key()
				+ ", if_exists => true) (LOW risk): new chunks are no longer compressed; " + compressed + ".");
	}
}

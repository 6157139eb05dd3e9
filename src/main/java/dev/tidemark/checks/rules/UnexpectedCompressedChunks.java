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
import dev.tidemark.checks.change.TimescaleChange.DecompressChunks;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.common.ByteSizes;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.inspection.model.TimescaleInfo.Hypertable;
import dev.tidemark.inspection.model.TimescaleInfo.Job;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * {@code compression: none}, but chunks of the hypertable are compressed: whatever compressed them (a policy that
 * ran before it was removed, a manual {@code compress_chunk}), the data is not stored as the contract says.
 * Separate from {@link UnexpectedCompressionPolicy}: a policy can exist with nothing compressed yet, and chunks
 * stay compressed after the policy is gone; removing a policy is catalog-only, decompressing rewrites data.
 */
@Component
final class UnexpectedCompressedChunks implements Rule {

	private final RuleDescription description = new RuleDescription(ID,
			"Compressed chunks on a table that must not be compressed",
			Severity.MEDIUM, RuleCategory.CONTRACT,
			"Removing a compression policy leaves the chunks it already compressed compressed: updates, deletes and "
					+ "upserts on them stay slow or refused, and some DDL stays blocked, until they are decompressed.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "unexpected-compressed-chunks";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		String timescaleSchema = TimescaleSupport.extensionSchema(context.snapshot());
		return TimescaleSupport.checkPolicies(context, TimescaleSupport.COMPRESSION,
				(expected, h, job) -> check(expected, h, job, timescaleSchema));
	}

	private Optional<Violation> check(ExpectedTable expected, Hypertable h, @Nullable Job job, String timescaleSchema) {
		TimescaleExpectation.Compression compression = TimescaleSupport.compression(expected);
		if (compression == null || !compression.none() || h.compressedChunks() == 0) {
			return Optional.empty();
		}
		return Optional.of(Violation.of(this, ObjectRef.table(expected.name().schema(), expected.name().name()),
				"Hypertable " + expected.name().text() + " has " + h.compressedChunks() + " of "
						+ HealthSupport.plural(h.chunkCount(), "chunk", "chunks") + " compressed ("
						+ ByteSizes.pretty(h.compressedBytes()) + " on disk), but the "
						+ expected.source().toLowerCase(Locale.ROOT) + " says it must not be compressed",
				ContractFindings.withChanges(ContractFindings.evidence("source", expected.source(), "expected",
						"no compressed chunks", "actual", h.compressedChunks() + " compressed chunks",
						"compressedChunks", h.compressedChunks(), "totalChunks", h.chunkCount(), "compressedBytes",
						h.compressedBytes(), "uncompressedBytes", h.uncompressedBytes(), "compressionEnabled",
						h.compressionEnabled(), "policyJobId", job == null ? null : job.id()),
						List.of(new DecompressChunks(h.schema(), h.name(), timescaleSchema, h.compressedChunks(),
								h.chunkCount(), h.uncompressedBytes(), h.segmentBy(), h.orderBy()))),
				repair(h)));
	}

	private static Repair repair(Hypertable h) {
		return Repair.automatic("Decompress the compressed chunks of " + h.key() + " with decompress_chunk(chunk, "
				+ "if_compressed => true), a few chunks per transaction under the lock and statement timeouts, then "
				+ "disable compression (ALTER TABLE " + h.key() + " SET (timescaledb.compress = false)) (MEDIUM risk: "
				+ "every compressed chunk is rewritten and locked while it is; about "
				+ ByteSizes.pretty(h.uncompressedBytes()) + " are written back).");
	}
}

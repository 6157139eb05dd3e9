package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Map;
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
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.inspection.model.TimescaleInfo.Hypertable;
import dev.tidemark.inspection.model.TimescaleInfo.Job;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** The expectation asks for compression ({@code compression: {after: ...}}) but the hypertable has no policy. */
@Component
final class MissingCompressionPolicy implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Expected compression policy is missing",
			Severity.MEDIUM, RuleCategory.CONTRACT,
			"Without its compression policy a hypertable's old chunks stay uncompressed: disk use grows many times over "
					+ "and scans over old data read far more pages.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "missing-compression-policy";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		boolean apache = context.snapshot().timescale() != null
				&& "apache".equals(context.snapshot().timescale().license());
		String timescaleSchema = TimescaleSupport.extensionSchema(context.snapshot());
		return TimescaleSupport.checkPolicies(context, TimescaleSupport.COMPRESSION,
				(expected, hypertable, policy) -> check(expected, hypertable, policy, apache, timescaleSchema));
	}

	private Optional<Violation> check(ExpectedTable expected, Hypertable h, @Nullable Job policy, boolean apache,
			String timescaleSchema) {
		TimescaleExpectation.Compression compression = TimescaleSupport.compression(expected);
		if (compression == null || compression.none() || policy != null) {
			return Optional.empty();
		}
		Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "expected",
				compression.after() == null ? "compression policy" : "compress after " + compression.after(),
				"actual", "no compression policy", "compressionEnabled", h.compressionEnabled(), "expectedSegmentBy",
				compression.segmentBy(), "expectedOrderBy", compression.orderBy());
		Repair repair = repair(h, compression, apache);
		return Optional.of(Violation.of(this, ObjectRef.table(expected.name().schema(), expected.name().name()),
				"Hypertable " + expected.name().text() + " has no compression policy, but the "
						+ expected.source().toLowerCase(Locale.ROOT) + " expects one"
						+ (compression.after() == null ? "" : " compressing after " + compression.after()),
				repair.automatic() ? ContractFindings.withChanges(evidence, TimescaleSupport.compressionChanges(
						expected.name(), timescaleSchema, compression, h.compressionEnabled())) : evidence,
				repair));
	}

	private static Repair repair(Hypertable h, TimescaleExpectation.Compression compression, boolean apache) {
		if (apache) {
			return Repair.manual("This TimescaleDB is the Apache-licensed build, which has no compression.",
					"Run the TimescaleDB (TSL) build, or drop compression from the expectation.");
		}
		if (compression.after() == null) {
			return Repair.manual("The expectation does not say after how long chunks are compressed.",
					"State compression.after (e.g. 7 days) in the contract and scan again.");
		}
		Optional<Repair> unsafe = TimescaleSupport.unsafeCompression(compression, h.compressionEnabled());
		if (unsafe.isPresent()) {
			return unsafe.get();
		}
		return Repair.automatic((h.compressionEnabled() ? "" : "Enable compression on " + h.key()
				+ " (ALTER TABLE ... SET (timescaledb.compress" + (compression.segmentBy() == null ? "" : ", segmentby")
				+ (compression.orderBy() == null ? "" : ", orderby") + ")), then ")
				+ "add_compression_policy(" + h.key() + ", compress_after => '" + compression.after()
				+ "') (MEDIUM risk: chunks older than that are compressed at the policy's next run).");
	}
}

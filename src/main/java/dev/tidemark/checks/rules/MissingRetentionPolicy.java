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
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.inspection.model.TimescaleInfo.Hypertable;
import dev.tidemark.inspection.model.TimescaleInfo.Job;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** The expectation asks for {@code retention: {dropAfter: ...}} but the hypertable has no retention policy. */
@Component
final class MissingRetentionPolicy implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Expected retention policy is missing",
			Severity.HIGH, RuleCategory.CONTRACT,
			"Without its retention policy a hypertable keeps every chunk forever: disk fills up, and data that must be "
					+ "deleted after a period is kept.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "missing-retention-policy";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		return TimescaleSupport.checkPolicies(context, TimescaleSupport.RETENTION, this::check);
	}

	private Optional<Violation> check(ExpectedTable expected, Hypertable h, @Nullable Job policy) {
		TimescaleExpectation.Retention retention = expected.table().timescale().retention();
		if (retention == null || policy != null) {
			return Optional.empty();
		}
		return Optional.of(Violation.of(this, ObjectRef.table(expected.name().schema(), expected.name().name()),
				"Hypertable " + expected.name().text() + " has no retention policy, but the "
						+ expected.source().toLowerCase(Locale.ROOT) + " expects data to be dropped after "
						+ retention.dropAfter(),
				ContractFindings.evidence("source", expected.source(), "expected",
						"drop after " + retention.dropAfter(), "actual", "no retention policy", "oldestChunkStart",
						h.rangeStart(), "totalChunks", h.chunkCount()),
				Repair.automatic("add_retention_policy(" + h.key() + ", drop_after => '" + retention.dropAfter()
						+ "') (HIGH risk: at its next run it deletes every chunk older than "
						+ retention.dropAfter() + ")")));
	}
}

package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Locale;
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
import dev.tidemark.checks.change.TimescaleChange.AddRetentionPolicy;
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
		String timescaleSchema = TimescaleSupport.extensionSchema(context.snapshot());
		return TimescaleSupport.checkPolicies(context, TimescaleSupport.RETENTION,
				(expected, h, policy) -> check(expected, h, policy, timescaleSchema));
	}

	private Optional<Violation> check(ExpectedTable expected, Hypertable h, @Nullable Job policy,
			String timescaleSchema) {
		TimescaleExpectation.Retention retention = expected.table().timescale().retention();
		if (retention == null || policy != null) {
			return Optional.empty();
		}
		return Optional.of(Violation.of(this, ObjectRef.table(expected.name().schema(), expected.name().name()),
				"Hypertable " + expected.name().text() + " has no retention policy, but the "
						+ expected.source().toLowerCase(Locale.ROOT) + " expects data to be dropped after "
						+ retention.dropAfter(),
				evidence(expected, h, retention, timescaleSchema),
				ContractSql.unsafeFragment(retention.dropAfter(), "retention interval").orElseGet(() -> Repair.automatic("add_retention_policy(" + h.key() + ", drop_after => '" + retention.dropAfter()
						+ "') (HIGH risk: at its next run it deletes every chunk older than "
						+ retention.dropAfter() + ")"))));
	}

	/** With the change that adds the policy, unless the contract's interval cannot go into a changeset. */
	private static Map<String, Object> evidence(ExpectedTable expected, Hypertable h,
			TimescaleExpectation.Retention retention, String timescaleSchema) {
		Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "expected",
				"drop after " + retention.dropAfter(), "actual", "no retention policy", "oldestChunkStart",
				h.rangeStart(), "totalChunks", h.chunkCount());
		if (ContractSql.unsafeFragment(retention.dropAfter(), "retention interval").isPresent()) {
			return evidence;
		}
		return ContractFindings.withChanges(evidence,
				List.of(new AddRetentionPolicy(h.schema(), h.name(), timescaleSchema, retention.dropAfter())));
	}
}

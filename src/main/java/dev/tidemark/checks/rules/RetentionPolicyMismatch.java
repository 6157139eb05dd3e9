package dev.tidemark.checks.rules;

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
import dev.tidemark.checks.change.TimescaleChange.ReplaceRetentionPolicy;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import dev.tidemark.checks.contract.Intervals;
import dev.tidemark.checks.contract.PgInterval;
import dev.tidemark.checks.rules.ContractCatalog.ExpectedTable;
import dev.tidemark.inspection.model.TimescaleInfo.Hypertable;
import dev.tidemark.inspection.model.TimescaleInfo.Job;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/** A retention policy exists but drops after a different interval, compared by value. */
@Component
final class RetentionPolicyMismatch implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Retention policy differs from the expectation",
			Severity.HIGH, RuleCategory.CONTRACT,
			"A shorter retention than expected deletes data the applications still need; a longer one keeps data that "
					+ "should be gone and grows the disk.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "retention-policy-mismatch";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		String timescaleSchema = TimescaleSupport.extensionSchema(context.snapshot());
		return TimescaleSupport.checkPolicies(context, TimescaleSupport.RETENTION,
				(expected, h, job) -> check(expected, h, job, timescaleSchema));
	}

	private Optional<Violation> check(ExpectedTable expected, Hypertable h, @Nullable Job job, String timescaleSchema) {
		TimescaleExpectation.Retention retention = expected.table().timescale().retention();
		if (retention == null || job == null) {
			return Optional.empty();
		}
		String actual = job.config().get("drop_after");
		if (TimescaleSupport.sameInterval(retention.dropAfter(), actual)) {
			return Optional.empty();
		}
		boolean shorter = shorter(actual, retention.dropAfter());
		String actualText = actual != null ? actual
				: "creation older than " + job.config().getOrDefault("drop_created_before", "?");
		Map<String, Object> evidence = ContractFindings.evidence("source", expected.source(), "expected",
				retention.dropAfter(), "actual", actualText, "jobId", job.id(), "config", job.config());
		Optional<Repair> unsafe = ContractSql.unsafeFragment(retention.dropAfter(), "retention interval");
		return Optional.of(Violation.of(this, ObjectRef.table(expected.name().schema(), expected.name().name()),
				"Retention of hypertable " + expected.name().text() + " drops data after " + actualText
						+ " instead of " + retention.dropAfter()
						+ (shorter ? ": data the applications expect is being deleted" : ""),
				unsafe.isPresent() ? evidence : ContractFindings.withChanges(evidence,
						List.of(new ReplaceRetentionPolicy(h.schema(), h.name(), timescaleSchema,
								retention.dropAfter(), actual))),
				unsafe.orElseGet(() -> Repair.automatic("Replace the retention policy: remove_retention_policy(" + h.key()
						+ ") and add_retention_policy(" + h.key() + ", drop_after => '" + retention.dropAfter()
						+ "') (" + (shorter ? "MEDIUM risk: data is kept longer from then on"
								: "HIGH risk: at its next run it deletes every chunk older than "
										+ retention.dropAfter())
						+ ")"))));
	}

	/** Whether the policy keeps less data than expected; unknown counts as not shorter. */
	private static boolean shorter(String actual, String expected) {
		Optional<PgInterval> a = Intervals.tryParse(actual);
		Optional<PgInterval> e = Intervals.tryParse(expected);
		return a.isPresent() && e.isPresent() && a.get().normalizedMicros() < e.get().normalizedMicros();
	}
}

package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.model.TimescaleInfo.Job;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.context;
import static dev.tidemark.checks.rules.TimescaleSnapshots.compression;
import static dev.tidemark.checks.rules.TimescaleSnapshots.failed;
import static dev.tidemark.checks.rules.TimescaleSnapshots.hypertable;
import static dev.tidemark.checks.rules.TimescaleSnapshots.retention;
import static dev.tidemark.checks.rules.TimescaleSnapshots.timescale;
import static org.assertj.core.api.Assertions.assertThat;

class FailingPolicyJobRuleTests {

	private final FailingPolicyJobRule rule = new FailingPolicyJobRule();

	@Test
	void reportsAPolicyJobWhoseLastRunFailedWithItsError() {
		List<Violation> found = rule.evaluate(context(timescale().hypertable(hypertable("raw"))
			.job(compression(1000, "raw", "7 days"))
			.job(failed(retention(1001, "raw", "90 days"), "permission denied for table raw"))
			.build()));
		assertThat(found).hasSize(1);
		Violation v = found.get(0);
		assertThat(v.ruleId()).isEqualTo("failing-policy-job");
		assertThat(v.severity()).isEqualTo(Severity.HIGH);
		assertThat(v.object()).isEqualTo(new ObjectRef("job", "public", "raw", "policy_retention"));
		assertThat(v.message()).isEqualTo(
				"Policy job 1001 (policy_retention on public.raw) failed on its last run: permission denied for table raw");
		assertThat(v.evidence()).containsEntry("jobId", 1001).containsEntry("lastError", "permission denied for table raw")
			.containsEntry("procedure", "_timescaledb_functions.policy_retention")
			.containsEntry("cause", "job-error");
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().instead()).contains("run_job(1001)");
	}

	@Test
	void quietForSucceededNeverRunAndNonPolicyJobs() {
		Job ok = compression(1, "raw", "7 days");
		Job succeeded = new Job(2, ok.procedure(), "public", "raw", ok.config(), "1 day", true, "Success", null);
		Job custom = failed(new Job(3, "public.my_maintenance", null, null, ok.config(), "1 day", true, null, null),
				"boom");
		assertThat(rule.evaluate(context(timescale().job(ok).job(succeeded).job(custom).build()))).isEmpty();
		assertThat(rule.evaluate(context(timescale().notInstalled().build()))).isEmpty();
	}

	@Test
	void aRunTheSchedulerCouldNotStartIsReportedAsExhaustedBackgroundWorkersWithTheSettingsToRaise() {
		List<Violation> found = rule.evaluate(context(timescale().hypertable(hypertable("raw"))
			.job(failed(compression(1000, "raw", "7 days"), "failed to start job"))
			.build()));
		Violation v = found.get(0);
		assertThat(found).hasSize(1);
		assertThat(v.evidence()).containsEntry("cause", "background-workers-exhausted")
			.containsEntry("lastError", "failed to start job");
		assertThat(v.message()).isEqualTo("Policy job 1000 (policy_compression on public.raw) failed on its last run "
				+ "because no background worker was free to start it: failed to start job");
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().instead()).contains("max_worker_processes", "timescaledb.max_background_workers",
				"run_job(1000)");
	}

	@Test
	void classifiesWorkerExhaustionMessagesApartFromTheJobsOwnErrors() {
		assertThat(List.of("failed to start job",
				"failed to launch job 1000 \"Compression Policy [1000]\": out of background workers",
				"out of background workers",
				"too many background workers",
				"could not register background process",
				"could not register background process (HINT: You may need to increase max_worker_processes.)",
				"FAILED TO START JOB 1001"))
			.allSatisfy(error -> assertThat(FailingPolicyJobRule.cause(error))
				.as(error)
				.isEqualTo("background-workers-exhausted"));
		assertThat(List.of("permission denied for table raw",
				"canceling statement due to lock timeout (run 3)",
				"could not extend file \"base/16384/16500\": No space left on device",
				"job 1000 threw an error: relation \"raw\" does not exist",
				"deadlock detected"))
			.allSatisfy(error -> assertThat(FailingPolicyJobRule.cause(error)).as(error).isEqualTo("job-error"));
		assertThat(FailingPolicyJobRule.cause(null)).isEqualTo("job-error");
	}
}

package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.model.TimescaleInfo;
import dev.tidemark.inspection.model.TimescaleInfo.Job;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;

/**
 * A TimescaleDB policy job (compression, retention, continuous-aggregate refresh, reorder, ...) whose last run
 * failed: the policy exists on paper, but data is not compressed, dropped or refreshed.
 */
@Component
final class FailingPolicyJobRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "TimescaleDB policy job is failing",
			Severity.HIGH, RuleCategory.HEALTH,
			"A failing policy silently stops doing its work: a retention policy stops dropping old data and the "
					+ "disk fills, a compression policy stops compressing, a continuous aggregate goes stale.",
			false);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "failing-policy-job";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		TimescaleInfo timescale = context.snapshot().timescale();
		if (timescale == null) {
			return List.of();
		}
		List<Violation> violations = new ArrayList<>();
		for (Job job : timescale.jobs()) {
			if (job.procedureName().startsWith("policy_") && "Failed".equalsIgnoreCase(job.lastRunStatus())) {
				violations.add(violation(job));
			}
		}
		return violations;
	}

	private Violation violation(Job job) {
		boolean onTable = job.hypertableName() != null;
		String on = onTable ? " on " + job.hypertableSchema() + "." + job.hypertableName() : "";
		ObjectRef object = onTable
				? new ObjectRef("job", job.hypertableSchema(), job.hypertableName(), job.procedureName())
				: new ObjectRef("job", null, job.procedureName(), String.valueOf(job.id()));
		String cause = cause(job.lastError());
		boolean workers = WORKERS_EXHAUSTED.equals(cause);
		String message = "Policy job " + job.id() + " (" + job.procedureName() + on + ") failed on its last run"
				+ (workers ? " because no background worker was free to start it" : "")
				+ (job.lastError() == null ? "" : ": " + job.lastError());
		Repair repair = workers
				? Repair.manual("The job did not run at all: the server had no background worker left for it, which "
						+ "no change to the job or its table fixes.",
						"Raise max_worker_processes (a restart is needed) and timescaledb.max_background_workers so "
								+ "that every database's scheduler and its jobs get a worker (max_worker_processes >= "
								+ "timescaledb.max_background_workers + max_parallel_workers + 1 per database with "
								+ "TimescaleDB), then CALL run_job(" + job.id() + ") and scan again.")
				: Repair.manual("Why a job fails is in its error, not in the catalog: Tidemark cannot tell what to change.",
						"Read the error (timescaledb_information.job_errors), fix its cause (permissions, locks, "
								+ "disk, a changed table), then CALL run_job(" + job.id() + ") and scan again.");
		return Violation.of(this, object, message,
				evidence("jobId", job.id(), "procedure", job.procedure(), "hypertable",
						onTable ? job.hypertableSchema() + "." + job.hypertableName() : null, "config", job.config(),
						"scheduled", job.scheduled(), "scheduleInterval", job.scheduleInterval(), "lastRunStatus",
						job.lastRunStatus(), "lastError", job.lastError(), "cause", cause),
				repair);
	}

	static final String WORKERS_EXHAUSTED = "background-workers-exhausted";

	static final String JOB_ERROR = "job-error";

	/**
	 * Whether a failed run's error says the job never got a background worker (the scheduler could not start it:
	 * "failed to start job", "failed to launch job ... out of background workers", "too many background workers",
	 * PostgreSQL's "could not register background process") or is the job's own error.
	 * A failure without a recorded error counts as the job's own.
	 */
	static String cause(String lastError) {
		if (lastError == null) {
			return JOB_ERROR;
		}
		String error = lastError.toLowerCase(java.util.Locale.ROOT);
		boolean exhausted = error.contains("failed to start") || error.contains("failed to launch")
				|| error.contains("out of background worker")
				|| error.contains("too many background worker")
				|| error.contains("no free background worker")
				|| error.contains("could not register background process")
				|| error.contains("increase max_worker_processes");
		return exhausted ? WORKERS_EXHAUSTED : JOB_ERROR;
	}
}

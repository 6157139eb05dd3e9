package dev.tidemark.remediation;

import java.time.Duration;
import java.util.UUID;

import dev.tidemark.remediation.Plan.Rollback;
import dev.tidemark.remediation.Plan.Step;

/**
 * Renders a plan as a Liquibase formatted-SQL changelog: one changeset per step, each guarded by a precondition
 * that the drift still exists (else MARK_RAN, so a re-run is safe), each starting with its own lock and statement
 * timeouts. Statements are split on {@code ;} by Liquibase and sent one per execute(), which is what lets a
 * non-transactional changeset set its timeouts and then run CREATE INDEX CONCURRENTLY.
 */
public class ChangelogWriter {

	/** Timeouts: a short lock wait bounds the outage behind a blocked DDL; CONCURRENTLY builds may take hours. */
	public record Timeouts(Duration lock, Duration statement, Duration concurrent) {

		public static Timeouts defaults() {
			return new Timeouts(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofHours(4));
		}
	}

	private final Timeouts timeouts;

	public ChangelogWriter() {
		this(Timeouts.defaults());
	}

	public ChangelogWriter(Timeouts timeouts) {
		this.timeouts = timeouts;
	}

	/** The changelog's logical path: part of each changeset's identity, so it is fixed whatever the file is called. */
	public static String logicalFilePath(UUID remediationId) {
		return "tidemark/remediation-" + remediationId + ".sql";
	}

	public String write(UUID remediationId, Plan plan) {
		StringBuilder out = new StringBuilder("-- liquibase formatted sql logicalFilePath:")
			.append(logicalFilePath(remediationId))
			.append("\n\n-- Tidemark remediation ")
			.append(remediationId)
			.append(", risk ")
			.append(plan.risk())
			.append(".\n-- squawk: prefer-robust-stmts is not applicable: each changeset runs in its own transaction (or is a")
			.append("\n-- single CONCURRENTLY statement) and is guarded by a precondition, which squawk cannot see.\n");
		for (Plan.Refusal r : plan.refused()) {
			out.append("-- not repaired (finding ").append(r.findingId()).append("): ").append(oneLine(r.reason()))
				.append(" Instead: ").append(oneLine(r.instead())).append('\n');
		}
		for (Step step : plan.steps()) {
			out.append('\n')
				.append("-- changeset tidemark:").append(step.id())
				.append(" runInTransaction:").append(step.transactional())
				.append(step.runAlways() ? " runAlways:true" : "")
				.append('\n')
				.append("-- comment: ").append(oneLine(step.description())).append(" [").append(step.risk())
				.append(", finding ").append(step.findingId()).append("]\n")
				.append("-- preconditions onFail:MARK_RAN onError:HALT\n")
				.append("-- precondition-sql-check expectedResult:").append(step.expectedResult()).append(' ')
				.append(oneLine(step.preconditionSql())).append('\n')
				.append(timeouts(step))
				.append(step.sql().strip()).append('\n')
				.append(rollback(step.rollback()));
		}
		return out.toString();
	}

	/** The SQL that would run, in order, as if every precondition held (like Liquibase's updateSql). */
	public String previewSql(Plan plan) {
		StringBuilder out = new StringBuilder();
		for (Step step : plan.steps()) {
			out.append("-- ").append(step.id()).append(": ").append(oneLine(step.description())).append('\n')
				.append(timeouts(step))
				.append(step.sql().strip()).append("\n\n");
		}
		return out.toString();
	}

	private String timeouts(Step step) {
		Duration statement = step.transactional() ? timeouts.statement() : timeouts.concurrent();
		return "SET lock_timeout = '" + timeouts.lock().toMillis() + "ms';\n" + "SET statement_timeout = '"
				+ statement.toMillis() + "ms';\n";
	}

	private static String rollback(Rollback rollback) {
		return switch (rollback.kind()) {
			case SQL -> "-- rollback " + oneLine(rollback.text()) + "\n";
			// "empty": Liquibase rolls back past it doing nothing, which is right when nothing was changed
			case NOTHING_TO_UNDO -> "-- nothing to roll back: " + oneLine(rollback.text()) + "\n-- rollback empty\n";
			// no rollback line: Liquibase refuses to roll back past it instead of pretending
			case NONE -> "-- no automatic rollback: " + oneLine(rollback.text()) + "\n";
		};
	}

	/**
	 * Whether {@code sql} survives being written on one line (a precondition, a rollback): its line breaks all sit
	 * between tokens, none inside a quoted name, a string or a dollar-quoted body, and no {@code --} comment would
	 * swallow what follows. A name holding a line break (a contract may ask for one) does not.
	 */
	public static boolean fitsOneLine(String sql) {
		int i = 0;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			if (c == '\'' || c == '"') {
				int end = i + 1;
				while (end < n && !(sql.charAt(end) == c && (end + 1 >= n || sql.charAt(end + 1) != c))) {
					end += sql.charAt(end) == c ? 2 : 1; // a doubled quote is part of the text
				}
				if (hasLineBreak(sql, i, end)) {
					return false;
				}
				i = end + 1;
			}
			else if (c == '$') {
				int tagEnd = sql.indexOf('$', i + 1);
				String tag = tagEnd < 0 ? "" : sql.substring(i, tagEnd + 1);
				if (tagEnd < 0 || !tag.matches("\\$[A-Za-z_0-9]*\\$")) {
					i++;
					continue;
				}
				int close = sql.indexOf(tag, tagEnd + 1);
				int end = close < 0 ? n : close;
				if (hasLineBreak(sql, tagEnd, end)) {
					return false;
				}
				i = close < 0 ? n : close + tag.length();
			}
			else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
				int eol = i;
				while (eol < n && sql.charAt(eol) != '\n' && sql.charAt(eol) != '\r') {
					eol++;
				}
				if (eol < n) {
					return false; // a comment that a line break ends
				}
				i = n;
			}
			else {
				i++;
			}
		}
		return true;
	}

	private static boolean hasLineBreak(String sql, int from, int to) {
		for (int i = from; i < Math.min(to, sql.length()); i++) {
			char c = sql.charAt(i);
			if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085' || c == '\u000B'
					|| c == '\f') {
				return true;
			}
		}
		return false;
	}

	private static String oneLine(String text) {
		return text.replaceAll("\\s*\\R\\s*", " ").strip();
	}
}

package dev.tidemark.remediation;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.tidemark.remediation.Plan.Rollback;
import dev.tidemark.remediation.Plan.Step;
import org.jspecify.annotations.Nullable;

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
			out.append("-- not repaired (finding ").append(r.findingId()).append("): ").append(text(r.reason()))
				.append(" Instead: ").append(text(r.instead())).append('\n');
		}
		for (Step step : plan.steps()) {
			out.append('\n')
				.append("-- changeset tidemark:").append(step.id())
				.append(" runInTransaction:").append(step.transactional())
				.append(step.runAlways() ? " runAlways:true" : "")
				.append('\n')
				.append("-- comment: ").append(text(step.description())).append(" [").append(step.risk())
				.append(", finding ").append(step.findingId()).append("]\n")
				.append("-- preconditions onFail:MARK_RAN onError:HALT\n")
				.append("-- precondition-sql-check expectedResult:").append(step.expectedResult()).append(' ')
				.append(oneLine(safePrecondition(step.preconditionSql()))).append('\n')
				.append(timeouts(step))
				.append(safeSql(step.sql().strip())).append('\n')
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
			case SQL -> "-- rollback " + oneLine(safeSql(rollback.text())) + "\n";
			// "empty": Liquibase rolls back past it doing nothing, which is right when nothing was changed
			case NOTHING_TO_UNDO -> "-- nothing to roll back: " + text(rollback.text()) + "\n-- rollback empty\n";
			// no rollback line: Liquibase refuses to roll back past it instead of pretending
			case NONE -> "-- no automatic rollback: " + text(rollback.text()) + "\n";
		};
	}

	/**
	 * Whether a step can be written into a formatted-SQL changelog without Liquibase reading part of it as something
	 * else. Liquibase reads the file line by line, knowing nothing of SQL strings: a line of a comment's text that
	 * begins {@code --rollback} or {@code --changeset} would become a directive, {@code ${name}} is replaced with a
	 * property (environment variables included), and a rollback naming {@code changesetId} refers to another
	 * changeset. Strings and quoted names are written with such characters escaped ({@link #safeSql}); what cannot be
	 * escaped (a dollar-quoted body, a comment) must hold none of it. The precondition and the rollback are also
	 * written on one line each, so a line break may sit in neither a body nor a comment there.
	 */
	public static boolean writable(String sql, String precondition, @Nullable String rollback) {
		String check = safePrecondition(precondition);
		// a quoted name that needs escapes cannot be written in a precondition: its backslashes would be dropped
		return inert(safeSql(sql), false) && fitsOneLine(precondition) && !check.contains("U&\"")
				&& inert(check, false) && (rollback == null || fitsOneLine(rollback) && inert(safeSql(rollback), true));
	}

	/**
	 * A precondition as it is written: Liquibase drops the backslashes of a {@code precondition-sql-check} line, so
	 * a string that needs escapes is written as a concatenation instead ({@code ('a' || chr(36) || 'b')}), which a
	 * precondition (a query) can always hold.
	 */
	static String safePrecondition(String sql) {
		StringBuilder out = new StringBuilder(sql.length());
		scan(sql, out, true);
		return out.toString();
	}

	/**
	 * Whether {@code sql} survives being written on one line by {@link #safeSql} and {@link #oneLine}: a line break
	 * inside a string or a quoted name is written as an escape, but one inside a dollar-quoted body, or one that ends
	 * a {@code --} comment, cannot be.
	 */
	public static boolean fitsOneLine(String sql) {
		return scan(sql, null, false);
	}

	private static final Pattern DIRECTIVE = Pattern.compile(
			"^\\s*(--\\s*(changeset|rollback|precondition|preconditions|comment|validchecksum|ignorelines|ignore"
					+ "|property|liquibase|include)\\b|/\\*\\s*liquibase)",
			Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

	/** No line Liquibase reads as a directive, no property reference, and (a rollback) no changeset reference. */
	private static boolean inert(String escaped, boolean rollback) {
		return !DIRECTIVE.matcher(escaped).find() && !escaped.contains("${")
				&& !(rollback && escaped.toLowerCase(Locale.ROOT).contains("changesetid"));
	}

	/**
	 * {@code sql} with every string and quoted name that holds a line break, a {@code $}, a backslash or the word
	 * {@code changesetId} written in escaped form ({@code E'…'}, {@code U&"…"}) with those characters as escapes: it
	 * says the same to PostgreSQL, and nothing of it is a line, a property or a reference to Liquibase (whose
	 * statement splitter also reads a backslash before a quote as an escape, which PostgreSQL does not).
	 */
	static String safeSql(String sql) {
		StringBuilder out = new StringBuilder(sql.length());
		scan(sql, out, false);
		return out.toString();
	}

	/** Walks {@code sql} token by token, copying it to {@code out} (when given) with its quoted tokens made safe. */
	private static boolean scan(String sql, @Nullable StringBuilder out, boolean concatenate) {
		boolean fits = true;
		int i = 0;
		int n = sql.length();
		while (i < n) {
			char c = sql.charAt(i);
			if (c == '\'' || c == '"') {
				int end = i + 1;
				while (end < n && !(sql.charAt(end) == c && (end + 1 >= n || sql.charAt(end + 1) != c))) {
					end += sql.charAt(end) == c ? 2 : 1; // a doubled quote is part of the text
				}
				String quoted = sql.substring(i, Math.min(end + 1, n));
				boolean prefixed = i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_'
						|| sql.charAt(i - 1) == '&');
				boolean needs = needsEscapes(quoted);
				if (out != null) {
					out.append(!needs || prefixed ? quoted
							: concatenate && c == '\'' ? concatenated(quoted) : escaped(quoted));
				}
				// an already prefixed one (pg_get_expr prints E'a\\b') is left as it is: it must only not break lines
				fits &= !prefixed || !hasLineBreak(quoted, 0, quoted.length());
				i = end + 1;
			}
			else if (c == '$' && dollarTag(sql, i) != null) {
				String tag = dollarTag(sql, i);
				int close = sql.indexOf(tag, i + tag.length());
				int end = close < 0 ? n : close + tag.length();
				fits &= !hasLineBreak(sql, i, end);
				if (out != null) {
					out.append(sql, i, end);
				}
				i = end;
			}
			else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
				int eol = i;
				while (eol < n && !isLineBreak(sql.charAt(eol))) {
					eol++;
				}
				fits &= eol == n; // a comment that a line break ends would swallow what follows
				if (out != null) {
					out.append(sql, i, eol);
				}
				i = eol;
			}
			else {
				if (out != null) {
					out.append(c);
				}
				i++;
			}
		}
		return fits;
	}

	private static boolean needsEscapes(String quoted) {
		return hasLineBreak(quoted, 0, quoted.length()) || quoted.indexOf('$') >= 0
				|| quoted.charAt(0) == '\'' && quoted.indexOf('\\') >= 0
				|| quoted.toLowerCase(Locale.ROOT).contains("changesetid");
	}

	private static @Nullable String dollarTag(String sql, int at) {
		int close = sql.indexOf('$', at + 1);
		if (close < 0) {
			return null;
		}
		String tag = sql.substring(at, close + 1);
		return tag.matches("\\$([A-Za-z_][A-Za-z_0-9]*)?\\$") ? tag : null;
	}

	/**
	 * A string as {@code E'…'}, a quoted name as {@code U&"…"}: the same text, with line breaks, {@code $} and
	 * backslashes as escapes (and, where it holds {@code changesetId}, the letter c, which breaks the word up).
	 */
	private static String escaped(String quoted) {
		char q = quoted.charAt(0);
		String body = quoted.substring(1, quoted.length() - 1);
		boolean breakWord = body.toLowerCase(Locale.ROOT).contains("changesetid");
		StringBuilder e = new StringBuilder(q == '\'' ? "E'" : "U&\"");
		for (int i = 0; i < body.length(); i++) {
			char c = body.charAt(i);
			if (c == '\\') {
				e.append("\\\\");
			}
			else if (isLineBreak(c) || c == '$' || breakWord && (c == 'c' || c == 'C')) {
				e.append(q == '\'' ? String.format("\\u%04x", (int) c) : String.format("\\%04x", (int) c));
			}
			else {
				e.append(c);
			}
		}
		return e.append(q).toString();
	}

	/** A string as a concatenation of its plain runs and {@code chr(n)} for what needs escaping: no backslashes. */
	private static String concatenated(String quoted) {
		String body = quoted.substring(1, quoted.length() - 1);
		boolean breakWord = body.toLowerCase(Locale.ROOT).contains("changesetid");
		StringBuilder e = new StringBuilder("('");
		for (int i = 0; i < body.length(); i++) {
			char c = body.charAt(i);
			if (c == '\\' || isLineBreak(c) || c == '$' || breakWord && (c == 'c' || c == 'C')) {
				e.append("' || chr(").append((int) c).append(") || '");
			}
			else {
				e.append(c);
			}
		}
		return e.append("')").toString();
	}

	private static boolean isLineBreak(char c) {
		return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085' || c == '\u000B'
				|| c == '\f';
	}

	private static boolean hasLineBreak(String sql, int from, int to) {
		for (int i = from; i < Math.min(to, sql.length()); i++) {
			if (isLineBreak(sql.charAt(i))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Free text on a comment line (descriptions name objects and quote comments): one line, and no {@code ${…}}
	 * for Liquibase to replace with a property into the changeset's recorded comment.
	 */
	private static String text(String text) {
		return oneLine(text).replace("${", "$ {");
	}

	private static String oneLine(String text) {
		return text.replaceAll("\\s*\\R\\s*", " ").strip();
	}
}

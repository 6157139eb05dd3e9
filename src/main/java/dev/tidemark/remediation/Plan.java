package dev.tidemark.remediation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What a remediation would do: its steps in order (one Liquibase changeset each), the objects they touch, and the
 * findings it refuses to repair automatically, with what to do instead.
 *
 * @param risk the highest risk of its steps (LOW when there are none)
 */
public record Plan(Risk risk, List<Step> steps, List<String> touchedObjects, List<Refusal> refused) {

	public Plan {
		steps = List.copyOf(steps);
		touchedObjects = List.copyOf(touchedObjects);
		refused = List.copyOf(refused);
	}

	public static Risk riskOf(List<Step> steps) {
		return steps.stream().map(Step::risk).max(Comparator.naturalOrder()).orElse(Risk.LOW);
	}

	/** Declared from least to most risky: LOW additive, MEDIUM constraint/bookkeeping, HIGH data deletion/rewrite. */
	public enum Risk {
		LOW, MEDIUM, HIGH
	}

	/**
	 * One changeset.
	 *
	 * @param sql one or more statements, each ending with {@code ;} on its own line; a non-transactional step
	 * holds exactly one statement (CONCURRENTLY cannot share it)
	 * @param preconditionSql a single-line {@code SELECT count(*) ...} that returns {@code expectedResult} while
	 * the drift this step repairs still exists; otherwise the changeset is marked ran without running
	 */
	/**
	 * One changeset. {@code runAlways}: checked again on every update instead of once, for guards whose drift can
	 * come back (the INVALID index a failed concurrent build leaves); null in plans stored before it existed.
	 */
	public record Step(String id, UUID findingId, String description, Risk risk, boolean transactional, String sql,
			Rollback rollback, String preconditionSql, int expectedResult, Boolean runAlways) {

		public Step {
			runAlways = Boolean.TRUE.equals(runAlways);
		}

		@JsonIgnore // derived from rollback; not a separate property of the stored plan
		public @Nullable String rollbackSql() {
			return rollback.kind() == Rollback.Kind.SQL ? rollback.text() : null;
		}
	}

	/**
	 * How a step is undone: by SQL; by nothing, because it left nothing to undo (a VALIDATE); or not automatically,
	 * and why (then Liquibase refuses to roll back past it instead of pretending).
	 */
	public record Rollback(Kind kind, String text) {

		public enum Kind {
			SQL, NOTHING_TO_UNDO, NONE
		}

		public static Rollback sql(String sql) {
			return new Rollback(Kind.SQL, sql);
		}

		public static Rollback nothingToUndo(String why) {
			return new Rollback(Kind.NOTHING_TO_UNDO, why);
		}

		public static Rollback none(String why) {
			return new Rollback(Kind.NONE, why);
		}
	}

	/** A finding left out of the changelog: why there is no safe automatic repair, and what a person should do. */
	public record Refusal(UUID findingId, String reason, String instead) {
	}
}

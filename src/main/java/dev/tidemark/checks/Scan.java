package dev.tidemark.checks;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One scan of a target: snapshot, every rule, reconciliation of findings. RUNNING, then SUCCEEDED with its
 * snapshot and the open findings by severity, or FAILED with why. A failed scan is a normal result (the target was
 * unreachable, refused the credentials, timed out), not an HTTP error, and leaves findings as they were.
 *
 * @param findingCounts open findings of the target by severity after the scan
 * @param newFindings findings this scan saw first
 * @param resolvedFindings findings this scan no longer saw
 * @param warnings what the scan could not check (e.g. a reference target without a snapshot)
 * @param ignored what ignore rules kept from becoming findings, per ignore rule (empty when nothing was ignored)
 * @param catalogUnchanged the catalog's fingerprint equalled the last successful scan's, so this scan reused that
 * scan's snapshot ({@code snapshotId}) instead of reading the catalog again; the rules that read the clock ran
 * at this scan's time, the others' results were reused while nothing they read had changed
 * @param phases where the time went, in milliseconds per phase in the order they ran (see {@link Phase}); empty
 * while RUNNING, for failed scans and for scans recorded before phases were
 */
public record Scan(UUID id, UUID targetId, Status status, String requestedBy, Instant startedAt,
		@Nullable Instant finishedAt, @Nullable Long durationMs, @Nullable UUID snapshotId,
		@Nullable Map<Severity, Integer> findingCounts, @Nullable Integer newFindings,
		@Nullable Integer resolvedFindings, List<String> warnings, @Nullable ScanError error, List<Ignored> ignored,
		boolean catalogUnchanged, Map<String, Long> phases) {

	public enum Status {
		RUNNING, SUCCEEDED, FAILED
	}

	/**
	 * How many violations one ignore rule kept from becoming findings in this scan, with up to
	 * {@value #EXAMPLES} of their objects.
	 *
	 * @param source {@code target} or {@code global} (stored rules, with their {@code ignoreRuleId}), or
	 * {@code contract} (an entry of the contract's {@code ignore} section, at {@code contractPath})
	 */
	public record Ignored(String source, @Nullable UUID ignoreRuleId, @Nullable String contractPath,
			@Nullable String ruleId, @Nullable String objectKind, @Nullable String objectPattern, String reason,
			int count, List<String> examples) {

		public static final int EXAMPLES = 5;
	}

	/** The phases a scan's time is reported in ({@link Scan#phases} keys). */
	public enum Phase {

		/** Opening the session to the target. */
		CONNECT("connect"),
		/** The catalog fingerprint's queries on the target. */
		FINGERPRINT("fingerprint"),
		/** Reading the catalog on the target: every query and building the model (skipped when unchanged). */
		CATALOG("catalog"),
		/** Loading the stored snapshot an unchanged catalog reuses. */
		REUSE("reuse"),
		/** Loading the contract, reference and baseline. */
		EXPECTATIONS("expectations"),
		/** Every rule, then the ignore rules. */
		RULES("rules"),
		/** Writing the new snapshot's JSON; runs beside the rules, so it overlaps them. */
		JSON("json"),
		/** Hashing the new snapshot and cutting it into its parts; beside the rules too. */
		HASH("hash"),
		/** Writing the snapshot's new parts to the store. */
		SNAPSHOT_WRITE("snapshot-write"),
		/** Opening, reopening and resolving findings in the store. */
		RECONCILE("reconcile");

		private final String key;

		Phase(String key) {
			this.key = key;
		}

		public String key() {
			return key;
		}
	}

	/** Why a scan failed: a stable code (e.g. {@code target-unreachable}), a message and the SQLSTATE if any. */
	public record ScanError(String code, String message, @Nullable String sqlState) {
	}
}

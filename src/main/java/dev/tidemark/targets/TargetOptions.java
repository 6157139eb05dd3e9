package dev.tidemark.targets;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * How Tidemark treats a target: which schemas it inspects (include wins; empty means all user schemas), how many
 * connections it may open at once (1 works), the session timeouts it sets, and how often it is scanned on its own
 * ({@code scanIntervalMinutes}; 0 means only on request), and what comparisons leave out ({@code compare}).
 */
public record TargetOptions(
		@Size(max = 100) List<@Pattern(regexp = "[^\\x00]{1,63}", message = "must be 1 to 63 characters") String> includeSchemas,
		@Size(max = 100) List<@Pattern(regexp = "[^\\x00]{1,63}", message = "must be 1 to 63 characters") String> excludeSchemas,
		@Min(1) @Max(20) Integer poolSize,
		@Min(100) @Max(3_600_000) Integer statementTimeoutMs,
		@Min(10) @Max(600_000) Integer lockTimeoutMs,
		@Min(100) @Max(120_000) Integer connectTimeoutMs,
		@Min(0) @Max(10_080) Integer scanIntervalMinutes,
		@Valid CompareOptions compare) {

	public static TargetOptions defaults() {
		return new TargetOptions(null, null, null, null, null, null, null, null);
	}

	/** With the default comparison. */
	public TargetOptions(List<String> includeSchemas, List<String> excludeSchemas, Integer poolSize,
			Integer statementTimeoutMs, Integer lockTimeoutMs, Integer connectTimeoutMs, Integer scanIntervalMinutes) {
		this(includeSchemas, excludeSchemas, poolSize, statementTimeoutMs, lockTimeoutMs, connectTimeoutMs,
				scanIntervalMinutes, null);
	}

	/** Omitted fields take their defaults, so clients may send only what they change and old rows still read. */
	public TargetOptions {
		includeSchemas = includeSchemas == null ? List.of() : List.copyOf(includeSchemas);
		excludeSchemas = excludeSchemas == null ? List.of() : List.copyOf(excludeSchemas);
		poolSize = poolSize == null ? 2 : poolSize;
		statementTimeoutMs = statementTimeoutMs == null ? 60_000 : statementTimeoutMs;
		lockTimeoutMs = lockTimeoutMs == null ? 2_000 : lockTimeoutMs;
		connectTimeoutMs = connectTimeoutMs == null ? 10_000 : connectTimeoutMs;
		scanIntervalMinutes = scanIntervalMinutes == null ? 0 : scanIntervalMinutes;
		compare = compare == null ? CompareOptions.defaults() : compare;
	}

	/** Whether a schema is inspected under these options. */
	public boolean includes(String schema) {
		return (includeSchemas.isEmpty() || includeSchemas.contains(schema)) && !excludeSchemas.contains(schema);
	}
}

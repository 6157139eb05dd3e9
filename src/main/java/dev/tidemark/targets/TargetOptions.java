package dev.tidemark.targets;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * How Tidemark treats a target: which schemas it inspects (include wins; empty means all user schemas), how many
 * connections it may open at once (1 works), and the session timeouts it sets.
 */
public record TargetOptions(
		@NotNull @Size(max = 100) List<@Pattern(regexp = "[^\\x00]{1,63}", message = "must be 1 to 63 characters") String> includeSchemas,
		@NotNull @Size(max = 100) List<@Pattern(regexp = "[^\\x00]{1,63}", message = "must be 1 to 63 characters") String> excludeSchemas,
		@Min(1) @Max(20) int poolSize,
		@Min(100) @Max(3_600_000) int statementTimeoutMs,
		@Min(10) @Max(600_000) int lockTimeoutMs,
		@Min(100) @Max(120_000) int connectTimeoutMs) {

	public static TargetOptions defaults() {
		return new TargetOptions(List.of(), List.of(), 1, 60_000, 2_000, 10_000);
	}

	public TargetOptions {
		includeSchemas = includeSchemas == null ? List.of() : List.copyOf(includeSchemas);
		excludeSchemas = excludeSchemas == null ? List.of() : List.copyOf(excludeSchemas);
	}

	/** Whether a schema is inspected under these options. */
	public boolean includes(String schema) {
		return (includeSchemas.isEmpty() || includeSchemas.contains(schema)) && !excludeSchemas.contains(schema);
	}
}

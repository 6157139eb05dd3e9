package dev.tidemark.targets;

/** A successful connection test: what answered and how fast. */
public record ConnectionTestResult(boolean reachable, String serverVersion, int serverVersionNum, String database,
		String currentUser, boolean readOnlySession, long latencyMs) {
}

package dev.tidemark.checks;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;

/** Running scans and reading their history. */
public interface Scans {

	/**
	 * Snapshots the target now, evaluates every rule and reconciles its findings. Never throws for a target that
	 * fails: the scan comes back FAILED with the reason, and findings stay as the last complete scan left them.
	 */
	Scan run(UUID targetId, String requestedBy);

	Scan get(UUID scanId);

	PageOf<Scan> list(UUID targetId, PageRequest page);

	/**
	 * Which database each of {@code targetIds} reached in its latest successful scan
	 * ({@link dev.tidemark.targets.TargetSession#databaseIdentity()}); targets never scanned, or whose database could
	 * not say, are left out.
	 */
	Map<UUID, String> databaseIdentities(Collection<UUID> targetIds);
}

package dev.tidemark.checks;

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
}

package dev.tidemark.inspection;

import java.util.UUID;

import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;

/** Running scans and reading their history. */
public interface Scans {

	/**
	 * Snapshots the target now. Never throws for a target that fails: the scan comes back FAILED with the reason,
	 * and nothing else is written.
	 */
	Scan run(UUID targetId, String requestedBy);

	Scan get(UUID scanId);

	PageOf<Scan> list(UUID targetId, PageRequest page);
}

package dev.tidemark.targets;

import java.util.UUID;

/**
 * A module whose work on a target must not be deleted under it (removing a target removes everything recorded about
 * it). Called inside the removal's transaction, before the delete.
 */
public interface TargetRemovalGuard {

	/**
	 * Throws (an exception the API answers as a problem) when the target must not be removed now; locks what it
	 * checked until the removal commits, so that nothing it guards can start in between.
	 */
	void checkRemovable(UUID targetId);
}

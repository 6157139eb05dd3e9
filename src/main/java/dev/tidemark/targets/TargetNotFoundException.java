package dev.tidemark.targets;

import java.util.UUID;

public class TargetNotFoundException extends RuntimeException {

	private final UUID targetId;

	public TargetNotFoundException(UUID targetId) {
		super("No target with id " + targetId);
		this.targetId = targetId;
	}

	public UUID targetId() {
		return targetId;
	}
}

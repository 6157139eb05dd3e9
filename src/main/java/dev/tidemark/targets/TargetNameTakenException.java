package dev.tidemark.targets;

public class TargetNameTakenException extends RuntimeException {

	public TargetNameTakenException(String name) {
		super("A target named '" + name + "' already exists");
	}
}

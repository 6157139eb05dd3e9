package dev.tidemark.inspection;

public class SnapshotNotFoundException extends RuntimeException {

	public SnapshotNotFoundException(String message) {
		super(message);
	}
}

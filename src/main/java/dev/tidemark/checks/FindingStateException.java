package dev.tidemark.checks;

/** The finding is not in a state that allows the operation (e.g. suppressing a resolved finding). */
public class FindingStateException extends RuntimeException {

	public FindingStateException(String message) {
		super(message);
	}
}

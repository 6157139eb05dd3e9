package dev.tidemark.checks;

/** A reference or baseline that names a target or snapshot that does not exist or does not fit. */
public class InvalidReferenceException extends RuntimeException {

	private final String field;

	public InvalidReferenceException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return field;
	}
}

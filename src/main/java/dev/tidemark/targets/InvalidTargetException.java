package dev.tidemark.targets;

/** A target definition that passed the field checks but is still not acceptable; names the field and why. */
public class InvalidTargetException extends RuntimeException {

	private final String field;

	public InvalidTargetException(String field, String reason) {
		super(reason);
		this.field = field;
	}

	public String field() {
		return field;
	}
}

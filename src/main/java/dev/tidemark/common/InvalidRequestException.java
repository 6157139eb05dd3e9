package dev.tidemark.common;

/** A request parameter that is well-formed JSON/HTTP but not acceptable; names the parameter and why. */
public class InvalidRequestException extends RuntimeException {

	private final String parameter;

	public InvalidRequestException(String parameter, String reason) {
		super(reason);
		this.parameter = parameter;
	}

	public String parameter() {
		return parameter;
	}
}

package dev.tidemark.common;

/** An {@code If-Match} or {@code If-None-Match} of a request that does not hold for the resource as it is now. */
public class PreconditionFailedException extends RuntimeException {

	public PreconditionFailedException(String reason) {
		super(reason);
	}
}

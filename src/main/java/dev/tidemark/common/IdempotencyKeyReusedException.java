package dev.tidemark.common;

/** An {@code Idempotency-Key} sent again with a different method, path or body than the request it first named. */
public class IdempotencyKeyReusedException extends RuntimeException {

	private final String key;

	public IdempotencyKeyReusedException(String key, String reason) {
		super(reason);
		this.key = key;
	}

	public String key() {
		return key;
	}
}

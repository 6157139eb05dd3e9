package dev.tidemark.targets;

import org.jspecify.annotations.Nullable;

/**
 * Tidemark could not use a target's connection. The message is safe to show: it never carries a secret.
 */
public class TargetConnectionException extends RuntimeException {

	/** Why the connection failed, as a client can act on it. */
	public enum Reason {
		UNREACHABLE, AUTHENTICATION_FAILED, DATABASE_NOT_FOUND, PERMISSION_DENIED, TIMEOUT, TOO_MANY_CONNECTIONS,
		UNSUPPORTED_SERVER, OTHER
	}

	private final Reason reason;

	private final @Nullable String sqlState;

	public TargetConnectionException(Reason reason, String message, @Nullable String sqlState,
			@Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.sqlState = sqlState;
	}

	public Reason reason() {
		return reason;
	}

	public @Nullable String sqlState() {
		return sqlState;
	}
}

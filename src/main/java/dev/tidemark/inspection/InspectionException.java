package dev.tidemark.inspection;

import org.jspecify.annotations.Nullable;

/** Reading a target's catalog failed; the message names the object kind and the SQLSTATE, never a secret. */
public class InspectionException extends RuntimeException {

	private final @Nullable String sqlState;

	public InspectionException(String message, @Nullable String sqlState, @Nullable Throwable cause) {
		super(message, cause);
		this.sqlState = sqlState;
	}

	public @Nullable String sqlState() {
		return sqlState;
	}
}

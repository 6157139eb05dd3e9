package dev.tidemark.inspection;

import org.jspecify.annotations.Nullable;

/**
 * Reading a target's catalog failed. The message names the object kind being read and the SQLSTATE; it never
 * carries connection credentials.
 */
public class InspectionException extends RuntimeException {

	private final @Nullable String objectKind;

	private final @Nullable String sqlState;

	public InspectionException(@Nullable String objectKind, @Nullable String sqlState, String message,
			@Nullable Throwable cause) {
		super(message, cause);
		this.objectKind = objectKind;
		this.sqlState = sqlState;
	}

	/** For failures outside one object kind (the shape used on main before the reader existed). */
	public InspectionException(String message, @Nullable String sqlState, @Nullable Throwable cause) {
		this(null, sqlState, message, cause);
	}

	/** What was being read, e.g. {@code tables} or {@code migration flyway mig.flyway_schema_history}. */
	public @Nullable String objectKind() {
		return objectKind;
	}

	/** The SQLSTATE reported by the server or driver, or null when the failure was not an SQL error. */
	public @Nullable String sqlState() {
		return sqlState;
	}
}

package dev.tidemark.inspection;

/**
 * Reading a target's catalog failed. The message names the object kind being read and the SQLSTATE; it never
 * carries connection credentials.
 */
public class InspectionException extends RuntimeException {

	private final String objectKind;

	private final String sqlState;

	public InspectionException(String objectKind, String sqlState, String message, Throwable cause) {
		super(message, cause);
		this.objectKind = objectKind;
		this.sqlState = sqlState;
	}

	/** What was being read, e.g. {@code tables} or {@code migration flyway mig.flyway_schema_history}. */
	public String objectKind() {
		return objectKind;
	}

	/** The SQLSTATE reported by the server or driver, or null when the failure was not an SQL error. */
	public String sqlState() {
		return sqlState;
	}
}

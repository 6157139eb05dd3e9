package dev.tidemark.remediation;

import java.util.List;
import java.util.Map;

/**
 * A remediation request that cannot be honoured, with a stable reason a client can switch on and the details.
 */
public class RemediationException extends RuntimeException {

	/** Why; each maps to one problem type and HTTP status. */
	public enum Reason {
		NOT_FOUND, INVALID_FINDINGS, REFUSED, STATE_CONFLICT, TARGET_BUSY, STALE, NOT_ALLOWED
	}

	private final Reason reason;

	private final List<Map<String, Object>> details;

	public RemediationException(Reason reason, String message) {
		this(reason, message, List.of());
	}

	public RemediationException(Reason reason, String message, List<Map<String, Object>> details) {
		super(message);
		this.reason = reason;
		this.details = List.copyOf(details);
	}

	public Reason reason() {
		return reason;
	}

	public List<Map<String, Object>> details() {
		return details;
	}
}

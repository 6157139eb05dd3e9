package dev.tidemark.web;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Every kind of error a client can get, each with a stable {@code type} URI and a fixed title; specifics go in
 * {@code detail} and extension members. Clients switch on {@code type}, never on the text.
 */
public enum ProblemTypes {

	VALIDATION("validation-error", "The request is not valid"),
	MALFORMED_REQUEST("malformed-request", "The request could not be read"),
	NOT_FOUND("not-found", "No such resource"),
	TARGET_NOT_FOUND("target-not-found", "Target not found"),
	SNAPSHOT_NOT_FOUND("snapshot-not-found", "Snapshot not found"),
	SCAN_NOT_FOUND("scan-not-found", "Scan not found"),
	FINDING_NOT_FOUND("finding-not-found", "Finding not found"),
	IGNORE_RULE_NOT_FOUND("ignore-rule-not-found", "Ignore rule not found"),
	FINDING_STATE_CONFLICT("finding-state-conflict", "Finding is not in a state that allows this"),
	INVALID_CONTRACT("invalid-contract", "The contract is not valid"),
	REMEDIATION_NOT_FOUND("remediation-not-found", "Remediation not found"),
	INVALID_FINDINGS("invalid-findings", "The findings cannot be remediated together"),
	REMEDIATION_REFUSED("remediation-refused", "No safe automatic repair for some findings"),
	REMEDIATION_STATE_CONFLICT("remediation-state-conflict", "The remediation is not in a state that allows this"),
	REMEDIATION_TARGET_BUSY("remediation-target-busy", "Another remediation is executing on the target"),
	REMEDIATION_STALE("remediation-stale", "The plan no longer matches the target's catalog"),
	REMEDIATION_NOT_ALLOWED("remediation-not-allowed", "Not allowed for this remediation"),
	PRECONDITION_FAILED("precondition-failed", "The resource is not in the state the request's If-Match or If-None-Match requires"),
	IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "The Idempotency-Key was used for a different request"),
	INVALID_REFERENCE("invalid-reference", "The reference or baseline names nothing usable"),
	TARGET_NAME_TAKEN("target-name-taken", "Target name already in use"),
	TARGET_UNREACHABLE("target-unreachable", "Target cannot be reached"),
	TARGET_AUTHENTICATION_FAILED("target-authentication-failed", "Target rejected the credentials"),
	TARGET_DATABASE_NOT_FOUND("target-database-not-found", "Target database does not exist"),
	TARGET_PERMISSION_DENIED("target-permission-denied", "Permission denied on the target"),
	TARGET_TIMEOUT("target-timeout", "Target did not answer in time"),
	TARGET_BUSY("target-busy", "No connection to the target is free"),
	TARGET_UNSUPPORTED("unsupported-server-version", "Target server version is not supported"),
	TARGET_CONNECTION_FAILED("target-connection-failed", "Target connection failed"),
	INSPECTION_FAILED("inspection-failed", "Inspection of the target failed"),
	UNAUTHORIZED("unauthorized", "Authentication required"),
	FORBIDDEN("forbidden", "Not allowed"),
	TOO_MANY_REQUESTS("too-many-requests", "Too many failed sign-in attempts"),
	API_TOKEN_NAME_TAKEN("api-token-name-taken", "API token name already in use"),
	METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed"),
	PAYLOAD_TOO_LARGE("payload-too-large", "The request is too large"),
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type"),
	NOT_ACCEPTABLE("not-acceptable", "Not acceptable"),
	CONFLICT("conflict", "Conflict"),
	INTERNAL_ERROR("internal-error", "Internal error");

	public static final String BASE = "https://tidemark.dev/problems/";

	private final String slug;

	private final String title;

	ProblemTypes(String slug, String title) {
		this.slug = slug;
		this.title = title;
	}

	public URI uri() {
		return URI.create(BASE + slug);
	}

	public String title() {
		return title;
	}

	/**
	 * The type of an error known only by its status, such as Spring's own exceptions or an error the servlet
	 * container answered before any application code ran.
	 */
	public static ProblemTypes forStatus(int status) {
		return switch (status) {
			case 400 -> MALFORMED_REQUEST;
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 409 -> CONFLICT;
			case 412 -> PRECONDITION_FAILED;
			case 413, 431 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 429 -> TOO_MANY_REQUESTS;
			default -> status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
		};
	}

	public ProblemDetail detail(HttpStatusCode status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(uri());
		problem.setTitle(title);
		return problem;
	}
}

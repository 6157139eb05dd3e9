package dev.tidemark.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Problem-details bodies for the layers that answer outside MVC's message converters: the security filter chain,
 * the servlet container's error report and the {@code /error} dispatch. Same members as MVC's problem details.
 */
public final class ProblemBodies {

	private ProblemBodies() {
	}

	/** The body of {@code problem} with its instance, request id and extra properties. */
	public static Map<String, Object> of(ProblemDetail problem, @Nullable String instance, @Nullable String requestId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", String.valueOf(problem.getType()));
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (instance != null) {
			body.put("instance", instance);
		}
		if (requestId != null) {
			body.put("requestId", requestId);
		}
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		return body;
	}

	/**
	 * An error known only by its status: the detail is a fixed text per status, never the container's message
	 * (which may echo the request, credentials included).
	 */
	public static Map<String, Object> forStatus(int status, @Nullable String instance, @Nullable String requestId) {
		return of(ProblemTypes.forStatus(status).detail(HttpStatusCode.valueOf(status), detail(status)), instance,
				requestId);
	}

	/** The fixed detail for {@code status}. */
	public static String detail(int status) {
		return switch (status) {
			case 400 -> "The request could not be read: its request line, path (for example a malformed %-encoding), "
					+ "headers or body are malformed.";
			case 401 -> "Authentication is required: HTTP Basic for users, 'Authorization: Bearer <token>' for API tokens.";
			case 403 -> "Your roles do not allow this operation.";
			case 404 -> "No resource at this path.";
			case 405 -> "This method is not supported at this path.";
			case 413 -> "The request body is too large.";
			case 431 -> "The request headers are too large.";
			default -> status >= 500 ? "An unexpected error occurred." : "The request was refused (status " + status + ").";
		};
	}
}

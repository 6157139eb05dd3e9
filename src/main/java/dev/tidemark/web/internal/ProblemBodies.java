package dev.tidemark.web.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tidemark.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

/**
 * The problem-details body of an error known only by its status, for the layers that answer outside MVC's message
 * converters: the servlet container's error report and the {@code /error} dispatch. Same members as MVC's problem
 * details; the detail is a fixed text per status, never the container's message (which may echo the request).
 */
final class ProblemBodies {

	private ProblemBodies() {
	}

	static Map<String, Object> forStatus(int status, @Nullable String instance, @Nullable String requestId) {
		ProblemTypes type = ProblemTypes.forStatus(status);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type.uri().toString());
		body.put("title", type.title());
		body.put("status", status);
		body.put("detail", detail(status));
		if (instance != null) {
			body.put("instance", instance);
		}
		if (requestId != null) {
			body.put("requestId", requestId);
		}
		return body;
	}

	private static String detail(int status) {
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

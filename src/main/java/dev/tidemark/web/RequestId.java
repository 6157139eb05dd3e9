package dev.tidemark.web;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The id of the request being handled ({@code X-Request-Id}, or a valid {@code traceparent}'s trace id, or generated):
 * echoed in the {@code X-Request-Id} response header, in the logging MDC as {@value #ATTRIBUTE}, and in problem
 * details bodies as {@code requestId}.
 */
public final class RequestId {

	/** The request attribute and MDC key that hold it. */
	public static final String ATTRIBUTE = "requestId";

	private RequestId() {
	}

	/** The request's id, or null if the request id filter did not see it (a request line Tomcat refused). */
	public static @Nullable String of(ServletRequest request) {
		return request.getAttribute(ATTRIBUTE) instanceof String id ? id : null;
	}
}

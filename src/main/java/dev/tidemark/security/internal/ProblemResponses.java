package dev.tidemark.security.internal;

import java.io.IOException;
import java.util.Map;

import dev.tidemark.web.ProblemBodies;
import dev.tidemark.web.ProblemTypes;
import dev.tidemark.web.RequestId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * 401, 403 and 429 from the filter chain never reach MVC's exception handler, so they are written here in the same
 * problem-details shape; so is the 400 of a request Spring Security's firewall rejects before any filter runs (this
 * bean is the {@link RequestRejectedHandler} the filter chain proxy picks up).
 */
@Component
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		ProblemDetail problem = ProblemTypes.UNAUTHORIZED.detail(HttpStatus.UNAUTHORIZED, ProblemBodies.detail(401));
		response.setHeader("WWW-Authenticate", "Basic realm=\"tidemark\", Bearer");
		write(request, response, problem);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		write(request, response, ProblemTypes.FORBIDDEN.detail(HttpStatus.FORBIDDEN, ProblemBodies.detail(403)));
	}

	/**
	 * A request the firewall refused (an encoded {@code /} or {@code .} in the path, a control character in a header,
	 * …). The detail is fixed: the firewall's message quotes the offending value, which may be a credential.
	 */
	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		write(request, response, ProblemTypes.MALFORMED_REQUEST.detail(HttpStatus.BAD_REQUEST,
				"The request was rejected: its path or a header holds characters or sequences that are not allowed "
						+ "(such as an encoded '/' or '.', or a control character)."));
	}

	/**
	 * 429 for a sign-in refused by {@link LoginThrottle}: the same problem shape, {@code Retry-After} in seconds and
	 * as a member, and no word on whether the name exists or which limit was hit.
	 */
	void tooManyRequests(HttpServletRequest request, HttpServletResponse response, long retryAfterSeconds)
			throws IOException {
		ProblemDetail problem = ProblemTypes.TOO_MANY_REQUESTS.detail(HttpStatus.TOO_MANY_REQUESTS,
				"Too many failed sign-in attempts for this user or from this address; try again in "
						+ retryAfterSeconds + " s.");
		problem.setProperty("retryAfterSeconds", retryAfterSeconds);
		response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
		write(request, response, problem);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		Map<String, Object> body = ProblemBodies.of(problem, request.getRequestURI(), RequestId.of(request));
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), body);
	}
}

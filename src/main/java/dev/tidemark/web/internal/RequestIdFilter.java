package dev.tidemark.web.internal;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import dev.tidemark.web.RequestId;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id, echoed in {@code X-Request-Id} on every response (errors and the security chain's 401
 * and 403 included: it runs before Spring Security) and put in the logging MDC as {@code requestId} while the request
 * is handled. A valid W3C {@code traceparent} wins: its trace id is the request id and the header is echoed unchanged.
 * Otherwise the caller's {@code X-Request-Id} is kept if it is a sane token (1 to 128 of {@code [A-Za-z0-9._-]});
 * else a random UUID is used.
 */
final class RequestIdFilter extends OncePerRequestFilter {

	static final String REQUEST_ID = "X-Request-Id";

	static final String TRACEPARENT = "traceparent";

	/** The MDC key, and the request attribute holding the id. */
	static final String MDC_KEY = RequestId.ATTRIBUTE;

	private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

	// version-traceid-parentid-flags; version ff is invalid, ids of zeros are invalid (checked below)
	private static final Pattern TRACEPARENT_FORMAT = Pattern
		.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String traceparent = request.getHeader(TRACEPARENT);
		String traceId = traceId(traceparent);
		String id;
		if (request.getAttribute(MDC_KEY) instanceof String earlier) {
			id = earlier; // the error dispatch of a request that has its id
		}
		else if (traceId != null) {
			id = traceId;
		}
		else {
			String given = request.getHeader(REQUEST_ID);
			id = (given != null && SANE_ID.matcher(given).matches()) ? given : UUID.randomUUID().toString();
		}
		if (traceId != null) {
			response.setHeader(TRACEPARENT, traceparent);
		}
		response.setHeader(REQUEST_ID, id);
		request.setAttribute(MDC_KEY, id);
		MDC.put(MDC_KEY, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false; // the /error dispatch logs under the same id
	}

	/** The trace id of a valid {@code traceparent} (W3C Trace Context, level 1), else null. */
	static @Nullable String traceId(@Nullable String traceparent) {
		if (traceparent == null) {
			return null;
		}
		var m = TRACEPARENT_FORMAT.matcher(traceparent.trim());
		if (!m.matches()) {
			return null;
		}
		String version = m.group(1);
		if (version.equals("ff") || (version.equals("00") && m.group(5) != null)) {
			return null;
		}
		String traceId = m.group(2);
		if (traceId.chars().allMatch(c -> c == '0') || m.group(3).chars().allMatch(c -> c == '0')) {
			return null;
		}
		return traceId;
	}
}

package dev.tidemark.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import dev.tidemark.security.LoginThrottled;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs before both authentication filters: a request that presents credentials (HTTP Basic or a bearer token) for
 * a user name or from an address over its failure limit is answered 429 with {@code Retry-After} here, so neither
 * the password (bcrypt) nor the token is checked. Requests without credentials pass untouched (they get their 401
 * from the entry point). The client address is what the servlet container reports: behind a proxy, configure
 * {@code server.forward-headers-strategy} so it is the client's, not the proxy's.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

	private final LoginThrottle throttle;

	private final ProblemResponses problems;

	private final ApplicationEventPublisher events;

	LoginThrottleFilter(LoginThrottle throttle, ProblemResponses problems, ApplicationEventPublisher events) {
		this.throttle = throttle;
		this.problems = problems;
		this.events = events;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		String method;
		String userName = null;
		if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
			method = "basic";
			userName = basicUserName(header.substring(6).trim());
		}
		else if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			method = "bearer";
		}
		else {
			chain.doFilter(request, response);
			return;
		}
		String address = request.getRemoteAddr();
		Optional<LoginThrottle.Refusal> refusal = throttle.check(userName, address);
		if (refusal.isPresent()) {
			LoginThrottle.Refusal r = refusal.get();
			events.publishEvent(new LoginThrottled(userName, address, method, r.limit(), r.retryAfter()));
			problems.tooManyRequests(request, response, LoginThrottle.retryAfterSeconds(r.retryAfter()));
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * The user name of a Basic credential as Spring Security's converter reads it (UTF-8, up to the first colon), or
	 * null when it is not valid Base64 or has no colon: the Basic filter then refuses it, and the address still
	 * counts.
	 */
	static @Nullable String basicUserName(String encoded) {
		try {
			String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return colon < 0 ? null : decoded.substring(0, colon);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}
}

package dev.tidemark.security.internal;

import java.io.IOException;
import java.util.Optional;

import dev.tidemark.common.Caller;
import dev.tidemark.security.ApiToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer tmk_…} API tokens. The principal is a {@link Caller} named
 * {@code token:<name>} (so audit can tell machines from people) whose human is the token's owner (so approvals count
 * people, not credentials); an unknown or expired token is a 401, never a fall-through to anonymous.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	static final String TOKEN_PRINCIPAL_PREFIX = Caller.TOKEN_PREFIX;

	private final ApiTokenService tokens;

	private final AuthenticationEntryPoint entryPoint;

	private final AuthenticationEventPublisher authenticationEvents;

	private final WebAuthenticationDetailsSource details = new WebAuthenticationDetailsSource();

	BearerTokenFilter(ApiTokenService tokens, AuthenticationEntryPoint entryPoint,
			AuthenticationEventPublisher authenticationEvents) {
		this.tokens = tokens;
		this.entryPoint = entryPoint;
		this.authenticationEvents = authenticationEvents;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			chain.doFilter(request, response);
			return;
		}
		String secret = header.substring(7).trim();
		Optional<ApiToken> token = tokens.authenticate(secret);
		if (token.isEmpty()) {
			SecurityContextHolder.clearContext();
			BadCredentialsException failure = new BadCredentialsException("Unknown or expired API token");
			// Published like a failed Basic login so the audit trail sees both; the attempt names the token (if
			// known), never carries the secret: credentials stay null.
			var attempt = UsernamePasswordAuthenticationToken.unauthenticated(tokens.attemptedPrincipal(secret), null);
			attempt.setDetails(details.buildDetails(request));
			authenticationEvents.publishAuthenticationFailure(failure, attempt);
			entryPoint.commence(request, response, failure);
			return;
		}
		ApiToken t = token.get();
		// The principal is a Caller: getName() stays token:<name> for audit and messages, and Caller.of() finds the
		// owner, the human four-eyes checks compare.
		Caller caller = new Caller(TOKEN_PRINCIPAL_PREFIX + t.name(), t.owner());
		var authentication = UsernamePasswordAuthenticationToken.authenticated(caller, null,
				t.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
		var context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		chain.doFilter(request, response);
	}
}

package dev.tidemark.security.internal;

import java.io.IOException;
import java.util.Optional;

import dev.tidemark.security.ApiToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer tmk_…} API tokens. The principal is {@code token:<name>} so audit and
 * approvals can tell machines from people; an unknown or expired token is a 401, never a fall-through to anonymous.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	static final String TOKEN_PRINCIPAL_PREFIX = "token:";

	private final ApiTokenService tokens;

	private final AuthenticationEntryPoint entryPoint;

	BearerTokenFilter(ApiTokenService tokens, AuthenticationEntryPoint entryPoint) {
		this.tokens = tokens;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			chain.doFilter(request, response);
			return;
		}
		Optional<ApiToken> token = tokens.authenticate(header.substring(7).trim());
		if (token.isEmpty()) {
			SecurityContextHolder.clearContext();
			entryPoint.commence(request, response, new BadCredentialsException("Unknown or expired API token"));
			return;
		}
		ApiToken t = token.get();
		var authentication = UsernamePasswordAuthenticationToken.authenticated(TOKEN_PRINCIPAL_PREFIX + t.name(), null,
				t.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
		var context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		chain.doFilter(request, response);
	}
}

package dev.tidemark.security.internal;

import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The last rule of the role table, for requests no rule above names (a PATCH, an OPTIONS, an unknown path): any
 * authenticated caller may go on, but only when no handler method would run for the request, so that MVC answers it
 * with a 405 problem and {@code Allow}, a 404 problem, or the list of methods for OPTIONS. A handler the table does
 * not name (a new {@code @PatchMapping}, say) stays denied until a rule names it. Without credentials: 401.
 */
final class UnmappedRequestAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

	private final AuthorizationManager<RequestAuthorizationContext> authenticated = AuthenticatedAuthorizationManager
		.authenticated();

	private final ObjectProvider<RequestMappingInfoHandlerMapping> mappingsProvider;

	private volatile @Nullable List<RequestMappingInfoHandlerMapping> mappings;

	UnmappedRequestAuthorizationManager(ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
		this.mappingsProvider = mappings;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		AuthorizationResult result = authenticated.authorize(authentication, context);
		if (result == null || !result.isGranted()) {
			return new AuthorizationDecision(false);
		}
		return new AuthorizationDecision(!handled(context.getRequest()));
	}

	/** Whether some {@code @RequestMapping} (or actuator endpoint) matches the request's path and method. */
	private boolean handled(HttpServletRequest request) {
		boolean parsed = ServletRequestPathUtils.hasParsedRequestPath(request);
		try {
			if (!parsed) {
				ServletRequestPathUtils.parseAndCache(request);
			}
			for (RequestMappingInfoHandlerMapping mapping : mappings()) {
				if (mapping.getHandlerMethods().keySet().stream().anyMatch(i -> i.getMatchingCondition(request) != null)) {
					return true;
				}
			}
			return false;
		}
		catch (RuntimeException e) {
			return true; // cannot tell: deny, as the table did before
		}
		finally {
			if (!parsed) {
				ServletRequestPathUtils.clearParsedRequestPath(request);
			}
		}
	}

	private List<RequestMappingInfoHandlerMapping> mappings() {
		List<RequestMappingInfoHandlerMapping> found = mappings;
		if (found == null) {
			found = mappingsProvider.orderedStream().toList();
			mappings = found;
		}
		return found;
	}
}

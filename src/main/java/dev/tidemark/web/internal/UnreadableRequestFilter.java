package dev.tidemark.web.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads them, the parts of a request that cannot be read at all, which components deep in
 * the stack would otherwise meet first and answer with an unexpected error (500):
 * <ul>
 * <li>parameters that cannot be decoded (a query string or form body with bytes that are not UTF-8, {@code ?x=%FF}):
 * the container parses them lazily and throws from the first reader; 400;</li>
 * <li>a Content-Type that is a wildcard ({@code *}{@code /*}, {@code application/*}) or no media type: a body has
 * one concrete type; 415;</li>
 * <li>an Accept header that is not a list of media types: 400.</li>
 * </ul>
 * The error dispatch writes the problem body.
 */
final class UnreadableRequestFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType != null && !contentType.isBlank() && !concrete(contentType)) {
			response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
			return;
		}
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept != null && !accept.isBlank()) {
			try {
				MediaType.parseMediaTypes(accept);
			}
			catch (InvalidMediaTypeException e) {
				response.sendError(HttpServletResponse.SC_BAD_REQUEST);
				return;
			}
		}
		try {
			request.getParameterMap();
		}
		catch (IllegalStateException | IllegalArgumentException e) {
			// Tomcat's InvalidParameterException is an IllegalStateException
			response.sendError(HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean concrete(String contentType) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return !type.isWildcardType() && !type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException e) {
			return false;
		}
	}
}

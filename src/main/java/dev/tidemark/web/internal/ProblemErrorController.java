package dev.tidemark.web.internal;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.web.ProblemBodies;
import dev.tidemark.web.RequestId;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code /error} dispatch, in place of Spring Boot's {@code BasicErrorController} (whose JSON has
 * {@code timestamp} and {@code error}): whatever called {@code sendError} or threw outside MVC (a filter, Spring
 * Security's firewall) gets a problem detail with a stable type. Written straight to the response, whatever the
 * method or {@code Accept} header, so no content negotiation can turn an error into another error.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

	private final JsonMapper json;

	ProblemErrorController(JsonMapper json) {
		this.json = json;
	}

	@RequestMapping("/error")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		// Called directly rather than dispatched to: there is nothing at /error.
		int status = code instanceof Integer i && i >= 400 ? i : 404;
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		Map<String, Object> body = ProblemBodies.forStatus(status, uri instanceof String s ? s : request.getRequestURI(),
				RequestId.of(request));
		if (status >= 500 && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
			String reference = UUID.randomUUID().toString();
			log.error("Unexpected error, reference {}", reference, failure);
			body.put("detail", "An unexpected error occurred; the server log has the details under reference " + reference);
			body.put("reference", reference);
		}
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		json.writeValue(response.getOutputStream(), body);
	}
}

package dev.tidemark.web.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tidemark.web.ProblemBodies;
import dev.tidemark.web.RequestId;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/**
 * Tomcat's own error report, for what it refuses before a request reaches Spring (a path it cannot decode such as
 * {@code %ZZ}, a request line or header it cannot parse or that is too large): a problem detail with a stable type
 * instead of Tomcat's HTML page. Errors inside the application go to {@code /error} ({@link ProblemErrorController})
 * and never get here with an empty body.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);

	private final JsonMapper json;

	ProblemErrorReportValve(JsonMapper json) {
		this.json = json;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// As Tomcat's: nothing for a non-error status, a response already written or an error already reported.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		String instance = null;
		try {
			instance = request.getRequestURI();
		}
		catch (RuntimeException e) {
			// a request line Tomcat could not parse has no usable URI
		}
		try {
			String body = json.writeValueAsString(ProblemBodies.forStatus(status, instance, RequestId.of(request)));
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("utf-8");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | RuntimeException e) {
			log.debug("Could not write the problem for a container error {}", status, e);
		}
	}
}

package dev.tidemark.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tidemark.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error is {@code application/problem+json} with a stable {@code type}, whichever layer refuses the request:
 * Tomcat (a path it cannot decode, a header too large), Spring Security (a bearer credential it cannot read, a
 * request its firewall rejects, a method no rule allows) or MVC (an unknown path, a body that is not JSON). The
 * requests are written on a raw socket, because an HTTP client would refuse to send most of them.
 */
class ErrorResponsesIntegrationTests extends ApiIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A response as read off the wire: status, headers (lower-case names) and body. */
	record Raw(int status, Map<String, String> headers, String body) {

		String contentType() {
			return headers.getOrDefault("content-type", "");
		}

		JsonNode json() {
			return JSON.readTree(body);
		}

		void assertProblem(int expectedStatus, String type) {
			assertThat(status).as(body).isEqualTo(expectedStatus);
			assertThat(contentType()).as(body).startsWith("application/problem+json");
			JsonNode problem = json();
			assertThat(problem.path("type").asString()).isEqualTo(ProblemTypes.BASE + type);
			assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
			assertThat(problem.path("title").asString()).isNotBlank();
			assertThat(body).doesNotContain("timestamp").doesNotContain("<html").doesNotContain("Tomcat");
		}
	}

	private static String auth(String user) {
		return "Authorization: " + basicHeader(user, PASSWORD);
	}

	private Raw send(String requestLine, String... headerLines) {
		return sendBody(requestLine, null, headerLines);
	}

	/** Writes one HTTP/1.1 request byte for byte (ISO-8859-1) and reads the whole response. */
	private Raw sendBody(String requestLine, String body, String... headerLines) {
		StringBuilder request = new StringBuilder(requestLine).append("\r\n");
		request.append("Host: localhost:").append(port).append("\r\n").append("Connection: close\r\n");
		for (String header : headerLines) {
			request.append(header).append("\r\n");
		}
		byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
		if (body != null) {
			request.append("Content-Length: ").append(content.length).append("\r\n");
		}
		request.append("\r\n");
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			return parse(socket.getInputStream());
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static Raw parse(InputStream in) throws IOException {
		byte[] all = in.readAllBytes();
		String text = new String(all, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		String[] lines = text.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
		}
		byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
		String body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(rest)
				: new String(rest, StandardCharsets.UTF_8);
		return new Raw(status, headers, body);
	}

	private static String dechunk(byte[] chunked) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int i = 0;
		while (i < chunked.length) {
			int lineEnd = i;
			while (chunked[lineEnd] != '\r') {
				lineEnd++;
			}
			int size = Integer.parseInt(new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0]
				.trim(), 16);
			if (size == 0) {
				break;
			}
			out.write(chunked, lineEnd + 2, size);
			i = lineEnd + 2 + size + 2;
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	// --- Tomcat: refused before any application code runs

	@Test
	void aPathTomcatCannotDecodeIsAMalformedRequestProblem() {
		send("GET /api/v1/targets/%ZZ HTTP/1.1", auth("viewer")).assertProblem(400,
				"malformed-request");
		send("GET /api/v1/targets/%ZZ HTTP/1.1").assertProblem(400, "malformed-request");
	}

	@Test
	void aRequestHeaderTooLargeIsAProblem() {
		Raw raw = send("GET /api/v1/targets HTTP/1.1", "X-Filler: " + "x".repeat(20_000));
		assertThat(raw.status()).isIn(400, 431);
		raw.assertProblem(raw.status(), raw.status() == 431 ? "payload-too-large" : "malformed-request");
	}

	// --- Spring Security: credentials it cannot read, requests its firewall rejects

	@ParameterizedTest
	@ValueSource(strings = { "Bearer ", "Bearer", "Bearer    ", "bearer tmk_", "Bearer tmk_\u00e9\u00e8", "Bearer x y",
			"Bearer\ttmk_abc" })
	void aBearerCredentialThatIsEmptyOrNoTokenIsAnUnauthorizedProblem(String authorization) {
		send("GET /api/v1/targets HTTP/1.1", "Authorization: " + authorization).assertProblem(401, "unauthorized");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer \u0001", "Bearer tmk_\u0085", "Bearer tmk_\u007f" })
	void aBearerCredentialThatCannotBeReadIsAMalformedRequestProblem(String authorization) {
		// Tomcat refuses some control characters, Spring Security's firewall the others: a 400 problem either way.
		send("GET /api/v1/targets HTTP/1.1", "Authorization: " + authorization).assertProblem(400, "malformed-request");
	}

	@Test
	void aHeaderTheFirewallRejectsIsAMalformedRequestProblem() {
		// Spring Security's firewall refuses header values with control characters before any filter reads them.
		send("GET /api/v1/targets HTTP/1.1", auth("viewer"), "X-Note: a\u0007b")
			.assertProblem(400, "malformed-request");
	}

	@Test
	void aPathTheFirewallRejectsIsAMalformedRequestProblem() {
		send("GET /api/v1/targets/%2e%2e/x HTTP/1.1", auth("viewer")).assertProblem(400,
				"malformed-request");
	}

	// --- Methods: 405 with Allow for any authenticated user, 401 without credentials

	@ParameterizedTest
	@ValueSource(strings = { "admin", "operator", "viewer" })
	void anUnsupportedMethodOnAnExistingPathIs405WithAllow(String user) {
		Raw raw = sendBody("PATCH /api/v1/targets HTTP/1.1", "{}", auth(user),
				"Content-Type: application/json");
		raw.assertProblem(405, "method-not-allowed");
		assertThat(raw.headers().get("allow")).contains("GET").contains("POST");

		Raw one = sendBody("PATCH /api/v1/targets/00000000-0000-0000-0000-000000000000 HTTP/1.1", "{}",
				auth(user), "Content-Type: application/json");
		one.assertProblem(405, "method-not-allowed");
		assertThat(one.headers().get("allow")).contains("GET").contains("PUT").contains("DELETE");
	}

	@Test
	void anUnsupportedMethodWithoutCredentialsIs401() {
		Raw raw = sendBody("PATCH /api/v1/targets HTTP/1.1", "{}", "Content-Type: application/json");
		raw.assertProblem(401, "unauthorized");
	}

	@Test
	void headIsAReadAndOptionsListsTheMethods() {
		assertThat(send("HEAD /api/v1/targets HTTP/1.1", auth("viewer")).status()).isEqualTo(200);
		assertThat(send("HEAD /api/v1/targets HTTP/1.1").status()).isEqualTo(401);
		Raw options = send("OPTIONS /api/v1/targets HTTP/1.1", auth("viewer"));
		assertThat(options.status()).isEqualTo(200);
		assertThat(options.headers().get("allow")).contains("GET").contains("POST");
	}

	@Test
	void theRoleTableStillDecidesForTheMethodsItNames() {
		sendBody("POST /api/v1/targets HTTP/1.1", "{}", auth("viewer"), "Content-Type: application/json")
			.assertProblem(403, "forbidden");
		send("DELETE /api/v1/api-tokens/00000000-0000-0000-0000-000000000000 HTTP/1.1", auth("operator"))
			.assertProblem(403, "forbidden");
	}

	// --- MVC: unknown paths, bodies that are not JSON

	@Test
	void anUnknownPathIsANotFoundProblem() {
		send("GET /api/v1/no-such-thing HTTP/1.1", auth("viewer")).assertProblem(404, "not-found");
		send("PATCH /api/v1/no-such-thing HTTP/1.1", auth("viewer")).assertProblem(404, "not-found");
		send("GET /no-such-thing HTTP/1.1", auth("viewer")).assertProblem(404, "not-found");
		send("GET /api/v1/no-such-thing HTTP/1.1").assertProblem(401, "unauthorized");
	}

	@Test
	void theErrorPathItselfIsNotAnEndpoint() {
		// /error is where the container forwards errors; called directly it is a 404 problem like any unknown path.
		send("GET /error HTTP/1.1").assertProblem(404, "not-found");
		send("POST /error HTTP/1.1", auth("viewer"), "Accept: text/html").assertProblem(404, "not-found");
	}

	@Test
	void aBodyThatIsNotJsonIsAProblem() {
		sendBody("POST /api/v1/targets HTTP/1.1", "name=x", auth("operator"),
				"Content-Type: text/plain").assertProblem(415, "unsupported-media-type");
		sendBody("POST /api/v1/targets HTTP/1.1", "{not json", auth("operator"),
				"Content-Type: application/json").assertProblem(400, "malformed-request");
		sendBody("POST /api/v1/targets HTTP/1.1", "name=x", auth("operator"),
				"Content-Type: application/x-www-form-urlencoded").assertProblem(415, "unsupported-media-type");
	}

	@Test
	void partsOfARequestThatCannotBeReadAreProblemsNotErrors() {
		// parameters that are not UTF-8, on an endpoint, on no endpoint, and in a form body
		send("GET /api/v1/findings?ruleId=%FF HTTP/1.1", auth("viewer")).assertProblem(400, "malformed-request");
		send("GET /api/v1/rules?x=%C0%AF HTTP/1.1", auth("viewer")).assertProblem(400, "malformed-request");
		send("GET /nowhere?x=%FF HTTP/1.1").assertProblem(400, "malformed-request");
		sendBody("POST /api/v1/targets HTTP/1.1", "a=%FF", auth("operator"),
				"Content-Type: application/x-www-form-urlencoded").assertProblem(400, "malformed-request");
		// a body of no one type
		for (String wildcard : List.of("*/*", "application/*", "not a media type")) {
			sendBody("POST /api/v1/api-tokens HTTP/1.1", "{\"name\":\"x\",\"roles\":[\"VIEWER\"]}", auth("admin"),
					"Content-Type: " + wildcard).assertProblem(415, "unsupported-media-type");
		}
		send("GET /api/v1/targets HTTP/1.1", auth("viewer"), "Accept: garbage").assertProblem(400, "malformed-request");
	}

	@Test
	void aResponseTheClientCannotAcceptIsStillAProblem() {
		Raw raw = send("GET /api/v1/targets HTTP/1.1", auth("viewer"), "Accept: text/csv");
		raw.assertProblem(406, "not-acceptable");
	}
}

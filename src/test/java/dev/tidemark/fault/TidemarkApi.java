package dev.tidemark.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** The REST API of one Tidemark child, as the users of {@link TidemarkProcess#USERS}, with plain JDK HTTP. */
final class TidemarkApi {

	/** A status and its body (parsed when JSON). */
	record Response(int status, String body) {

		Map<?, ?> json() {
			return JSON.readValue(body, Map.class);
		}

		List<?> jsonList() {
			return JSON.readValue(body, List.class);
		}
	}

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final String baseUrl;

	private final HttpClient http;

	TidemarkApi(String baseUrl) {
		this.baseUrl = baseUrl;
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	TidemarkApi(TidemarkProcess child) {
		this(child.baseUrl());
	}

	String baseUrl() {
		return baseUrl;
	}

	Response get(String user, String path) throws IOException {
		return send(request(user, path).GET().timeout(Duration.ofSeconds(60)).build());
	}

	/** POST with a JSON body ({@code null}: none); a long timeout, since an execution answers when it is done. */
	Response post(String user, String path, Object body) throws IOException {
		HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
		return send(request(user, path).header("Content-Type", "application/json").POST(publisher)
			.timeout(Duration.ofMinutes(5))
			.build());
	}

	Response put(String user, String path, String contentType, String body) throws IOException {
		return send(request(user, path).header("Content-Type", contentType)
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.timeout(Duration.ofSeconds(60))
			.build());
	}

	/** As {@link #get}, but 200 is required and the body is JSON. */
	Map<?, ?> getJson(String path) throws IOException {
		Response r = get("viewer", path);
		if (r.status() != 200) {
			throw new AssertionError("GET " + path + " answered " + r.status() + ": " + r.body());
		}
		return r.json();
	}

	/** As {@link #post}, but {@code expected} is required and the body is JSON. */
	Map<?, ?> postJson(String user, String path, Object body, int expected) throws IOException {
		Response r = post(user, path, body);
		if (r.status() != expected) {
			throw new AssertionError("POST " + path + " as " + user + " answered " + r.status() + " (expected "
					+ expected + "): " + r.body());
		}
		return r.json();
	}

	private HttpRequest.Builder request(String user, String path) {
		return HttpRequest.newBuilder(URI.create(baseUrl + path))
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((user + ":" + TidemarkProcess.PASSWORD).getBytes(StandardCharsets.UTF_8)))
			.header("Accept", "application/json, application/problem+json, */*;q=0.5");
	}

	private Response send(HttpRequest request) throws IOException {
		try {
			HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(r.statusCode(), r.body());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", e);
		}
	}
}

package dev.tidemark.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import dev.tidemark.support.ApiIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint × every role and anonymous. Allowed means "not 401/403" (a 400 or 404 from an empty body or a
 * random id still proves the call got past authorization); denied is exactly 403; anonymous is exactly 401, all as
 * problem details.
 */
class RoleMatrixIntegrationTests extends ApiIntegrationTest {

	private static final String ID = UUID.randomUUID().toString();

	/** An endpoint and the least role that may call it. */
	record Endpoint(HttpMethod method, String path, Role leastRole) {
	}

	static final List<Endpoint> ENDPOINTS = List.of(
			new Endpoint(HttpMethod.GET, "/api/v1/targets", Role.VIEWER),
			new Endpoint(HttpMethod.POST, "/api/v1/targets", Role.OPERATOR),
			new Endpoint(HttpMethod.GET, "/api/v1/targets/" + ID, Role.VIEWER),
			new Endpoint(HttpMethod.PUT, "/api/v1/targets/" + ID, Role.OPERATOR),
			new Endpoint(HttpMethod.DELETE, "/api/v1/targets/" + ID, Role.OPERATOR),
			new Endpoint(HttpMethod.POST, "/api/v1/targets/" + ID + "/connection-test", Role.OPERATOR),
			new Endpoint(HttpMethod.POST, "/api/v1/targets/" + ID + "/scans", Role.OPERATOR),
			new Endpoint(HttpMethod.GET, "/api/v1/targets/" + ID + "/scans", Role.VIEWER),
			new Endpoint(HttpMethod.GET, "/api/v1/scans/" + ID, Role.VIEWER),
			new Endpoint(HttpMethod.GET, "/api/v1/targets/" + ID + "/schema", Role.VIEWER),
			new Endpoint(HttpMethod.GET, "/api/v1/targets/" + ID + "/snapshots", Role.VIEWER),
			new Endpoint(HttpMethod.GET, "/api/v1/snapshots/" + ID, Role.VIEWER),
			new Endpoint(HttpMethod.GET, "/api/v1/targets/" + ID + "/drift", Role.VIEWER),
			new Endpoint(HttpMethod.GET, "/api/v1/audit-events", Role.VIEWER),
			new Endpoint(HttpMethod.GET, "/api/v1/api-tokens", Role.ADMIN),
			new Endpoint(HttpMethod.POST, "/api/v1/api-tokens", Role.ADMIN),
			new Endpoint(HttpMethod.DELETE, "/api/v1/api-tokens/" + ID, Role.ADMIN),
			new Endpoint(HttpMethod.GET, "/actuator/prometheus", Role.VIEWER),
			new Endpoint(HttpMethod.GET, "/actuator/metrics", Role.VIEWER));

	static Stream<Arguments> matrix() {
		List<Arguments> cases = new ArrayList<>();
		for (Endpoint endpoint : ENDPOINTS) {
			cases.add(Arguments.of(endpoint, "anonymous"));
			for (String user : List.of("viewer", "operator", "approver", "admin")) {
				cases.add(Arguments.of(endpoint, user));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{1} {0}")
	@MethodSource("matrix")
	void eachRoleGetsExactlyItsRights(Endpoint endpoint, String user) {
		RestTestClient client = user.equals("anonymous") ? http : as(user);
		RestTestClient.RequestBodySpec request = client.method(endpoint.method()).uri(endpoint.path());
		RestTestClient.RequestHeadersSpec<?> ready = endpoint.method() == HttpMethod.POST
				|| endpoint.method() == HttpMethod.PUT ? request.contentType(MediaType.APPLICATION_JSON).body("{}")
						: request;
		var result = ready.exchange().returnResult(String.class);
		int status = result.getStatus().value();
		if (user.equals("anonymous")) {
			assertThat(status).as("anonymous %s", endpoint).isEqualTo(401);
			assertThat(result.getResponseBody()).contains("https://tidemark.dev/problems/unauthorized");
		}
		else if (allowed(Role.valueOf(user.toUpperCase()), endpoint.leastRole())) {
			assertThat(status).as("%s %s", user, endpoint).isNotIn(401, 403).isLessThan(500);
		}
		else {
			assertThat(status).as("%s %s", user, endpoint).isEqualTo(403);
			assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(result.getResponseBody()).contains("https://tidemark.dev/problems/forbidden");
		}
	}

	/** The role hierarchy: ADMIN ⊇ OPERATOR, APPROVER ⊇ VIEWER. */
	static boolean allowed(Role role, Role least) {
		Set<Role> implied = switch (role) {
			case ADMIN -> Set.of(Role.ADMIN, Role.OPERATOR, Role.APPROVER, Role.VIEWER);
			case OPERATOR -> Set.of(Role.OPERATOR, Role.VIEWER);
			case APPROVER -> Set.of(Role.APPROVER, Role.VIEWER);
			case VIEWER -> Set.of(Role.VIEWER);
		};
		return implied.contains(least);
	}
}

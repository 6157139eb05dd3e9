package dev.tidemark.security;

import java.util.UUID;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.SmallLoginLimits;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed sign-ins are limited per user name (3 here) and per client address (6 here); past a limit the attempt is a
 * 429 problem with Retry-After, whatever its password, and other names and addresses are unaffected. Each test has
 * its own client addresses (127.0.0.1x) and names, since the limits' state lives as long as the context.
 */
@SmallLoginLimits
class LoginThrottleIntegrationTests extends ApiIntegrationTest {

	private static final String WRONG = "not-the-password";

	@Test
	void wrongPasswordsForOneUserAreThrottledBeforeThePasswordIsChecked() {
		RestTestClient client = from("127.0.0.11");
		for (int i = 0; i < 3; i++) {
			get(client, "approver2", WRONG).expectStatus().isUnauthorized();
		}
		// Over the limit even the right password is refused: it is not checked at all.
		long retryAfter = assertThrottled(get(client, "approver2", PASSWORD));
		assertThat(retryAfter).isBetween(1L, 3600L);
		// The limit is the name's, whatever the address, and names match as the user store does, ignoring case.
		assertThrottled(get(from("127.0.0.12"), "approver2", PASSWORD));
		assertThrottled(get(from("127.0.0.12"), "APPROVER2", WRONG));

		// Other users are not affected, from the same address either (it is at 3 of its 6).
		get(client, "operator", PASSWORD).expectStatus().isOk();
		get(from("127.0.0.12"), "viewer", PASSWORD).expectStatus().isOk();
	}

	@Test
	void theRightPasswordWorksAtOnceForAUserUnderTheLimit() {
		RestTestClient client = from("127.0.0.13");
		get(client, "approver", WRONG).expectStatus().isUnauthorized();
		get(client, "approver", WRONG).expectStatus().isUnauthorized();
		for (int i = 0; i < 5; i++) {
			get(client, "approver", PASSWORD).expectStatus().isOk();
		}
	}

	@Test
	void tooManyFailuresFromOneAddressThrottleEveryNameFromIt() {
		RestTestClient client = from("127.0.0.14");
		// Six different names, one failure each: no name is over its limit, the address is at its limit. One of them
		// is 4,000 characters long: it is refused like any other and kept as a 200-character key.
		get(client, "x".repeat(4000), WRONG).expectStatus().isUnauthorized();
		for (int i = 0; i < 5; i++) {
			get(client, "nobody-" + UUID.randomUUID(), WRONG).expectStatus().isUnauthorized();
		}
		assertThrottled(get(client, "operator", PASSWORD));
		assertThrottled(client.get().uri("/api/v1/targets").header(HttpHeaders.AUTHORIZATION, "Bearer tmk_whatever")
			.exchange());
		// Requests without credentials are not sign-in attempts: still the usual 401.
		client.get().uri("/api/v1/targets").exchange().expectStatus().isUnauthorized();

		get(from("127.0.0.15"), "operator", PASSWORD).expectStatus().isOk();
	}

	@Test
	void refusedBearerTokensCountAgainstTheirAddress() {
		RestTestClient client = from("127.0.0.16");
		for (int i = 0; i < 6; i++) {
			client.get().uri("/api/v1/targets").header(HttpHeaders.AUTHORIZATION, "Bearer tmk_made-up-" + i)
				.exchange()
				.expectStatus().isUnauthorized();
		}
		assertThrottled(client.get().uri("/api/v1/targets")
			.header(HttpHeaders.AUTHORIZATION, "Bearer tmk_made-up-7").exchange());
		assertThrottled(get(client, "viewer", PASSWORD));
		get(from("127.0.0.17"), "viewer", PASSWORD).expectStatus().isOk();
	}

	private static RestTestClient.ResponseSpec get(RestTestClient client, String user, String password) {
		return client.get().uri("/api/v1/targets").header(HttpHeaders.AUTHORIZATION, basicHeader(user, password))
			.exchange();
	}

	/** Asserts a 429 problem with a Retry-After in seconds, and returns it. */
	private static long assertThrottled(RestTestClient.ResponseSpec response) {
		var result = response.expectStatus().isEqualTo(429)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class).returnResult();
		assertThat(result.getResponseBody()).contains("\"type\":\"https://tidemark.dev/problems/too-many-requests\"")
			.contains("\"status\":429");
		String retryAfter = result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER);
		assertThat(retryAfter).as("Retry-After").isNotNull().matches("[1-9][0-9]*");
		return Long.parseLong(retryAfter);
	}
}

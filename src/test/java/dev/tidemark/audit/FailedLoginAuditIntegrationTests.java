package dev.tidemark.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.audit.internal.FailedLoginAggregator;
import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.SmallLoginLimits;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed and throttled sign-ins become one {@code login.failed} event per name, client address and window, with
 * counts, written when the aggregator flushes (called here, instead of waiting for the window to end). Same
 * context as LoginThrottleIntegrationTests (3 failures per name, 6 per address); addresses 127.0.0.2x are this
 * class's.
 */
@SmallLoginLimits
class FailedLoginAuditIntegrationTests extends ApiIntegrationTest {

	private static final String WRONG = "wrong-password-never-stored";

	@Autowired
	FailedLoginAggregator failedLogins;

	@Autowired
	JdbcClient store;

	@Test
	void failuresAndThrottledAttemptsAreOneEventPerNameAndAddressWithCounts() {
		String name = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
		RestTestClient first = from("127.0.0.21");
		for (int i = 0; i < 3; i++) {
			get(first, name, WRONG).expectStatus().isUnauthorized();
		}
		get(first, name, WRONG).expectStatus().isEqualTo(429);
		get(first, name, WRONG).expectStatus().isEqualTo(429);
		get(from("127.0.0.22"), name, WRONG).expectStatus().isEqualTo(429);
		failedLogins.flush();

		List<Map<?, ?>> events = items(as("viewer").get()
			.uri("/api/v1/audit-events?action=login.failed&actor={name}&size=100", name)
			.exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody());
		// Normally one event per address; two if the 5-minute window turned while the test ran.
		List<Map<?, ?>> fromFirst = events.stream().filter(e -> "127.0.0.21".equals(e.get("remoteAddress"))).toList();
		List<Map<?, ?>> fromSecond = events.stream().filter(e -> "127.0.0.22".equals(e.get("remoteAddress"))).toList();
		assertThat(fromFirst.size() + fromSecond.size()).isEqualTo(events.size());
		assertThat(sum(fromFirst, "count")).isEqualTo(3);
		assertThat(sum(fromFirst, "throttled")).isEqualTo(2);
		assertThat(sum(fromSecond, "count")).isZero();
		assertThat(sum(fromSecond, "throttled")).isEqualTo(1);
		Map<?, ?> event = fromFirst.get(0);
		assertThat(event.get("outcome")).isEqualTo("FAILED");
		assertThat(event.get("actorKind")).isEqualTo("USER");
		assertThat(event.get("onBehalfOf")).isEqualTo(name);
		Map<?, ?> detail = (Map<?, ?>) event.get("detail");
		assertThat(detail.get("method")).isEqualTo("basic");
		assertThat(detail.get("reason")).isEqualTo("BadCredentialsException");
		assertThat(detail.get("windowStart")).isNotNull();
		assertThat(detail.get("windowEnd")).isNotNull();
		assertThat(store.sql("SELECT count(*) FROM audit_event WHERE row_to_json(audit_event)::text LIKE ?")
			.param("%" + WRONG + "%").query(Long.class).single()).isZero();

		// Flushed counts are gone from memory: a second flush writes nothing more for this name.
		failedLogins.flush();
		assertThat(count(name)).isEqualTo(events.size());
	}

	@Test
	void aLongNameIsCutAndAThrottledAddressAddsToOneCountWhateverNamesItTries() {
		RestTestClient client = from("127.0.0.23");
		String longName = "y".repeat(4000);
		get(client, longName, WRONG).expectStatus().isUnauthorized();
		for (int i = 0; i < 5; i++) {
			get(client, "spray-" + UUID.randomUUID(), WRONG).expectStatus().isUnauthorized();
		}
		// The address is at its limit: random names now add to one count for the address, not a row each.
		for (int i = 0; i < 4; i++) {
			get(client, "spray-" + UUID.randomUUID(), WRONG).expectStatus().isEqualTo(429);
		}
		client.get().uri("/api/v1/targets").header(HttpHeaders.AUTHORIZATION, "Bearer tmk_made-up")
			.exchange().expectStatus().isEqualTo(429);
		failedLogins.flush();

		List<String> actors = store.sql("""
				SELECT actor FROM audit_event WHERE action = 'login.failed' AND remote_address = '127.0.0.23'""")
			.query(String.class).list();
		assertThat(actors).hasSizeBetween(1 + 5 + 2, 2 * (1 + 5 + 2));
		assertThat(actors).allSatisfy(actor -> assertThat(actor.length()).isLessThanOrEqualTo(201));
		assertThat(actors).contains("y".repeat(200) + "…");
		assertThat(store.sql("""
				SELECT coalesce(sum((detail->>'throttled')::int), 0) FROM audit_event
				 WHERE action = 'login.failed' AND remote_address = '127.0.0.23' AND actor = '(any)'""")
			.query(Long.class).single()).isEqualTo(4);
		assertThat(store.sql("""
				SELECT coalesce(sum((detail->>'throttled')::int), 0) FROM audit_event
				 WHERE action = 'login.failed' AND remote_address = '127.0.0.23' AND actor = 'token:(any)'
				   AND actor_kind = 'TOKEN'""")
			.query(Long.class).single()).isEqualTo(1);
	}

	private long count(String actor) {
		return store.sql("SELECT count(*) FROM audit_event WHERE action = 'login.failed' AND actor = ?").param(actor)
			.query(Long.class).single();
	}

	private static RestTestClient.ResponseSpec get(RestTestClient client, String user, String password) {
		return client.get().uri("/api/v1/targets").header(HttpHeaders.AUTHORIZATION, basicHeader(user, password))
			.exchange();
	}

	private static long sum(List<Map<?, ?>> events, String member) {
		return events.stream().mapToLong(e -> ((Number) ((Map<?, ?>) e.get("detail")).get(member)).longValue()).sum();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<?, ?>> items(Map<?, ?> page) {
		return (List<Map<?, ?>>) page.get("items");
	}
}

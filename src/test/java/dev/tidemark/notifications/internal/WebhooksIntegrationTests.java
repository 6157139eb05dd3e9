package dev.tidemark.notifications.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.tidemark.remediation.RemediationEvent;
import javax.sql.DataSource;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.ConcurrentWriters;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Webhooks end to end against the real store and a local HTTP receiver: scans and remediation steps become signed
 * deliveries; failures are retried with backoff, logged, and disable a subscription after the threshold (audited).
 */
class WebhooksIntegrationTests extends ApiIntegrationTest {

	private static final String SECRET = "a-webhook-secret-" + UUID.randomUUID();

	private static final int THRESHOLD = 4;

	@DynamicPropertySource
	static void quickDelivery(DynamicPropertyRegistry registry) {
		registry.add("tidemark.webhooks.dispatch-interval", () -> "50ms");
		registry.add("tidemark.webhooks.dispatch-initial-delay", () -> "0s");
		registry.add("tidemark.webhooks.backoff-base", () -> "20ms");
		registry.add("tidemark.webhooks.backoff-max", () -> "100ms");
		registry.add("tidemark.webhooks.failure-threshold", () -> String.valueOf(THRESHOLD));
		registry.add("tidemark.webhooks.request-timeout", () -> "5s");
		// the defaults plus one loopback address, where a receiver listens that must never be called
		registry.add("tidemark.webhooks.denied-networks",
				() -> "169.254.0.0/16,fe80::/10,fd00:ec2::/32,100.100.100.200/32," + DENIED + "/32");
	}

	private static final String DENIED = "127.0.0.2";

	@Autowired
	JdbcClient store;

	@Autowired
	DataSource dataSource;

	@Autowired
	SubscriptionRepository subscriptionRepository;

	@Autowired
	DeliveryStore deliveryStore;

	@Autowired
	JsonMapper json;

	@Autowired
	WebhookDispatcher dispatcher;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeliveryPruner pruner;

	private WebhookReceiver receiver;

	@BeforeEach
	void receiver() throws Exception {
		receiver = new WebhookReceiver();
	}

	@AfterEach
	void stop() {
		receiver.close();
	}

	@Test
	void findingAndGateEventsArriveSignedAndVerifiable() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("webhook_findings");
		String targetId = registerTarget(db, "webhooks");
		Map<?, ?> generic = subscribe(Map.of("url", receiver.url("/ok/generic"), "events",
				List.of("finding.opened", "finding.resolved", "finding.reopened", "gate.changed"), "targetId",
				targetId, "secret", SECRET));
		subscribe(Map.of("url", receiver.url("/ok/slack"), "events", List.of("finding.opened"), "targetId", targetId,
				"secret", SECRET, "format", "slack"));
		assertThat(generic.containsKey("secret")).isFalse();
		assertThat(generic.get("enabled")).isEqualTo(true);
		assertThat(store.sql("SELECT secret FROM webhook_subscription WHERE id = ?::uuid").param(generic.get("id"))
			.query(String.class).single()).doesNotContain(SECRET);

		execute(db, "CREATE TABLE probe_hook (id int PRIMARY KEY)");
		scan(targetId);
		waitUntil(() -> types("/ok/generic").containsAll(List.of("finding.opened", "gate.changed")));
		waitUntil(() -> receiver.at("/ok/slack").size() == 1);

		WebhookReceiver.Received opened = only("/ok/generic", "finding.opened");
		verifySignature(opened);
		Map<?, ?> body = json.readValue(opened.body(), Map.class);
		assertThat((Object) body.get("id")).isEqualTo(opened.header("Tidemark-Event-Id"));
		assertThat(body.get("targetId")).isEqualTo(targetId);
		Map<?, ?> data = (Map<?, ?>) body.get("data");
		assertThat(data.get("count")).isEqualTo(1);
		Map<?, ?> finding = (Map<?, ?>) ((List<?>) data.get("findings")).get(0);
		assertThat(finding.get("ruleId")).isEqualTo("test-probe-table");
		assertThat(finding.get("object")).asString().contains("probe_hook");
		Map<?, ?> gate = (Map<?, ?>) json.readValue(only("/ok/generic", "gate.changed").body(), Map.class).get("data");
		assertThat(gate.get("passed")).isEqualTo(false);

		WebhookReceiver.Received slack = receiver.at("/ok/slack").get(0);
		verifySignature(slack);
		assertThat(json.readValue(slack.body(), Map.class).get("text")).asString()
			.contains("1 new finding(s)", "test-probe-table", "probe_hook");

		execute(db, "DROP TABLE probe_hook");
		scan(targetId);
		waitUntil(() -> types("/ok/generic").contains("finding.resolved")
				&& types("/ok/generic").stream().filter("gate.changed"::equals).count() == 2);
		execute(db, "CREATE TABLE probe_hook (id int PRIMARY KEY)");
		scan(targetId);
		waitUntil(() -> types("/ok/generic").contains("finding.reopened"));
		verifySignature(only("/ok/generic", "finding.reopened"));

		// the delivery log has one successful attempt per event, newest first
		Map<?, ?> log = deliveries(generic.get("id"));
		List<?> attempts = (List<?>) log.get("items");
		assertThat(attempts).hasSize(receiver.at("/ok/generic").size());
		assertThat(attempts).allSatisfy(a -> {
			assertThat(((Map<?, ?>) a).get("succeeded")).isEqualTo(true);
			assertThat(((Map<?, ?>) a).get("statusCode")).isEqualTo(200);
		});
		// the last scan reopened the finding and failed the gate again: both events, in either order
		assertThat(attempts.subList(0, 2)).extracting(a -> (Object) ((Map<?, ?>) a).get("eventType"))
			.containsExactlyInAnyOrder("finding.reopened", "gate.changed");
	}

	@Test
	void slackTextShowsInterpolatedMarkupLiterallyAndKeepsItsOwn() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("webhook_slack_markup");
		String targetId = registerTarget(db, "webhooks");
		String findingsPath = "/ok/" + UUID.randomUUID();
		String remediationPath = "/ok/" + UUID.randomUUID();
		subscribe(Map.of("url", receiver.url(findingsPath), "events", List.of("finding.opened"), "targetId", targetId,
				"secret", SECRET, "format", "slack"));
		subscribe(Map.of("url", receiver.url(remediationPath), "events", List.of("remediation.failed"), "targetId",
				targetId, "secret", SECRET, "format", "slack"));

		execute(db, "CREATE TABLE \"probe_<!channel> <https://evil.example|re-login here>\" (id int PRIMARY KEY)");
		scan(targetId);
		publish(new RemediationEvent(UUID.randomUUID(), UUID.fromString(targetId), "execute", "<@U123> & co",
				"FAILED", "<!here> see <https://evil.example|the fix>"));
		waitUntil(() -> receiver.at(findingsPath).size() == 1 && receiver.at(remediationPath).size() == 1);

		for (String text : slackTexts(receiver.at(findingsPath).get(0))) {
			assertThat(text).contains("probe_&lt;!channel&gt; &lt;https://evil.example|re-login here&gt;")
				.doesNotContain("<").startsWith("[Tidemark] 1 new finding(s) on *webhooks-");
		}
		for (String text : slackTexts(receiver.at(remediationPath).get(0))) {
			assertThat(text).endsWith("failed by &lt;@U123&gt; &amp; co: &lt;!here&gt; see "
					+ "&lt;https://evil.example|the fix&gt;").doesNotContain("<");
		}
	}

	/** The top-level text and the section's mrkdwn text of a Slack body. */
	private List<String> slackTexts(WebhookReceiver.Received slack) {
		Map<?, ?> body = json.readValue(slack.body(), Map.class);
		Map<?, ?> section = (Map<?, ?>) ((List<?>) body.get("blocks")).get(0);
		Map<?, ?> sectionText = (Map<?, ?>) section.get("text");
		assertThat(sectionText.get("type")).isEqualTo("mrkdwn");
		return List.of((String) body.get("text"), (String) sectionText.get("text"));
	}

	@Test
	void aReceiverThatFailsTwiceGetsTheEventOnTheThirdAttempt() throws Exception {
		String path = "/fail-2/" + UUID.randomUUID();
		String targetId = registerTarget(TestPostgres.newDatabase("webhook_retry"), "webhooks");
		Map<?, ?> hook = subscribe(Map.of("url", receiver.url(path), "events", List.of("remediation.proposed"),
				"targetId", targetId, "secret", SECRET));
		UUID remediationId = UUID.randomUUID();
		publish(new RemediationEvent(remediationId, UUID.fromString(targetId), "propose", "operator", "PROPOSED",
				null));

		waitUntil(() -> receiver.at(path).stream().anyMatch(r -> r.answeredWith() == 200));
		List<WebhookReceiver.Received> got = receiver.at(path);
		assertThat(got).extracting(WebhookReceiver.Received::answeredWith).containsExactly(500, 500, 200);
		// the same event each time, signed each time
		assertThat(got.stream().map(r -> r.header("Tidemark-Event-Id")).distinct()).hasSize(1);
		got.forEach(WebhooksIntegrationTests::verifySignature);
		assertThat(json.readValue(got.get(2).body(), Map.class).get("data")).asString()
			.contains(remediationId.toString());

		List<?> attempts = (List<?>) deliveries(hook.get("id")).get("items");
		assertThat(attempts).extracting(a -> (Object) ((Map<?, ?>) a).get("attempt")).containsExactly(3, 2, 1);
		assertThat(attempts).extracting(a -> (Object) ((Map<?, ?>) a).get("statusCode")).containsExactly(200, 500, 500);
		assertThat(((Map<?, ?>) attempts.get(1)).get("error")).isEqualTo("HTTP 500");
		Map<?, ?> after = get(hook.get("id"));
		assertThat(after.get("enabled")).isEqualTo(true);
		assertThat(after.get("consecutiveFailures")).isEqualTo(0);
	}

	@Test
	void aSubscriptionIsDisabledAfterTheThresholdAuditedAndResumesWhenReEnabled() throws Exception {
		String path = "/down/" + UUID.randomUUID();
		String targetId = registerTarget(TestPostgres.newDatabase("webhook_disable"), "webhooks");
		Map<?, ?> hook = subscribe(Map.of("url", receiver.url(path), "events", List.of("remediation.failed"),
				"targetId", targetId, "secret", SECRET));
		publish(new RemediationEvent(UUID.randomUUID(), UUID.fromString(targetId), "execute", "operator", "FAILED",
				"lock timeout"));

		waitUntil(() -> get(hook.get("id")).get("enabled").equals(false));
		Map<?, ?> disabled = get(hook.get("id"));
		assertThat(disabled.get("consecutiveFailures")).isEqualTo(THRESHOLD);
		assertThat(disabled.get("disabledReason")).asString().contains("HTTP 503");
		assertThat(receiver.at(path)).hasSize(THRESHOLD);
		List<?> audited = (List<?>) as("viewer").get()
			.uri("/api/v1/audit-events?action=webhook.disable&actor=tidemark&size=100").exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("items");
		assertThat(audited).anySatisfy(e -> {
			assertThat(((Map<?, ?>) e).get("objectId")).isEqualTo(hook.get("id"));
			assertThat(((Map<?, ?>) ((Map<?, ?>) e).get("detail")).get("host")).isEqualTo("127.0.0.1");
		});

		// re-enabled at a receiver that works, the pending delivery goes out
		String okPath = "/ok/" + UUID.randomUUID();
		Map<?, ?> reEnabled = as("admin").patch().uri("/api/v1/webhooks/{id}", hook.get("id"))
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("enabled", true, "url", receiver.url(okPath)))
			.exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
		assertThat(reEnabled.get("consecutiveFailures")).isEqualTo(0);
		assertThat(reEnabled.get("disabledReason")).isNull();
		waitUntil(() -> receiver.at(okPath).size() == 1);
		assertThat(receiver.at(okPath).get(0).header("Tidemark-Event")).isEqualTo("remediation.failed");
	}

	@Test
	void deletingASubscriptionWhileItsDeliveryIsInFlightHoldsUpNoOtherDelivery() throws Exception {
		String targetId = registerTarget(TestPostgres.newDatabase("webhook_delete_in_flight"), "webhooks");
		// both wait at the receiver: whichever the run sends first is held there while its subscription is deleted
		Map<String, Object> hooks = new HashMap<>();
		for (String name : List.of("a", "b")) {
			String path = "/held/" + name + "/" + UUID.randomUUID();
			hooks.put(path, subscribe(Map.of("url", receiver.url(path), "events", List.of("remediation.executed"),
					"targetId", targetId, "secret", SECRET)).get("id"));
		}
		publish(new RemediationEvent(UUID.randomUUID(), UUID.fromString(targetId), "execute", "operator", "APPLIED",
				null));

		String heldPath = receiver.awaitHeld();
		Object deleted = hooks.remove(heldPath);
		Object other = hooks.values().iterator().next();
		as("admin").delete().uri("/api/v1/webhooks/{id}", deleted).exchange().expectStatus().isNoContent();
		receiver.releaseHeld();

		// the other delivery goes out in the same run, not when its lease (2 min) ends
		waitUntil(() -> "DELIVERED".equals(deliveryStatus(other)));
		assertThat(store.sql("SELECT attempts FROM webhook_delivery WHERE subscription_id = ?::uuid").param(other)
			.query(Integer.class).single()).isEqualTo(1);
		assertThat((List<?>) deliveries(other).get("items")).singleElement()
			.satisfies(a -> assertThat(((Map<?, ?>) a).get("attempt")).isEqualTo(1));
		assertThat(rows("webhook_attempt", deleted)).isZero();
	}

	@Test
	void aSubscriptionDisabledMidBatchGetsNoMoreOfItAndItsOtherDeliveriesWait() throws Exception {
		String path = "/down/" + UUID.randomUUID();
		String targetId = registerTarget(TestPostgres.newDatabase("webhook_disable_batch"), "webhooks");
		Map<?, ?> hook = subscribe(Map.of("url", receiver.url(path), "events", List.of("remediation.rejected"),
				"targetId", targetId, "secret", SECRET));
		int pending = THRESHOLD + 3;
		// committed together: one run claims them all
		transactions.executeWithoutResult(tx -> {
			for (int i = 0; i < pending; i++) {
				events.publishEvent(new RemediationEvent(UUID.randomUUID(), UUID.fromString(targetId), "reject",
						"approver", "REJECTED", "no"));
			}
		});

		// the run is over once every claimed attempt is either logged or handed back
		waitUntil(() -> get(hook.get("id")).get("enabled").equals(false)
				&& store.sql("SELECT sum(attempts) FROM webhook_delivery WHERE subscription_id = ?::uuid")
					.param(hook.get("id")).query(Long.class).single() == rows("webhook_attempt", hook.get("id")));
		assertThat(receiver.at(path)).hasSize(THRESHOLD);
		assertThat(rows("webhook_attempt", hook.get("id"))).isEqualTo(THRESHOLD);
		assertThat(get(hook.get("id")).get("consecutiveFailures")).isEqualTo(THRESHOLD);
		assertThat(store.sql("SELECT attempts FROM webhook_delivery WHERE subscription_id = ?::uuid AND status = "
				+ "'PENDING' ORDER BY attempts").param(hook.get("id")).query(Integer.class).list())
			.as("the handed back ones are not counted as attempts")
			.isEqualTo(Stream.concat(Collections.nCopies(pending - THRESHOLD, 0).stream(),
					Collections.nCopies(THRESHOLD, 1).stream()).toList());
	}

	private String deliveryStatus(Object subscriptionId) {
		return store.sql("SELECT status FROM webhook_delivery WHERE subscription_id = ?::uuid").param(subscriptionId)
			.query(String.class).single();
	}

	@Test
	void redirectsAreNotFollowed() throws Exception {
		String path = "/redirect/" + UUID.randomUUID();
		String targetId = registerTarget(TestPostgres.newDatabase("webhook_redirect"), "webhooks");
		Map<?, ?> hook = subscribe(Map.of("url", receiver.url(path), "events", List.of("remediation.stale"),
				"targetId", targetId, "secret", SECRET));
		publish(new RemediationEvent(UUID.randomUUID(), UUID.fromString(targetId), "execute", "operator", "STALE",
				"catalog changed"));

		waitUntil(() -> ((List<?>) deliveries(hook.get("id")).get("items")).size() >= 2);
		Map<?, ?> first = (Map<?, ?>) ((List<?>) deliveries(hook.get("id")).get("items")).getLast();
		assertThat(first.get("statusCode")).isEqualTo(302);
		assertThat(first.get("succeeded")).isEqualTo(false);
		assertThat(first.get("error")).asString().contains("redirect not followed");
		assertThat(receiver.at("/ok/redirected")).isEmpty();
		as("admin").delete().uri("/api/v1/webhooks/{id}", hook.get("id")).exchange().expectStatus().isNoContent();
		assertThat(rows("webhook_delivery", hook.get("id"))).isZero();
	}

	@Test
	void aHostThatNowResolvesIntoADeniedNetworkIsNotCalled() throws Exception {
		String targetId = registerTarget(TestPostgres.newDatabase("webhook_denied"), "webhooks");
		Map<?, ?> hook = subscribe(Map.of("url", receiver.url("/rebound"), "events", List.of("remediation.verified"),
				"targetId", targetId, "secret", SECRET));
		try (WebhookReceiver denied = new WebhookReceiver(DENIED)) {
			as("admin").patch().uri("/api/v1/webhooks/{id}", hook.get("id")).contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("url", denied.url("/rebound"))).exchange().expectStatus().isBadRequest()
				.expectBody().jsonPath("$.errors[0].message").value(m -> assertThat((String) m)
					.contains("resolves to " + DENIED + ", in " + DENIED + "/32"));
			// as if its name now answered with a denied address (DNS rebinding): checked before each delivery
			store.sql("UPDATE webhook_subscription SET url = ? WHERE id = ?").params(denied.url("/rebound"),
					UUID.fromString((String) hook.get("id"))).update();
			publish(new RemediationEvent(UUID.randomUUID(), UUID.fromString(targetId), "verify", "operator",
					"VERIFIED", null));

			waitUntil(() -> !((List<?>) deliveries(hook.get("id")).get("items")).isEmpty());
			// every attempt (retries follow with backoff) refused before connecting, and counted as a failure
			assertThat((List<?>) deliveries(hook.get("id")).get("items")).allSatisfy(a -> {
				assertThat(((Map<?, ?>) a).get("succeeded")).isEqualTo(false);
				assertThat(((Map<?, ?>) a).get("statusCode")).isNull();
				assertThat(((Map<?, ?>) a).get("error")).isEqualTo("not sent: host '" + DENIED + "' resolves to "
						+ DENIED + ", in " + DENIED + "/32 (tidemark.webhooks.denied-networks)");
			});
			assertThat((Integer) get(hook.get("id")).get("consecutiveFailures")).isPositive();
			assertThat(denied.received).isEmpty();
		}
	}

	@Test
	void aHostThatDoesNotResolveIsNotSentAndTheLogSaysSo() {
		String targetId = registerTarget(TestPostgres.newDatabase("webhook_unresolved"), "webhooks");
		Map<?, ?> hook = subscribe(Map.of("url", "http://no-such-host.invalid/hook", "events",
				List.of("remediation.verified"), "targetId", targetId, "secret", SECRET));
		publish(new RemediationEvent(UUID.randomUUID(), UUID.fromString(targetId), "verify", "operator", "VERIFIED",
				null));

		waitUntil(() -> !((List<?>) deliveries(hook.get("id")).get("items")).isEmpty());
		assertThat((List<?>) deliveries(hook.get("id")).get("items")).allSatisfy(a -> {
			assertThat(((Map<?, ?>) a).get("succeeded")).isEqualTo(false);
			assertThat(((Map<?, ?>) a).get("statusCode")).isNull();
			assertThat(((Map<?, ?>) a).get("error")).isEqualTo("not sent: host 'no-such-host.invalid' does not resolve");
		});
	}

	@Test
	void creatingUpdatingAndDeletingASubscriptionIsAuditedWithoutItsSecretOrPath() {
		String newSecret = "another-webhook-secret-" + UUID.randomUUID();
		String pathSecret = UUID.randomUUID().toString(); // a URL's path can be a credential, as Slack's are
		Object id = subscribe(Map.of("url", receiver.url("/audited/" + pathSecret), "events", List.of("scan.failed"),
				"secret", SECRET)).get("id");
		as("admin").patch().uri("/api/v1/webhooks/{id}", id).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("url", "http://localhost:" + receiver.port() + "/audited/" + pathSecret + "/v2", "events",
					List.of("scan.failed", "gate.changed"), "enabled", false))
			.exchange().expectStatus().isOk();
		as("admin").patch().uri("/api/v1/webhooks/{id}", id).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("secret", newSecret)).exchange().expectStatus().isOk();
		as("admin").delete().uri("/api/v1/webhooks/{id}", id).exchange().expectStatus().isNoContent();

		Map<?, ?> created = only(audited("webhook.create", id));
		assertThat(created.get("actor")).isEqualTo("admin");
		assertThat(created.get("onBehalfOf")).isEqualTo("admin");
		assertThat(created.get("objectType")).isEqualTo("webhook");
		assertThat(created.get("outcome")).isEqualTo("SUCCEEDED");
		assertThat((Map<?, ?>) created.get("detail")).isEqualTo(Map.of("host", "127.0.0.1", "events",
				List.of("scan.failed"), "format", "generic", "enabled", true));

		List<Map<?, ?>> updates = audited("webhook.update", id);
		assertThat(updates).hasSize(2).allSatisfy(u -> assertThat(u.get("actor")).isEqualTo("admin"));
		Map<?, ?> secretChange = (Map<?, ?>) updates.get(0).get("detail");
		assertThat(secretChange.get("secretChanged")).isEqualTo(true);
		assertThat(secretChange.get("urlChanged")).isEqualTo(false);
		assertThat(secretChange.containsKey("changes")).isFalse();
		Map<?, ?> urlChange = (Map<?, ?>) updates.get(1).get("detail");
		assertThat(urlChange.get("secretChanged")).isEqualTo(false);
		assertThat(urlChange.get("urlChanged")).isEqualTo(true);
		assertThat((Map<?, ?>) urlChange.get("changes")).isEqualTo(Map.of(
				"host", Map.of("from", "127.0.0.1", "to", "localhost"),
				"events", Map.of("from", List.of("scan.failed"), "to", List.of("scan.failed", "gate.changed")),
				"enabled", Map.of("from", true, "to", false)));

		Map<?, ?> deleted = only(audited("webhook.delete", id));
		assertThat(deleted.get("actor")).isEqualTo("admin");
		assertThat(((Map<?, ?>) deleted.get("detail")).get("host")).isEqualTo("localhost");
		assertThat(store.sql("SELECT row_to_json(audit_event)::text FROM audit_event WHERE object_id = ?")
			.param(id.toString()).query(String.class).list()).hasSize(4)
			.noneMatch(row -> row.contains(SECRET) || row.contains(newSecret) || row.contains(pathSecret));
	}

	/** The audit events of one action on one subscription, newest first. */
	private List<Map<?, ?>> audited(String action, Object subscriptionId) {
		List<?> items = (List<?>) as("viewer").get().uri("/api/v1/audit-events?action={action}&size=100", action)
			.exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("items");
		return items.stream().<Map<?, ?>>map(e -> (Map<?, ?>) e).filter(e -> subscriptionId.equals(e.get("objectId")))
			.toList();
	}

	private static Map<?, ?> only(List<Map<?, ?>> events) {
		assertThat(events).hasSize(1);
		return events.get(0);
	}

	@Test
	void badSubscriptionsAreRejectedWithProblemDetailsAndNothingIsStored() {
		long before = store.sql("SELECT count(*) FROM webhook_subscription").query(Long.class).single();
		Map<String, Object> valid = Map.of("url", "https://hooks.example.com/x", "events", List.of("scan.failed"),
				"secret", SECRET);
		for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(Map.entry("url", (Object) "ftp://hooks.example.com/x"),
				Map.entry("url", "https://user:password@hooks.example.com/x"), Map.entry("url", "not a url"),
				Map.entry("url", "https:///no-host"), Map.entry("url", "http://169.254.169.254/latest/meta-data"),
				Map.entry("events", List.of("finding.exploded")),
				Map.entry("events", List.of()), Map.entry("secret", "short"), Map.entry("format", "teams"),
				Map.entry("targetId", UUID.randomUUID().toString()))) {
			Map<String, Object> body = new HashMap<>(valid);
			body.put(bad.getKey(), bad.getValue());
			as("admin").post().uri("/api/v1/webhooks").contentType(MediaType.APPLICATION_JSON).body(body).exchange()
				.expectStatus().isBadRequest()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.type").exists();
		}
		as("operator").post().uri("/api/v1/webhooks").contentType(MediaType.APPLICATION_JSON).body(valid).exchange()
			.expectStatus().isForbidden();
		as("viewer").get().uri("/api/v1/webhooks").exchange().expectStatus().isForbidden();
		assertThat(store.sql("SELECT count(*) FROM webhook_subscription").query(Long.class).single()).isEqualTo(before);

		Map<?, ?> created = subscribe(valid);
		as("admin").patch().uri("/api/v1/webhooks/{id}", created.get("id")).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("url", "gopher://hooks.example.com")).exchange()
			.expectStatus().isBadRequest();
		assertThat(get(created.get("id")).get("url")).isEqualTo("https://hooks.example.com/x");
		as("admin").delete().uri("/api/v1/webhooks/{id}", created.get("id")).exchange().expectStatus().isNoContent();
		as("admin").get().uri("/api/v1/webhooks/{id}", created.get("id")).exchange().expectStatus().isNotFound();
	}

	@Test
	void aPortOutOfRangeIsAValidationErrorOnTheUrlAndNothingIsStored() {
		long before = store.sql("SELECT count(*) FROM webhook_subscription").query(Long.class).single();
		for (String url : List.of("http://127.0.0.1:99999/x", "http://127.0.0.1:70000/x",
				"https://hooks.example.com:0/x")) {
			as("admin").post().uri("/api/v1/webhooks").contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("url", url, "events", List.of("scan.failed"), "secret", SECRET)).exchange()
				.expectStatus().isBadRequest()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.type").isEqualTo("https://tidemark.dev/problems/validation-error")
				.jsonPath("$.errors[0].field").isEqualTo("url")
				.jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("out of range"));
		}
		assertThat(store.sql("SELECT count(*) FROM webhook_subscription").query(Long.class).single()).isEqualTo(before);

		Map<?, ?> created = subscribe(Map.of("url", receiver.url("/port"), "events", List.of("scan.failed"), "secret",
				SECRET));
		as("admin").patch().uri("/api/v1/webhooks/{id}", created.get("id")).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("url", "http://127.0.0.1:65536/x")).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("url");
		assertThat(get(created.get("id")).get("url")).isEqualTo(receiver.url("/port"));
		// the top of the range is a port
		as("admin").patch().uri("/api/v1/webhooks/{id}", created.get("id")).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("url", "http://127.0.0.1:65535/x")).exchange()
			.expectStatus().isOk();
	}

	@Test
	void twoDispatchersNeverSendOneDeliveryAtTheSameTime() throws Exception {
		String path = "/ok/" + UUID.randomUUID();
		String targetId = registerTarget(TestPostgres.newDatabase("webhook_race"), "webhooks");
		subscribe(Map.of("url", receiver.url(path), "events", List.of("remediation.approved"), "targetId", targetId,
				"secret", SECRET));
		int count = 60;
		transactions.executeWithoutResult(tx -> {
			for (int i = 0; i < count; i++) {
				events.publishEvent(new RemediationEvent(UUID.randomUUID(), UUID.fromString(targetId), "approve",
						"approver", "APPROVED", "ok"));
			}
		});

		ExecutorService pool = Executors.newFixedThreadPool(2);
		CountDownLatch start = new CountDownLatch(1);
		Callable<List<UUID>> replica = () -> {
			start.await();
			List<UUID> claimed = new ArrayList<>();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (receiver.at(path).size() < count && System.nanoTime() < deadline) {
				claimed.addAll(dispatcher.dispatchOnce());
			}
			return claimed;
		};
		Future<List<UUID>> first = pool.submit(replica);
		Future<List<UUID>> second = pool.submit(replica);
		start.countDown();
		Set<UUID> a = new HashSet<>(first.get(60, TimeUnit.SECONDS));
		Set<UUID> b = new HashSet<>(second.get(60, TimeUnit.SECONDS));
		pool.shutdown();

		assertThat(a).doesNotContainAnyElementsOf(b);
		Map<String, Long> perEvent = receiver.at(path).stream()
			.collect(Collectors.groupingBy(r -> r.header("Tidemark-Event-Id"), Collectors.counting()));
		assertThat(perEvent).hasSize(count);
		assertThat(perEvent.values()).containsOnly(1L);
	}

	@Test
	void aFailedScanIsAnnouncedAndAnEventWhoseTransactionRollsBackIsNot() throws Exception {
		TestPostgres.Database db = TestPostgres.newDatabase("webhook_scan_failed");
		String targetId = registerTarget(db, "webhooks");
		String path = "/ok/" + UUID.randomUUID();
		Map<?, ?> hook = subscribe(Map.of("url", receiver.url(path), "events",
				List.of("scan.failed", "remediation.proposed"), "targetId", targetId, "secret", SECRET));
		execute(db, "CREATE TABLE probe_explode (id int PRIMARY KEY)"); // the probe rule throws: the scan fails
		as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange().expectStatus().isCreated()
			.expectBody(Map.class).value(scan -> assertThat(scan.get("status")).isEqualTo("FAILED"));

		waitUntil(() -> receiver.at(path).size() == 1);
		Map<?, ?> data = (Map<?, ?>) json.readValue(receiver.at(path).get(0).body(), Map.class).get("data");
		assertThat(data.get("errorCode")).isEqualTo("rule-failed");
		assertThat(data.get("requestedBy")).isEqualTo("operator");

		// the outbox row is part of the publisher's transaction: rolled back with it, never sent
		transactions.executeWithoutResult(tx -> {
			events.publishEvent(new RemediationEvent(UUID.randomUUID(), UUID.fromString(targetId), "propose",
					"operator", "PROPOSED", null));
			assertThat(rows("webhook_delivery", hook.get("id"))).isEqualTo(2);
			tx.setRollbackOnly();
		});
		assertThat(rows("webhook_delivery", hook.get("id"))).isEqualTo(1);
	}

	@Test
	void deliveredRowsPastTheRetentionArePrunedAndPendingOnesStay() {
		String targetId = registerTarget(TestPostgres.newDatabase("webhook_prune"), "webhooks");
		String okPath = "/ok/" + UUID.randomUUID();
		Map<?, ?> delivered = subscribe(Map.of("url", receiver.url(okPath), "events", List.of("remediation.rejected"),
				"targetId", targetId, "secret", SECRET));
		Map<?, ?> failing = subscribe(Map.of("url", receiver.url("/down/" + UUID.randomUUID()), "events",
				List.of("remediation.rejected"), "targetId", targetId, "secret", SECRET));
		publish(new RemediationEvent(UUID.randomUUID(), UUID.fromString(targetId), "reject", "approver", "REJECTED",
				"not now"));
		waitUntil(() -> ((List<?>) deliveries(delivered.get("id")).get("items")).size() == 1);
		store.sql("UPDATE webhook_delivery SET delivered_at = delivered_at - interval '31 days' "
				+ "WHERE subscription_id = ?::uuid").param(delivered.get("id")).update();

		assertThat(pruner.prune()).isGreaterThanOrEqualTo(1);
		assertThat(rows("webhook_delivery", delivered.get("id"))).isZero();
		assertThat(rows("webhook_attempt", delivered.get("id"))).isZero();
		assertThat(rows("webhook_delivery", failing.get("id"))).isEqualTo(1);
	}

	private long rows(String table, Object subscriptionId) {
		return store.sql("SELECT count(*) FROM " + table + " WHERE subscription_id = ?::uuid").param(subscriptionId)
			.query(Long.class).single();
	}

	private static void verifySignature(WebhookReceiver.Received r) {
		String header = r.header("Tidemark-Signature");
		assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
		String timestamp = header.substring(2, header.indexOf(','));
		String v1 = header.substring(header.indexOf("v1=") + 3);
		assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(300);
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8),
					"HmacSHA256"));
			String expected = java.util.HexFormat.of()
				.formatHex(mac.doFinal((timestamp + "." + r.body()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
			assertThat(v1).isEqualTo(expected);
		}
		catch (java.security.GeneralSecurityException e) {
			throw new AssertionError(e);
		}
	}

	private void publish(Object event) {
		transactions.executeWithoutResult(tx -> events.publishEvent(event));
	}

	private List<String> types(String path) {
		return receiver.at(path).stream().map(r -> r.header("Tidemark-Event")).toList();
	}

	private WebhookReceiver.Received only(String path, String type) {
		List<WebhookReceiver.Received> matching = receiver.at(path).stream()
			.filter(r -> type.equals(r.header("Tidemark-Event"))).toList();
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

	@Test
	void ofTwoConcurrentEditsOfASubscriptionTheFirstWinsAndTheSecondIsAConflict() throws Exception {
		Object id = subscribe(Map.of("url", receiver.url("/race"), "events", List.of("scan.failed"), "secret", SECRET))
			.get("id");

		List<EntityExchangeResult<String>> results = ConcurrentWriters.race(dataSource,
				"SELECT 1 FROM webhook_subscription WHERE id = '" + id + "' FOR UPDATE",
				List.of(() -> changeUrl(id, receiver.url("/first")), () -> changeUrl(id, receiver.url("/second"))));

		assertThat(results.get(0).getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(results.get(1).getStatus()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(results.get(1).getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(results.get(1).getResponseBody()).contains("https://tidemark.dev/problems/conflict");
		assertThat(get(id).get("url")).isEqualTo(receiver.url("/first"));
	}

	@Test
	void anEditReadBeforeADeliveryFailureConflictsInsteadOfUndoingIt() {
		UUID id = UUID.fromString((String) subscribe(Map.of("url", receiver.url("/stale"), "events",
				List.of("scan.failed"), "secret", SECRET)).get("id"));
		SubscriptionRow read = subscriptionRepository.findById(id).orElseThrow();

		deliveryStore.subscriptionFailed(id, THRESHOLD, "unused", Instant.now());

		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> subscriptionRepository.save(read));
		assertThat(get(id).get("consecutiveFailures")).as("the failure counted stays").isEqualTo(1);
	}

	private EntityExchangeResult<String> changeUrl(Object id, String url) {
		return as("admin").patch().uri("/api/v1/webhooks/{id}", id).contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("url", url)).exchange().expectBody(String.class).returnResult();
	}

	private Map<?, ?> subscribe(Map<String, Object> body) {
		return as("admin").post().uri("/api/v1/webhooks").contentType(MediaType.APPLICATION_JSON).body(body)
			.exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
	}

	private Map<?, ?> get(Object id) {
		return as("admin").get().uri("/api/v1/webhooks/{id}", id).exchange().expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
	}

	private Map<?, ?> deliveries(Object id) {
		return as("admin").get().uri("/api/v1/webhooks/{id}/deliveries?size=100", id).exchange()
			.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
	}

	private void scan(String targetId) {
		as("operator").post().uri("/api/v1/targets/{id}/scans", targetId).exchange().expectStatus().isCreated()
			.expectBody(Map.class).value(scan -> assertThat(scan.get("status")).isEqualTo("SUCCEEDED"));
	}

	/** Polls {@code condition} every 20 ms for up to 20 s: waits on state, never for a fixed time. */
	private static void waitUntil(BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met within 20 s");
			}
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}

	private static void execute(TestPostgres.Database db, String sql) throws Exception {
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
				Statement st = c.createStatement()) {
			st.execute(sql);
		}
	}
}

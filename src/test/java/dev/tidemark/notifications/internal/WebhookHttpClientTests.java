package dev.tidemark.notifications.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The delivery client against local receivers: where it connects, what it does not follow, when it gives up. */
class WebhookHttpClientTests {

	private static final String DENIED = "127.0.0.2";

	private static WebhookSettings settings(Duration requestTimeout) {
		return new WebhookSettings(Duration.ofSeconds(5), 50, Duration.ofMinutes(2), Duration.ofSeconds(10),
				Duration.ofMinutes(1), 10, Duration.ofSeconds(5), requestTimeout, List.of(), List.of(DENIED + "/32"),
				Duration.ofDays(30));
	}

	@Test
	void itConnectsOnlyToTheAddressItsOwnLookupChecked() throws Exception {
		// a name that answers an allowed address, then a denied one (DNS rebinding): a receiver listens on both
		try (WebhookReceiver allowed = new WebhookReceiver("127.0.0.1");
				WebhookReceiver denied = new WebhookReceiver(DENIED, allowed.port())) {
			AtomicReference<String> answer = new AtomicReference<>("127.0.0.1");
			List<String> lookups = new CopyOnWriteArrayList<>();
			WebhookSettings settings = settings(Duration.ofSeconds(10));
			WebhookUrls urls = new WebhookUrls(settings, host -> {
				lookups.add(host);
				return host.equals("hooks.test") ? new InetAddress[] { InetAddress.getByName(answer.get()) }
						: InetAddress.getAllByName(host);
			});
			WebhookHttpClient client = new WebhookHttpClient(settings, urls);
			try {
				URI url = URI.create("http://hooks.test:" + allowed.port() + "/ok");
				assertThat(client.post(url, Map.of("Tidemark-Event", "scan.failed"), "{}")).isEqualTo(200);
				assertThat(allowed.at("/ok")).singleElement()
					.satisfies(r -> assertThat(r.headers().get("Host")).containsExactly("hooks.test:" + allowed.port()));

				answer.set(DENIED);
				assertThatThrownBy(() -> client.post(url, Map.of(), "{}"))
					.isInstanceOf(WebhookUrls.DeniedAddressException.class)
					.hasMessage("host 'hooks.test' resolves to " + DENIED + ", in " + DENIED
							+ "/32 (tidemark.webhooks.denied-networks)");
				assertThat(denied.received).isEmpty();
				// one lookup per request, and it is the checked one: nothing resolved the name a second time
				assertThat(lookups).containsExactly("hooks.test", "hooks.test");

				// a redirect is answered as it is, not followed
				assertThat(client.post(URI.create(allowed.url("/redirect")), Map.of(), "{}")).isEqualTo(302);
				assertThat(allowed.at("/ok/redirected")).isEmpty();
			}
			finally {
				client.destroy();
			}
		}
	}

	@Test
	void aReceiverThatNeverAnswersIsGivenUpOn() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			WebhookSettings settings = settings(Duration.ofMillis(300));
			WebhookHttpClient client = new WebhookHttpClient(settings, new WebhookUrls(settings));
			try {
				assertThatThrownBy(() -> client.post(URI.create(receiver.url("/hang")), Map.of(), "{}"))
					.isInstanceOf(HttpTimeoutException.class);
				assertThat(receiver.at("/hang")).isEmpty(); // still waiting for its answer
			}
			finally {
				client.destroy();
			}
		}
	}
}

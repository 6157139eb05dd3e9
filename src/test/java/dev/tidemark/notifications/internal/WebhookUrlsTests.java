package dev.tidemark.notifications.internal;

import java.time.Duration;
import java.util.List;

import dev.tidemark.common.InvalidRequestException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.DefaultValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** URL rules that need their own settings: the host allow-list, and the backoff's bounds. */
class WebhookUrlsTests {

	private static WebhookSettings settings(List<String> allowedHosts) {
		return settings(allowedHosts, List.of("169.254.0.0/16", "fe80::/10", "fd00:ec2::/32"));
	}

	static WebhookSettings settings(List<String> allowedHosts, List<String> deniedNetworks) {
		return new WebhookSettings(Duration.ofSeconds(5), 50, Duration.ofMinutes(2), Duration.ofSeconds(10),
				Duration.ofMinutes(1), 10, Duration.ofSeconds(5), Duration.ofSeconds(10), allowedHosts,
				deniedNetworks, Duration.ofDays(30));
	}

	@Test
	void withAnAllowListOnlyListedHostsAreAccepted() {
		WebhookUrls urls = new WebhookUrls(settings(List.of(" Hooks.Slack.com ", "alerts.internal")));
		assertThat(urls.validated("https://HOOKS.slack.com/services/T/B/x")).isEqualTo("https://HOOKS.slack.com/services/T/B/x");
		assertThat(urls.validated("http://alerts.internal:8080/tidemark")).isEqualTo("http://alerts.internal:8080/tidemark");
		assertThatThrownBy(() -> urls.validated("https://evil.example.com/x")).isInstanceOf(InvalidRequestException.class)
			.hasMessageContaining("allowed-hosts");
		assertThatThrownBy(() -> urls.validated("https://169.254.169.254/latest/meta-data"))
			.isInstanceOf(InvalidRequestException.class);
	}

	@Test
	void withoutAnAllowListSchemeAndCredentialsAreStillChecked() {
		WebhookUrls urls = new WebhookUrls(settings(List.of()));
		assertThat(urls.validated("https://anything.example.com/x?a=b")).isEqualTo("https://anything.example.com/x?a=b");
		for (String bad : List.of("file:///etc/passwd", "ftp://h/x", "https://u:p@h/x", "https://u@h/x", "//h/x",
				"https://h/x#frag", "http:///x", "http://h:99999/x", "http://h:65536/x", "http://h:0/x")) {
			assertThatThrownBy(() -> urls.validated(bad)).as(bad).isInstanceOf(InvalidRequestException.class);
		}
	}

	@Test
	void addressesInADeniedNetworkAreRefusedHoweverTheyAreWritten() {
		WebhookUrls urls = new WebhookUrls(new WebhookSettings(Duration.ofSeconds(5), 50, Duration.ofMinutes(2),
				Duration.ofSeconds(10), Duration.ofMinutes(1), 10, Duration.ofSeconds(5), Duration.ofSeconds(10),
				List.of(), defaultDeniedNetworks(), Duration.ofDays(30)));
		for (String metadata : List.of("http://169.254.169.254/latest/meta-data", "http://[fe80::1]/x",
				"http://100.100.100.200/latest/meta-data",
				"http://[::ffff:169.254.169.254]/x", "https://169.254.0.1:8443/x", "http://[fd00:ec2::254]/x",
				"http://[febf::1]/x")) {
			assertThatThrownBy(() -> urls.validated(metadata)).as(metadata).isInstanceOf(InvalidRequestException.class)
				.hasMessageContaining("tidemark.webhooks.denied-networks");
		}
		assertThat(urls.validated("http://127.0.0.1:8080/hook")).isEqualTo("http://127.0.0.1:8080/hook");
		// fe80::/10 ends at febf:…; fec0:… is outside it
		assertThat(urls.validated("http://[fec0::1]/x")).isEqualTo("http://[fec0::1]/x");
		// a host name is checked on what it resolves to
		WebhookUrls noLoopback = new WebhookUrls(settings(List.of(), List.of("127.0.0.0/8", "::1/128")));
		assertThat(noLoopback.deniedAddress("localhost")).get().asString().contains("resolves to");
		assertThat(noLoopback.deniedAddress("192.0.2.10")).isEmpty();
		assertThat(noLoopback.deniedAddress("no-such-host.invalid")).as("saved: it may resolve later").isEmpty();
		assertThatThrownBy(() -> noLoopback.checkedAddresses("no-such-host.invalid"))
			.as("not sent while it does not resolve").isInstanceOf(WebhookUrls.UnresolvedHostException.class)
			.hasMessage("host 'no-such-host.invalid' does not resolve");
		assertThatThrownBy(() -> noLoopback.checkedAddresses("localhost"))
			.isInstanceOf(WebhookUrls.DeniedAddressException.class).hasMessageContaining("resolves to");
	}

	/** The defaults the service binds when nothing is configured (read from the settings record itself). */
	private static List<String> defaultDeniedNetworks() {
		try {
			var component = WebhookSettings.class.getRecordComponents()[9];
			assertThat(component.getName()).isEqualTo("deniedNetworks");
			var parameter = WebhookSettings.class.getDeclaredConstructors()[0].getParameters()[9];
			return List.of(parameter.getAnnotation(DefaultValue.class).value());
		}
		catch (RuntimeException e) {
			throw new AssertionError("WebhookSettings.deniedNetworks has no @DefaultValue", e);
		}
	}

	@Test
	void aDeniedNetworkThatIsNoAddressBlockStopsTheStart() {
		// short or malformed IPv4 forms are refused rather than read as another block or looked up in DNS
		for (String bad : List.of("169.254.0.0", "metadata.internal/16", "10.0.0.0/33", "::/129", "10.0.0.0/x",
				"169.254/16", "10/8", "999.1.1.1/8", "1.2.3.4.5/8", "1..2/8")) {
			assertThatThrownBy(() -> settings(List.of(), List.of(bad))).as(bad)
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
		}
	}

	@Test
	void aLeaseThatCouldEndMidRequestIsRefusedAtStartUp() {
		assertThatThrownBy(() -> new WebhookSettings(Duration.ofSeconds(5), 50, Duration.ofSeconds(10),
				Duration.ofSeconds(10), Duration.ofMinutes(1), 10, Duration.ofSeconds(5), Duration.ofSeconds(10),
				List.of(), List.of(), Duration.ofDays(30))).hasMessageContaining("lease");
	}

	@Test
	void backoffDoublesUpToTheMaximumWithAtMostTwentyPercentJitter() {
		WebhookSettings s = settings(List.of());
		for (int attempt = 1; attempt <= 12; attempt++) {
			long expected = Math.min(60_000, 10_000L << (attempt - 1));
			assertThat(s.backoff(attempt).toMillis()).as("attempt %d", attempt)
				.isBetween((long) (expected * 0.8), expected);
		}
	}
}

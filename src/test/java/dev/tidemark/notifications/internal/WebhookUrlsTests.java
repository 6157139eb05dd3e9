package dev.tidemark.notifications.internal;

import java.time.Duration;
import java.util.List;

import dev.tidemark.common.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** URL rules that need their own settings: the host allow-list, and the backoff's bounds. */
class WebhookUrlsTests {

	private static WebhookSettings settings(List<String> allowedHosts) {
		return new WebhookSettings(Duration.ofSeconds(5), 50, Duration.ofMinutes(2), Duration.ofSeconds(10),
				Duration.ofMinutes(1), 10, Duration.ofSeconds(5), Duration.ofSeconds(10), allowedHosts,
				Duration.ofDays(30));
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
				"https://h/x#frag", "http:///x")) {
			assertThatThrownBy(() -> urls.validated(bad)).as(bad).isInstanceOf(InvalidRequestException.class);
		}
	}

	@Test
	void aLeaseThatCouldEndMidRequestIsRefusedAtStartUp() {
		assertThatThrownBy(() -> new WebhookSettings(Duration.ofSeconds(5), 50, Duration.ofSeconds(10),
				Duration.ofSeconds(10), Duration.ofMinutes(1), 10, Duration.ofSeconds(5), Duration.ofSeconds(10),
				List.of(), Duration.ofDays(30))).hasMessageContaining("lease");
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

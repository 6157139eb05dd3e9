package dev.tidemark.notifications.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings ({@code tidemark.webhooks.*}).
 *
 * @param dispatchInterval pause between two dispatcher runs
 * @param batchSize deliveries one run claims
 * @param lease how long a claimed delivery is held by its dispatcher; longer than connect plus request timeout
 * @param backoffBase first retry delay; doubled per attempt, with up to 20% jitter
 * @param backoffMax longest retry delay
 * @param failureThreshold consecutive failed attempts that disable a subscription
 * @param connectTimeout TCP connect timeout to a receiver
 * @param requestTimeout time a receiver has to answer
 * @param allowedHosts if not empty, the only hosts webhook URLs may name (case-insensitive)
 * @param deniedNetworks address blocks (CIDR) no webhook may reach, whatever its host name resolves to
 * @param retention delivered deliveries (and their attempts) older than this are deleted; zero keeps them
 */
@ConfigurationProperties("tidemark.webhooks")
record WebhookSettings(@DefaultValue("5s") Duration dispatchInterval, @DefaultValue("50") int batchSize,
		@DefaultValue("2m") Duration lease, @DefaultValue("10s") Duration backoffBase,
		@DefaultValue("1h") Duration backoffMax, @DefaultValue("10") int failureThreshold,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("10s") Duration requestTimeout,
		@DefaultValue List<String> allowedHosts,
		@DefaultValue({ "169.254.0.0/16", "fe80::/10", "fd00:ec2::/32", "100.100.100.200/32" }) List<String> deniedNetworks,
		@DefaultValue("30d") Duration retention) {

	WebhookSettings {
		if (lease.compareTo(connectTimeout.plus(requestTimeout)) <= 0) {
			// a lease ending mid-request would let another replica send the same delivery at the same time
			throw new IllegalArgumentException("tidemark.webhooks.lease (" + lease
					+ ") must be longer than connect-timeout + request-timeout");
		}
		if (batchSize < 1 || failureThreshold < 1) {
			throw new IllegalArgumentException("tidemark.webhooks.batch-size and failure-threshold must be at least 1");
		}
		allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
			.toList();
		deniedNetworks = List.copyOf(deniedNetworks);
		// a bad entry stops the start with its name, rather than deny nothing
		DeniedNetworks.parse(deniedNetworks);
	}

	/** Delay before attempt {@code failedAttempts + 1}: base × 2^(failedAttempts − 1), capped, minus up to 20%. */
	Duration backoff(int failedAttempts) {
		long base = Math.max(1, backoffBase.toMillis());
		int shift = Math.min(Math.max(failedAttempts - 1, 0), 30);
		long delay = Math.min(backoffMax.toMillis(), base << shift);
		long jitter = (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
		return Duration.ofMillis(delay - jitter);
	}
}

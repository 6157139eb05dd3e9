package dev.tidemark.notifications.internal;

import dev.tidemark.common.SecretCipher;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.common.InvalidRequestException;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.notifications.WebhookEventType;
import dev.tidemark.targets.TargetNotFoundException;
import dev.tidemark.targets.Targets;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

@Service
class WebhookService {

	static final int MIN_SECRET_LENGTH = 16;

	private final SubscriptionStore subscriptions;

	private final DeliveryStore deliveries;

	private final WebhookUrls urls;

	private final SecretCipher cipher;

	private final Targets targets;

	private final Clock clock;

	WebhookService(SubscriptionStore subscriptions, DeliveryStore deliveries, WebhookUrls urls,
			SecretCipher cipher, Targets targets, Clock clock) {
		this.subscriptions = subscriptions;
		this.deliveries = deliveries;
		this.urls = urls;
		this.cipher = cipher;
		this.targets = targets;
		this.clock = clock;
	}

	record Definition(String url, List<String> events, @Nullable UUID targetId, @Nullable Map<String, String> labels,
			String secret, @Nullable String format, @Nullable Boolean enabled) {
	}

	record Change(@Nullable String url, @Nullable List<String> events, @Nullable String secret,
			@Nullable String format, @Nullable Boolean enabled) {
	}

	@Transactional
	WebhookSubscription create(Definition d, String actor) {
		String url = urls.validated(d.url());
		List<String> events = events(d.events());
		secret(d.secret());
		if (d.targetId() != null) {
			try {
				targets.get(d.targetId());
			}
			catch (TargetNotFoundException e) {
				throw new InvalidRequestException("targetId", "no target has id " + d.targetId());
			}
		}
		Map<String, String> labels = d.labels() == null || d.labels().isEmpty() ? null : Map.copyOf(d.labels());
		Instant now = now();
		WebhookSubscription s = new WebhookSubscription(UUID.randomUUID(), url, events, d.targetId(), labels,
				format(d.format()), d.enabled() == null || d.enabled(), 0, null, actor, now, now);
		subscriptions.insert(s, cipher.encrypt(d.secret()));
		return s;
	}

	@Transactional
	WebhookSubscription update(UUID id, Change c) {
		WebhookSubscription s = get(id);
		String newSecret = c.secret();
		if (newSecret != null) {
			secret(newSecret);
		}
		boolean enabled = c.enabled() == null ? s.enabled() : c.enabled();
		WebhookSubscription changed = new WebhookSubscription(id, c.url() == null ? s.url() : urls.validated(c.url()),
				c.events() == null ? s.events() : events(c.events()), s.targetId(), s.labels(),
				c.format() == null ? s.format() : format(c.format()), enabled, s.consecutiveFailures(),
				s.disabledReason(), s.createdBy(), s.createdAt(), now());
		subscriptions.update(changed, newSecret == null ? null : cipher.encrypt(newSecret));
		return get(id);
	}

	WebhookSubscription get(UUID id) {
		return subscriptions.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No webhook with id " + id));
	}

	PageOf<WebhookSubscription> list(PageRequest page) {
		return PageOf.of(subscriptions.page(page), page, subscriptions.count());
	}

	void delete(UUID id) {
		if (!subscriptions.delete(id)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No webhook with id " + id);
		}
	}

	PageOf<DeliveryStore.WebhookAttempt> attempts(UUID id, PageRequest page) {
		get(id);
		return PageOf.of(deliveries.attempts(id, page), page, deliveries.countAttempts(id));
	}

	private static List<String> events(List<String> events) {
		if (events.isEmpty()) {
			throw new InvalidRequestException("events", "must name at least one event");
		}
		LinkedHashSet<String> known = new LinkedHashSet<>();
		for (String event : events) {
			if (WebhookEventType.ofWireName(event).isEmpty()) {
				throw new InvalidRequestException("events", "unknown event '" + event + "'; known: "
						+ String.join(", ", java.util.Arrays.stream(WebhookEventType.values())
							.map(WebhookEventType::wireName).toList()));
			}
			known.add(event);
		}
		return List.copyOf(known);
	}

	private static String format(@Nullable String format) {
		if (format == null || format.equals(WebhookSubscription.GENERIC)) {
			return WebhookSubscription.GENERIC;
		}
		if (format.equals(WebhookSubscription.SLACK)) {
			return WebhookSubscription.SLACK;
		}
		throw new InvalidRequestException("format", "must be 'generic' or 'slack'");
	}

	private static void secret(String secret) {
		if (secret.length() < MIN_SECRET_LENGTH || secret.length() > 256) {
			throw new InvalidRequestException("secret", "must be " + MIN_SECRET_LENGTH + " to 256 characters");
		}
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}

package dev.tidemark.notifications.internal;

import dev.tidemark.common.SecretCipher;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.common.InvalidRequestException;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.notifications.WebhookEventType;
import dev.tidemark.notifications.WebhookSubscriptionChanged;
import dev.tidemark.notifications.WebhookSubscriptionChanged.Change;
import dev.tidemark.notifications.WebhookSubscriptionChanged.FieldChange;
import dev.tidemark.targets.TargetNotFoundException;
import dev.tidemark.targets.Targets;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

@Service
class WebhookService {

	static final int MIN_SECRET_LENGTH = 16;

	private final SubscriptionRepository subscriptions;

	private final DeliveryStore deliveries;

	private final WebhookUrls urls;

	private final SecretCipher cipher;

	private final Targets targets;

	private final Clock clock;

	private final JsonMapper json;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	WebhookService(SubscriptionRepository subscriptions, DeliveryStore deliveries, WebhookUrls urls,
			SecretCipher cipher, Targets targets, Clock clock, JsonMapper json, TransactionTemplate transactions,
			ApplicationEventPublisher events) {
		this.transactions = transactions;
		this.events = events;
		this.subscriptions = subscriptions;
		this.json = json;
		this.deliveries = deliveries;
		this.urls = urls;
		this.cipher = cipher;
		this.targets = targets;
		this.clock = clock;
	}

	record Definition(String url, List<String> events, @Nullable UUID targetId, @Nullable Map<String, String> labels,
			String secret, @Nullable String format, @Nullable Boolean enabled) {
	}

	record Update(@Nullable String url, @Nullable List<String> events, @Nullable String secret,
			@Nullable String format, @Nullable Boolean enabled) {
	}

	WebhookSubscription create(Definition d, String actor) {
		// before the transaction: checking the URL may wait on DNS, which must not hold a store connection
		String url = urls.validated(d.url());
		return transactions.execute(status -> create(d, url, actor));
	}

	private WebhookSubscription create(Definition d, String url, String actor) {
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
		subscriptions.save(SubscriptionRow.of(s, cipher.encrypt(d.secret()), json));
		changed(s, Change.CREATED, actor, false, false, Map.of());
		return s;
	}

	/** Writes the changes; re-enabling clears the failure run. A null secret keeps the stored one. */
	WebhookSubscription update(UUID id, Update c, String actor) {
		// before the transaction, as in create
		String url = c.url() == null ? null : urls.validated(c.url());
		return transactions.execute(status -> update(id, c, url, actor));
	}

	private WebhookSubscription update(UUID id, Update c, @Nullable String url, String actor) {
		SubscriptionRow s = row(subscriptions.findById(id), id);
		String newSecret = c.secret();
		if (newSecret != null) {
			secret(newSecret);
		}
		boolean enabled = c.enabled() == null ? s.enabled() : c.enabled();
		SubscriptionRow changed = new SubscriptionRow(id, url == null ? s.url() : url,
				c.events() == null ? s.events() : events(c.events()), s.targetId(), s.labelSelector(),
				newSecret == null ? s.secret() : cipher.encrypt(newSecret),
				c.format() == null ? s.format() : format(c.format()), enabled,
				enabled && !s.enabled() ? 0 : s.consecutiveFailures(), enabled ? null : s.disabledReason(),
				s.createdBy(), s.createdAt(), now(), s.version());
		WebhookSubscription saved;
		try {
			saved = subscriptions.save(changed).toSubscription(json);
		}
		catch (OptimisticLockingFailureException e) {
			throw new OptimisticLockingFailureException("Webhook " + id + " was changed meanwhile (by another request "
					+ "or by a delivery failure); read it again, then retry");
		}
		Map<String, FieldChange> changes = new LinkedHashMap<>();
		changed(changes, "host", host(s.url()), host(saved.url()));
		changed(changes, "events", s.events(), saved.events());
		changed(changes, "format", s.format(), saved.format());
		changed(changes, "enabled", s.enabled(), saved.enabled());
		changed(saved, Change.UPDATED, actor, !s.url().equals(saved.url()), newSecret != null, changes);
		return saved;
	}

	@Transactional(readOnly = true)
	WebhookSubscription get(UUID id) {
		return row(subscriptions.findById(id), id).toSubscription(json);
	}

	@Transactional(readOnly = true)
	PageOf<WebhookSubscription> list(PageRequest page) {
		Page<SubscriptionRow> rows = subscriptions.findAll(org.springframework.data.domain.PageRequest.of(page.page(),
				page.size(), Sort.by("createdAt", "id")));
		return PageOf.of(rows.map(r -> r.toSubscription(json)).toList(), page, rows.getTotalElements());
	}

	@Transactional
	void delete(UUID id, String actor) {
		// locked: of two concurrent deletes, the second waits and then finds nothing (a 404, as before)
		SubscriptionRow row = row(subscriptions.findLockedById(id), id);
		subscriptions.delete(row);
		changed(row.toSubscription(json), Change.DELETED, actor, false, false, Map.of());
	}

	/** Announces the change for the audit trail: the URL's host only (a path can be a credential), no secret. */
	private void changed(WebhookSubscription s, Change change, String actor, boolean urlChanged,
			boolean secretChanged, Map<String, FieldChange> changes) {
		events.publishEvent(new WebhookSubscriptionChanged(s.id(), change, actor, host(s.url()), s.events(),
				s.format(), s.enabled(), s.targetId(), s.labels(), urlChanged, secretChanged, changes));
	}

	private static void changed(Map<String, FieldChange> changes, String field, Object from, Object to) {
		if (!Objects.equals(from, to)) {
			changes.put(field, new FieldChange(from, to));
		}
	}

	private static String host(String url) {
		return String.valueOf(URI.create(url).getHost());
	}

	private static SubscriptionRow row(Optional<SubscriptionRow> row, UUID id) {
		return row.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No webhook with id " + id));
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

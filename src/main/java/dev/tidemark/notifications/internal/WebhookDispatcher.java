package dev.tidemark.notifications.internal;

import dev.tidemark.common.SecretCipher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.notifications.WebhookSubscriptionDisabled;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due outbox rows. Each run claims a batch (SKIP LOCKED plus a lease, so replicas never send one delivery at
 * the same time), POSTs each with no store transaction open, then records the attempt: delivered on a 2xx, else
 * retried after an exponential backoff. Redirects are never followed (a 3xx is a failure): the URL was validated, a
 * redirect target was not. A run of failures disables the subscription, which is audited; the batch's remaining
 * deliveries to it are then handed back unsent. Each delivery is recorded on its own: one whose subscription was
 * deleted in flight is dropped, and no failure holds back the others.
 */
@Component
class WebhookDispatcher {

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	static final String EVENT_ID_HEADER = "Tidemark-Event-Id";

	static final String EVENT_TYPE_HEADER = "Tidemark-Event";

	static final String DELIVERY_ID_HEADER = "Tidemark-Delivery-Id";

	private static final int MAX_ERROR_LENGTH = 500;

	private final DeliveryStore deliveries;

	private final SecretCipher cipher;

	private final WebhookSettings settings;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final WebhookHttpClient http;

	WebhookDispatcher(DeliveryStore deliveries, SecretCipher cipher, WebhookSettings settings,
			TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock, WebhookHttpClient http) {
		this.deliveries = deliveries;
		this.cipher = cipher;
		this.settings = settings;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
		this.http = http;
	}

	@Scheduled(fixedDelayString = "${tidemark.webhooks.dispatch-interval:5s}",
			initialDelayString = "${tidemark.webhooks.dispatch-initial-delay:10s}")
	void dispatchDue() {
		try {
			dispatchOnce();
		}
		catch (RuntimeException e) {
			log.warn("Webhook dispatch run failed; retrying next run", e);
		}
	}

	/** Claims one batch and sends it; returns the ids of the deliveries this call claimed. */
	List<UUID> dispatchOnce() {
		Instant now = clock.instant();
		List<DeliveryStore.Claimed> claimed = deliveries.claim(settings.batchSize(), now, now.plus(settings.lease()));
		List<UUID> ids = new ArrayList<>(claimed.size());
		for (DeliveryStore.Claimed delivery : claimed) {
			ids.add(delivery.id());
			try {
				if (deliveries.subscriptionEnabled(delivery.subscriptionId())) {
					send(delivery);
				}
				else {
					// disabled since the claim (by this run's failures or by an ADMIN), or deleted: it waits, unsent
					deliveries.unclaim(delivery.id(), now);
				}
			}
			catch (RuntimeException e) {
				// one delivery must not hold back the rest of the batch: this one is retried when its lease ends
				log.warn("Webhook delivery {} could not be dispatched; retrying when its lease ends", delivery.id(), e);
			}
		}
		return ids;
	}

	private void send(DeliveryStore.Claimed d) {
		Instant started = clock.instant();
		@Nullable Integer status = null;
		@Nullable String error = null;
		try {
			URI url = URI.create(d.url());
			status = http.post(url, Map.of(EVENT_ID_HEADER, d.eventId().toString(), EVENT_TYPE_HEADER, d.eventType(),
					DELIVERY_ID_HEADER, d.id().toString(), WebhookSignature.HEADER,
					WebhookSignature.header(cipher.decrypt(d.encryptedSecret()), started.getEpochSecond(), d.payload())),
					d.payload());
			if (status / 100 != 2) {
				error = status / 100 == 3 ? "redirect not followed (HTTP " + status + ")" : "HTTP " + status;
			}
		}
		catch (WebhookUrls.DeniedAddressException | WebhookUrls.UnresolvedHostException e) {
			// the name resolves elsewhere than when the subscription was saved (DNS rebinding), or nowhere: no
			// connection made
			error = "not sent: " + e.getMessage();
		}
		catch (HttpTimeoutException e) {
			error = "timed out: " + e.getMessage();
		}
		catch (IOException | IllegalArgumentException e) {
			error = e.getClass().getSimpleName() + ": " + e.getMessage();
		}
		Instant finished = clock.instant();
		record(d, started, finished, status, error);
	}

	private void record(DeliveryStore.Claimed d, Instant started, Instant finished, @Nullable Integer status,
			@Nullable String error) {
		int durationMs = (int) Duration.between(started, finished).toMillis();
		Instant at = started.truncatedTo(ChronoUnit.MICROS);
		transactions.executeWithoutResult(tx -> {
			if (!deliveries.lockForOutcome(d.id())) {
				log.info("Webhook {} was deleted while its delivery {} was in flight; the outcome is dropped",
						d.subscriptionId(), d.id());
				return;
			}
			if (error == null) {
				deliveries.recordAttempt(d, at, status, durationMs, true, null);
				deliveries.delivered(d.id(), finished.truncatedTo(ChronoUnit.MICROS));
				deliveries.subscriptionSucceeded(d.subscriptionId());
				return;
			}
			String shortError = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
			deliveries.recordAttempt(d, at, status, durationMs, false, shortError);
			deliveries.retryAt(d.id(), finished.plus(settings.backoff(d.attempt())));
			Optional<Integer> disabledAfter = deliveries.subscriptionFailed(d.subscriptionId(),
					settings.failureThreshold(), "Disabled after " + settings.failureThreshold()
							+ " consecutive failed deliveries; last: " + shortError,
					finished.truncatedTo(ChronoUnit.MICROS));
			disabledAfter.ifPresent(failures -> {
				log.warn("Webhook {} disabled after {} consecutive failures (last: {})", d.subscriptionId(), failures,
						shortError);
				events.publishEvent(new WebhookSubscriptionDisabled(d.subscriptionId(), String.valueOf(URI.create(d.url()).getHost()), failures,
						shortError));
			});
		});
	}
}

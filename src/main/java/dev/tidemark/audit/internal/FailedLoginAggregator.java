package dev.tidemark.audit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import dev.tidemark.audit.ActorKind;
import dev.tidemark.audit.AuditEvent;
import dev.tidemark.common.StorableText;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Failed sign-ins, counted instead of written one row each: a password-guessing run or a misconfigured client
 * retrying in a loop would otherwise fill the trail (and the store) one row per request. One {@code login.failed}
 * event per attempted name, client address, method and window, with {@code count} (credentials checked and
 * refused) and {@code throttled} (refused with 429 before any check) in its detail, written when the window has
 * ended, at shutdown, or early when too many counts are waiting.
 * <p>
 * Bounded: at most {@code max-pending} counts are held; one more key first writes out everything held. Names are
 * cut to {@link #MAX_ATTEMPTED_NAME} characters. Attempts refused because their address was over its limit are
 * counted under the address alone ({@code (any)} / {@code token:(any)}), so spraying random names from a throttled
 * address adds to one count instead of a row per name. A window's counts can end up in two rows if an early flush
 * or a concurrent attempt splits them; none is ever lost while the store answers.
 */
@Component
public class FailedLoginAggregator {

	private static final Logger log = LoggerFactory.getLogger(FailedLoginAggregator.class);

	/** Longest attempted user name kept: enough for any real one, not a place to store a pasted document. */
	static final int MAX_ATTEMPTED_NAME = 200;

	/** The actor of attempts refused for their address: no per-name row for those. */
	static final String ANY_USER = "(any)";

	static final String ANY_TOKEN = "token:(any)";

	private record Key(String actor, @Nullable String address, String method, Instant windowStart) {
	}

	private record Tally(long failed, long throttled, Instant last, @Nullable String reason) {

		Tally plus(Tally other) {
			boolean otherIsLater = other.last.isAfter(last);
			Tally later = otherIsLater ? other : this;
			Tally earlier = otherIsLater ? this : other;
			return new Tally(failed + other.failed, throttled + other.throttled, later.last,
					later.reason != null ? later.reason : earlier.reason);
		}
	}

	private final Map<Key, Tally> pending = new ConcurrentHashMap<>();

	private final AuditStore store;

	private final Clock clock;

	private final Duration window;

	private final int maxPending;

	FailedLoginAggregator(AuditStore store, Clock clock, AuditSettings settings) {
		this.store = store;
		this.clock = clock;
		this.window = settings.loginFailures().window();
		this.maxPending = settings.loginFailures().maxPending();
	}

	/** Credentials that were checked and refused; {@code reason} is the exception's simple class name. */
	void failed(String attemptedName, @Nullable String address, String method, String reason) {
		add(truncated(attemptedName), address, method, new Tally(1, 0, now(), reason));
	}

	/**
	 * An attempt refused with 429 before its credentials were checked. {@code attemptedName} is null for a bearer
	 * token, and ignored when the address was the limit hit (see the class comment).
	 */
	void throttled(@Nullable String attemptedName, @Nullable String address, String method, boolean addressLimit) {
		String actor = method.equals("bearer") ? ANY_TOKEN
				: addressLimit || attemptedName == null ? ANY_USER : truncated(attemptedName);
		add(actor, address, method, new Tally(0, 1, now(), null));
	}

	private void add(String actor, @Nullable String address, String method, Tally tally) {
		Key key = new Key(actor, address, method, windowStart(tally.last()));
		if (pending.size() >= maxPending && !pending.containsKey(key)) {
			log.info("{} failed-login counts waiting, writing them out before the window ends", pending.size());
			flush(k -> true);
		}
		pending.merge(key, tally, Tally::plus);
	}

	/** Writes the counts of every window that has ended. */
	@Scheduled(fixedDelayString = "${tidemark.audit.login-failures.flush-interval:30s}",
			initialDelayString = "${tidemark.audit.login-failures.flush-interval:30s}")
	public void flushEnded() {
		Instant now = clock.instant();
		flush(k -> !k.windowStart().plus(window).isAfter(now));
	}

	/** Writes every count held, ended window or not: at shutdown, and for tests that must not wait. */
	@PreDestroy
	public void flush() {
		flush(k -> true);
	}

	/**
	 * At shutdown while the store is still there: the context announces its closing before it stops anything, while
	 * an embedded store may be stopped before this bean is destroyed (what {@link #flush()} still holds then is
	 * only what failed in between).
	 */
	@EventListener(ContextClosedEvent.class)
	void flushOnClose() {
		flush();
	}

	private void flush(Predicate<Key> which) {
		for (Key key : pending.keySet()) {
			if (!which.test(key)) {
				continue;
			}
			// remove() and merge() are atomic per key: an attempt counted after this removal starts a new tally.
			Tally tally = pending.remove(key);
			if (tally != null) {
				write(key, tally);
			}
		}
	}

	private void write(Key key, Tally tally) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("method", key.method());
		detail.put("count", tally.failed());
		detail.put("throttled", tally.throttled());
		detail.put("windowStart", key.windowStart().toString());
		detail.put("windowEnd", key.windowStart().plus(window).toString());
		if (tally.reason() != null) {
			detail.put("reason", tally.reason());
		}
		// The actor kind comes from the attempt, not from the name rule: someone trying "scheduler" is a USER.
		ActorKind kind = key.method().equals("bearer") ? ActorKind.TOKEN : ActorKind.USER;
		try {
			// on_behalf_of is the attempted name itself: nobody authenticated, so there is no human to name.
			store.insert(new AuditEvent(UUID.randomUUID(), tally.last(), key.actor(), kind, key.actor(), "login.failed",
					null, null, null, AuditListener.FAILED, key.address(), detail));
		}
		catch (RuntimeException e) {
			// Never let the audit store's trouble hold counts (and memory) forever: log what is lost instead.
			log.warn("Could not record {} failed and {} throttled sign-ins of '{}' from {} ({}): {}", tally.failed(),
					tally.throttled(), key.actor(), key.address(), key.method(), e.toString());
		}
	}

	private Instant windowStart(Instant at) {
		long size = Math.max(1, window.toMillis());
		long start = Math.floorDiv(at.toEpochMilli(), size) * size;
		return Instant.ofEpochMilli(start);
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/** Cut to a bounded length, and storable: a name is whatever the client sent, NUL included. */
	static String truncated(String name) {
		String storable = StorableText.sanitized(name);
		return storable.length() > MAX_ATTEMPTED_NAME ? storable.substring(0, MAX_ATTEMPTED_NAME) + "…" : storable;
	}
}

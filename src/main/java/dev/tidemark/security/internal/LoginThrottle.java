package dev.tidemark.security.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tidemark.security.LoginThrottled;
import dev.tidemark.security.SecuritySettings;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per user name and per client address in Bucket4j token buckets (capacity = the limit, all
 * of it refilled once per window), and tells the filter, before any credential is checked, whether an attempt may
 * go ahead. Only failures take tokens: a user under the limit is never slowed, however often they sign in.
 * <p>
 * The state is in memory, per replica, on purpose. It protects the password check (bcrypt CPU) and slows guessing;
 * with R replicas behind a load balancer an attacker gets at most R times the limit, which still turns an online
 * guessing attack from millions of tries a day into thousands, and nothing has to be shared or cleaned up in the
 * store (a table would turn every failed request into a write, the very load throttling is meant to shed). A
 * restart forgets the counts, which costs an attacker a restart to gain one window.
 * <p>
 * Memory is bounded whatever callers send: each map holds at most {@code max-tracked-keys} entries (Caffeine evicts
 * the least useful beyond that) and forgets an entry a window after its last use, when its bucket would be full
 * anyway, so dropping it loses nothing. Names are cut to {@link #MAX_NAME} characters before they become keys, so a
 * 4,000-character name costs what a 200-character one does. Under concurrent failures for one key the count can
 * overshoot the limit by the number of attempts in flight: check and count are not one step, so that successful
 * sign-ins never wait for or consume anything.
 */
@Component
class LoginThrottle {

	/** Longest name kept as a key, as in the audit trail. */
	static final int MAX_NAME = 200;

	/** Why an attempt was refused and when it may be tried again. */
	record Refusal(String limit, Duration retryAfter) {
	}

	private final SecuritySettings.LoginThrottle settings;

	private final Cache<String, Bucket> users;

	private final Cache<String, Bucket> addresses;

	LoginThrottle(SecuritySettings settings) {
		this.settings = settings.loginThrottle();
		this.users = cache(this.settings);
		this.addresses = cache(this.settings);
	}

	private static Cache<String, Bucket> cache(SecuritySettings.LoginThrottle settings) {
		return Caffeine.newBuilder()
			.maximumSize(settings.maxTrackedKeys())
			.expireAfterAccess(settings.window())
			.build();
	}

	/**
	 * Whether an attempt for {@code userName} (null for a bearer token) from {@code address} must be refused: only
	 * reads, so an attempt under both limits costs two map look-ups and creates nothing.
	 */
	Optional<Refusal> check(@Nullable String userName, @Nullable String address) {
		if (!settings.enabled()) {
			return Optional.empty();
		}
		Optional<Refusal> byUser = userName == null ? Optional.empty()
				: refusal(users.getIfPresent(userKey(userName)), LoginThrottled.USER_LIMIT);
		Optional<Refusal> byAddress = address == null ? Optional.empty()
				: refusal(addresses.getIfPresent(address), LoginThrottled.ADDRESS_LIMIT);
		if (byUser.isPresent() && byAddress.isPresent()) {
			// Both exhausted: retrying is pointless until the later of the two refills.
			return byUser.get().retryAfter().compareTo(byAddress.get().retryAfter()) >= 0 ? byUser : byAddress;
		}
		return byUser.isPresent() ? byUser : byAddress;
	}

	/** A failed attempt: takes one token from the name's bucket (if any) and one from the address's. */
	void recordFailure(@Nullable String userName, @Nullable String address) {
		if (!settings.enabled()) {
			return;
		}
		if (userName != null) {
			users.get(userKey(userName), k -> bucket(settings.perUser())).tryConsume(1);
		}
		if (address != null) {
			addresses.get(address, k -> bucket(settings.perAddress())).tryConsume(1);
		}
	}

	/**
	 * Every failed HTTP Basic login (published by Spring Security's provider manager) and refused bearer token
	 * (published by {@link BearerTokenFilter}). A bearer attempt counts against its address only: a token has no
	 * user name until it is looked up, and its 256-bit secret cannot be guessed, so the address limit is what keeps
	 * a flood of made-up tokens off the store.
	 */
	@EventListener
	void on(AbstractAuthenticationFailureEvent event) {
		String name = event.getAuthentication().getName();
		String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails web
				? web.getRemoteAddress() : null;
		recordFailure(name.startsWith(BearerTokenFilter.TOKEN_PRINCIPAL_PREFIX) ? null : name, address);
	}

	private Bucket bucket(int limit) {
		// Intervally: the whole limit comes back at once when the window ends, so at most `limit` failures per
		// window; an idle bucket is full again one window after its last use (see expireAfterAccess above).
		return Bucket.builder()
			.addLimit(limitOf -> limitOf.capacity(limit).refillIntervally(limit, settings.window()))
			.build();
	}

	private static Optional<Refusal> refusal(@Nullable Bucket bucket, String limit) {
		if (bucket == null) {
			return Optional.empty();
		}
		EstimationProbe probe = bucket.estimateAbilityToConsume(1);
		if (probe.canBeConsumed()) {
			return Optional.empty();
		}
		return Optional.of(new Refusal(limit, Duration.ofNanos(probe.getNanosToWaitForRefill())));
	}

	/**
	 * User names are matched case-insensitively by the user store, so the key is lower-case (else "Admin" would be a
	 * fresh bucket for the same account), and cut to {@link #MAX_NAME} characters.
	 */
	static String userKey(String userName) {
		String lower = userName.toLowerCase(Locale.ROOT);
		return lower.length() > MAX_NAME ? lower.substring(0, MAX_NAME) : lower;
	}

	/** Whole seconds to wait, rounded up, at least 1: the value of {@code Retry-After}. */
	static long retryAfterSeconds(Duration wait) {
		long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
		return Math.max(1, seconds);
	}
}

package dev.tidemark.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.common.Caller;
import dev.tidemark.common.InvalidRequestException;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.security.ApiToken;
import dev.tidemark.security.ApiTokenIssued;
import dev.tidemark.security.ApiTokenRevoked;
import dev.tidemark.security.Role;
import dev.tidemark.security.SecuritySettings;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class ApiTokenService {

	static final String PREFIX = "tmk_";

	/** How often at most last_used_at is written ({@link ApiTokenRepository#touch} is given now minus this). */
	static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);

	private final ApiTokenRepository repository;

	private final SecuritySettings settings;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final SecureRandom random = new SecureRandom();

	ApiTokenService(ApiTokenRepository repository, SecuritySettings settings, Clock clock,
			ApplicationEventPublisher events) {
		this.repository = repository;
		this.settings = settings;
		this.clock = clock;
		this.events = events;
	}

	/** The created token and its secret, which exists nowhere else after this call returns. */
	record Created(ApiToken token, String secret) {
	}

	/**
	 * A token for {@code caller}'s human: created by the caller's credential, owned by the human behind it, so a token
	 * made with a token belongs to the first token's owner. Names are unique among live tokens (whoever owns them):
	 * {@code token:<name>} then names one token in the audit trail and in approvals at any time.
	 */
	@Transactional
	Created create(String name, List<Role> roles, @Nullable Instant expiresAt, Caller caller) {
		Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
		Instant expiry = expiresAt == null ? now.plus(settings.tokenDefaultLifetime()) : expiresAt;
		if (!expiry.isAfter(now)) {
			throw new InvalidRequestException("expiresAt", "must be in the future");
		}
		if (expiry.isAfter(now.plus(settings.tokenMaxLifetime()))) {
			throw new InvalidRequestException("expiresAt",
					"must be at most " + settings.tokenMaxLifetime().toDays() + " days from now");
		}
		repository.lockName(name);
		if (repository.existsByNameAndExpiresAtAfter(name, now)) {
			throw new ApiTokenNameTakenException(name);
		}
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		ApiToken token = new ApiToken(UUID.randomUUID(), name, roles.stream().distinct().sorted().toList(),
				caller.name(), caller.human(), now, expiry.truncatedTo(ChronoUnit.MICROS), null);
		repository.save(ApiTokenRow.of(token, sha256(secret)));
		events.publishEvent(new ApiTokenIssued(token.id(), token.name(), token.roles(), token.expiresAt(),
				caller.name(), token.owner()));
		return new Created(token, secret);
	}

	PageOf<ApiToken> list(PageRequest page) {
		Page<ApiTokenRow> rows = repository.findAll(org.springframework.data.domain.PageRequest.of(page.page(),
				page.size(), Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("id"))));
		return PageOf.of(rows.map(ApiTokenRow::toToken).toList(), page, rows.getTotalElements());
	}

	@Transactional
	boolean revoke(UUID id, Caller caller) {
		// locked: of two concurrent revokes, the second waits and then finds nothing (one revocation, one audit event)
		Optional<ApiTokenRow> row = repository.findLockedById(id);
		if (row.isEmpty()) {
			return false;
		}
		repository.delete(row.get());
		ApiToken t = row.get().toToken();
		events.publishEvent(new ApiTokenRevoked(t.id(), t.name(), t.roles(), caller.name(), t.owner()));
		return true;
	}

	/** The live token for a presented secret, if any. */
	Optional<ApiToken> authenticate(String secret) {
		if (!secret.startsWith(PREFIX)) {
			return Optional.empty();
		}
		Instant now = clock.instant();
		Optional<ApiToken> token = repository.findByTokenSha256(sha256(secret)).map(ApiTokenRow::toToken)
			.filter(t -> t.expiresAt().isAfter(now));
		// touch() records use at most once a minute; skip the statement when the row just read says it would
		// change nothing, so a busy token costs one query per request, not two.
		token.filter(t -> t.lastUsedAt() == null || t.lastUsedAt().isBefore(now.minus(TOUCH_INTERVAL)))
			.ifPresent(t -> repository.touch(t.id(), now, now.minus(TOUCH_INTERVAL)));
		return token;
	}

	/**
	 * Who a refused secret claimed to be, for the audit trail: {@code token:<name>} when it is a known but expired
	 * token, else {@code token:(unknown)} (parentheses are not allowed in token names, so it names no real token).
	 * Never the secret itself.
	 */
	String attemptedPrincipal(String secret) {
		Optional<String> name = secret.startsWith(PREFIX)
				? repository.findByTokenSha256(sha256(secret)).map(ApiTokenRow::name) : Optional.empty();
		return BearerTokenFilter.TOKEN_PRINCIPAL_PREFIX + name.orElse("(unknown)");
	}

	static String sha256(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}

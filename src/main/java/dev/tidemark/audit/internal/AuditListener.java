package dev.tidemark.audit.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.audit.ActorKind;
import dev.tidemark.audit.AuditEvent;
import dev.tidemark.checks.ExpectationChanged;
import dev.tidemark.checks.FindingSuppressed;
import dev.tidemark.checks.IgnoreRuleChanged;
import dev.tidemark.checks.ScanCompleted;
import dev.tidemark.common.Caller;
import dev.tidemark.common.StorableText;
import dev.tidemark.notifications.WebhookSubscriptionChanged;
import dev.tidemark.notifications.WebhookSubscriptionDisabled;
import dev.tidemark.remediation.RemediationEvent;
import dev.tidemark.security.ApiTokenIssued;
import dev.tidemark.security.ApiTokenRevoked;
import dev.tidemark.security.LoginThrottled;
import dev.tidemark.targets.TargetChanged;
import dev.tidemark.targets.TargetRegistered;
import dev.tidemark.targets.TargetRemoved;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Turns events into audit rows. Synchronous {@code @EventListener}s on purpose: the modules publish inside their
 * store transaction, so the row commits or rolls back with the change it records (an asynchronous listener could
 * record a change that never happened, or lose one that did). Failed logins happen outside any transaction and are
 * counted, then written per name, address and window by the {@link FailedLoginAggregator}. Only names, ids and
 * outcomes are copied: no event here carries a secret, and the failed-login event's credentials are never read.
 */
@Component
class AuditListener {

	static final String SUCCEEDED = "SUCCEEDED";

	static final String FAILED = "FAILED";

	private final AuditStore store;

	private final Clock clock;

	private final FailedLoginAggregator failedLogins;

	AuditListener(AuditStore store, Clock clock, FailedLoginAggregator failedLogins) {
		this.store = store;
		this.clock = clock;
		this.failedLogins = failedLogins;
	}

	@EventListener
	void on(TargetRegistered e) {
		record(e.actor(), "target.register", e.targetId(), "target", e.targetId(), SUCCEEDED, detail("name", e.name()));
	}

	@EventListener
	void on(TargetChanged e) {
		record(e.actor(), "target.change", e.targetId(), "target", e.targetId(), SUCCEEDED,
				detail("name", e.name(), "credentialsChanged", e.credentialsChanged(), "changes",
						e.changes().isEmpty() ? null : e.changes()));
	}

	@EventListener
	void on(TargetRemoved e) {
		record(e.actor(), "target.remove", e.targetId(), "target", e.targetId(), SUCCEEDED, detail("name", e.name()));
	}

	@EventListener
	void on(ScanCompleted e) {
		record(e.requestedBy(), "scan.run", e.targetId(), "scan", e.scanId(), e.status().name(),
				detail("snapshotId", e.snapshotId()));
	}

	@EventListener
	void on(ExpectationChanged e) {
		// kind is contract, reference or baseline; change is "set v3", "set <snapshot>" or "removed".
		String verb = e.change().startsWith("removed") ? "remove" : "set";
		record(e.actor(), e.kind() + "." + verb, e.targetId(), e.kind(), e.targetId(), SUCCEEDED,
				detail("change", e.change()));
	}

	@EventListener
	void on(FindingSuppressed e) {
		boolean suppressed = e.until() != null;
		record(e.actor(), suppressed ? "finding.suppress" : "finding.unsuppress", e.targetId(), "finding",
				e.findingId(), SUCCEEDED, detail("reason", e.reason(), "until", e.until()));
	}

	@EventListener
	void on(IgnoreRuleChanged e) {
		String action = switch (e.change()) {
			case CREATED -> "ignore-rule.create";
			case UPDATED -> "ignore-rule.update";
			case DELETED -> "ignore-rule.delete";
		};
		IgnoreRuleChanged.Before before = e.before();
		record(e.actor(), action, e.targetId(), "ignore-rule", e.ignoreRuleId(), SUCCEEDED,
				detail("selectors", e.selectors(), "reason", e.reason(), "expiresAt", e.expiresAt(),
						"previousSelectors", before == null ? null : before.selectors(),
						"previousReason", before == null ? null : before.reason(),
						"previousExpiresAt", before == null ? null : before.expiresAt()));
	}

	@EventListener
	void on(RemediationEvent e) {
		record(e.actor(), "remediation." + e.action(), e.targetId(), "remediation", e.remediationId(), e.outcome(),
				detail("detail", e.detail()));
	}

	@EventListener
	void on(WebhookSubscriptionChanged e) {
		String action = switch (e.change()) {
			case CREATED -> "webhook.create";
			case UPDATED -> "webhook.update";
			case DELETED -> "webhook.delete";
		};
		boolean updated = e.change() == WebhookSubscriptionChanged.Change.UPDATED;
		// the URL's host, never its path (it can be a credential), and never the secret: only whether it was set
		record(e.actor(), action, null, "webhook", e.subscriptionId(), SUCCEEDED,
				detail("host", e.host(), "events", e.events(), "format", e.format(), "enabled", e.enabled(),
						"targetId", e.targetId(), "labels", e.labels(), "urlChanged", updated ? e.urlChanged() : null,
						"secretChanged", updated ? e.secretChanged() : null, "changes",
						e.changes().isEmpty() ? null : e.changes()));
	}

	@EventListener
	void on(WebhookSubscriptionDisabled e) {
		record("tidemark", "webhook.disable", null, "webhook", e.subscriptionId(), SUCCEEDED,
				detail("host", e.host(), "consecutiveFailures", e.consecutiveFailures(), "reason", e.reason()));
	}

	@EventListener
	void on(ApiTokenIssued e) {
		record(e.actor(), "api-token.issue", null, "api-token", e.tokenId(), SUCCEEDED,
				detail("name", e.name(), "owner", e.owner(), "roles", e.roles(), "expiresAt", e.expiresAt()));
	}

	@EventListener
	void on(ApiTokenRevoked e) {
		record(e.actor(), "api-token.revoke", null, "api-token", e.tokenId(), SUCCEEDED,
				detail("name", e.name(), "owner", e.owner(), "roles", e.roles()));
	}

	/**
	 * A failed HTTP Basic login or a refused bearer token: counted by the {@link FailedLoginAggregator}, which writes
	 * one {@code login.failed} event per name, address and window. Only the attempted name is kept (the Basic
	 * event's authentication also holds the password: it is never read). The method comes from the attempt, not
	 * from the name rule, so someone trying "scheduler" is recorded as a USER.
	 */
	@EventListener
	void on(AbstractAuthenticationFailureEvent e) {
		// a Basic name is whatever the client base64-encoded, NUL included: keep the record, not the bytes
		String attempted = StorableText.sanitized(e.getAuthentication().getName());
		String method = attempted.startsWith(Caller.TOKEN_PREFIX) ? "bearer" : "basic";
		String remote = e.getAuthentication().getDetails() instanceof WebAuthenticationDetails web
				? web.getRemoteAddress() : remoteAddress();
		failedLogins.failed(attempted, remote, method, e.getException().getClass().getSimpleName());
	}

	/** A sign-in refused with 429 before its credentials were checked: counted with the failures. */
	@EventListener
	void on(LoginThrottled e) {
		failedLogins.throttled(e.attemptedName(), e.remoteAddress(), e.method(),
				LoginThrottled.ADDRESS_LIMIT.equals(e.limit()));
	}

	private void record(String actor, String action, @Nullable UUID targetId, String objectType,
			@Nullable Object objectId, String outcome, Map<String, Object> detail) {
		store.insert(new AuditEvent(UUID.randomUUID(), now(), actor, ActorKind.of(actor), onBehalfOf(actor), action,
				targetId, objectType, objectId == null ? null : objectId.toString(), outcome, remoteAddress(), detail));
	}

	/**
	 * The human behind {@code actor}. Listeners run on the thread that published the event, so on a request thread
	 * the security context holds the caller: when it is the credential the event names, its human (a token's owner)
	 * is recorded. Anything else (the scheduler, a restart, an actor other than the caller) is recorded as itself,
	 * so nothing is ever attributed to a person who did not authenticate the request.
	 */
	static String onBehalfOf(String actor) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken)) {
			Caller caller = Caller.of(authentication);
			if (caller.name().equals(actor)) {
				return caller.human();
			}
		}
		return actor;
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/** The caller's address when the change came in over HTTP (listeners run on the request's thread). */
	private static @Nullable String remoteAddress() {
		return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
				? request.getRequest().getRemoteAddr() : null;
	}

	/** Key/value pairs, nulls left out; values are ids, names, times and short texts, never secrets. */
	private static Map<String, Object> detail(@Nullable Object... pairs) {
		Map<String, Object> detail = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			Object value = pairs[i + 1];
			if (value != null) {
				detail.put(String.valueOf(pairs[i]), value instanceof Instant || value instanceof UUID
						? value.toString() : value);
			}
		}
		return detail;
	}
}

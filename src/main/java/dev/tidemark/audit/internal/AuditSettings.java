package dev.tidemark.audit.internal;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code tidemark.audit.retention}: how long audit events are kept ({@code 365d} in application.yaml; {@code 0} or
 * empty keeps them forever: the default lives there, not here, because the binder would put an annotated default
 * back in place of an empty value); older ones are deleted every {@code prune-interval}, {@code prune-batch-size} rows per transaction.
 * {@code login-failures.*}: failed sign-ins are recorded as one event per user name, client address and
 * {@code window}, written once the window has ended (checked every {@code flush-interval}), on shutdown, or when
 * more than {@code max-pending} such counts are waiting.
 */
@ConfigurationProperties("tidemark.audit")
@Validated
record AuditSettings(@Nullable Duration retention, @DefaultValue("1h") Duration pruneInterval,
		@DefaultValue("1000") @Positive int pruneBatchSize, @DefaultValue @Valid LoginFailures loginFailures) {

	record LoginFailures(@DefaultValue("5m") Duration window, @DefaultValue("30s") Duration flushInterval,
			@DefaultValue("10000") @Positive int maxPending) {
	}
}

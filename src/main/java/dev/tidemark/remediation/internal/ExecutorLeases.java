package dev.tidemark.remediation.internal;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.tidemark.common.DaemonThreads;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * This replica as an executor: an id, the remediations it is executing or reconciling, and a heartbeat that renews
 * their leases in the store. The heartbeat has a thread of its own: a long scan or reconciliation on the shared
 * scheduler must never let a live execution's lease run out.
 */
@Component
class ExecutorLeases {

	private static final Logger log = LoggerFactory.getLogger(ExecutorLeases.class);

	private final String executorId = ManagementFactory.getRuntimeMXBean().getName() + "/"
			+ UUID.randomUUID().toString().substring(0, 8);

	private final Set<UUID> held = ConcurrentHashMap.newKeySet();

	private final RemediationStore store;

	private final RemediationSettings settings;

	private final ScheduledExecutorService heartbeat = DaemonThreads.scheduler("tidemark-lease-heartbeat");

	ExecutorLeases(RemediationStore store, RemediationSettings settings) {
		this.store = store;
		this.settings = settings;
	}

	String executorId() {
		return executorId;
	}

	void hold(UUID remediationId) {
		held.add(remediationId);
	}

	void release(UUID remediationId) {
		held.remove(remediationId);
	}

	@EventListener(ApplicationReadyEvent.class)
	void startHeartbeat() {
		long every = settings.heartbeatInterval().toMillis();
		heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
	}

	void renew() {
		try {
			store.renewLeases(executorId, Set.copyOf(held), settings.leaseDuration());
		}
		catch (RuntimeException e) {
			// the store is unreachable: the lease may run out and another replica reconcile; the target's
			// advisory lock still keeps it from acting while this executor's statement runs
			log.warn("Could not renew execution leases: {}", e.getMessage());
		}
	}

	@PreDestroy
	void stop() {
		heartbeat.shutdownNow();
	}
}

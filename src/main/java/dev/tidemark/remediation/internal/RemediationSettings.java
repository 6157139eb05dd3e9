package dev.tidemark.remediation.internal;

import java.time.Duration;
import java.util.Map;

import dev.tidemark.remediation.Plan;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Approval policy and execution limits. {@code requiredApprovals} per risk (LOW/MEDIUM 1, HIGH 2), overridden for
 * targets carrying a label: {@code approvals-by-label."env=prod".HIGH: 3}; approvals expire after
 * {@code approvalTtl}; a lock timeout is retried {@code lockTimeoutRetries} times. An executor holds a lease of
 * {@code leaseDuration} on what it executes and renews it every {@code heartbeatInterval}; every
 * {@code reconcileInterval} each replica reconciles executions whose lease ran out, backing off up to
 * {@code reconcileMaxBackoff} while their target cannot be reached.
 */
@ConfigurationProperties("tidemark.remediation")
record RemediationSettings(@DefaultValue Map<Plan.Risk, Integer> requiredApprovals,
		@DefaultValue Map<String, Map<Plan.Risk, Integer>> approvalsByLabel, @DefaultValue("24h") Duration approvalTtl,
		@DefaultValue("3") int lockTimeoutRetries, @DefaultValue("1s") Duration lockTimeoutBackoff,
		@DefaultValue("30s") Duration leaseDuration, @DefaultValue("10s") Duration heartbeatInterval,
		@DefaultValue("15s") Duration reconcileInterval, @DefaultValue("5m") Duration reconcileMaxBackoff) {

	RemediationSettings {
		requiredApprovals = requiredApprovals == null || requiredApprovals.isEmpty()
				? Map.of(Plan.Risk.LOW, 1, Plan.Risk.MEDIUM, 1, Plan.Risk.HIGH, 2) : Map.copyOf(requiredApprovals);
		approvalsByLabel = approvalsByLabel == null ? Map.of() : Map.copyOf(approvalsByLabel);
		if (heartbeatInterval.compareTo(leaseDuration) >= 0) {
			throw new IllegalArgumentException("tidemark.remediation.heartbeat-interval (" + heartbeatInterval
					+ ") must be shorter than lease-duration (" + leaseDuration + ")");
		}
	}

	/** How long to wait before the next try to reach a target after {@code attempts} failed ones. */
	Duration reconcileBackoff(int attempts) {
		Duration backoff = reconcileInterval.multipliedBy(1L << Math.min(attempts, 16));
		return backoff.compareTo(reconcileMaxBackoff) > 0 ? reconcileMaxBackoff : backoff;
	}

	int required(Plan.Risk risk, Map<String, String> labels) {
		int required = requiredApprovals.getOrDefault(risk, risk == Plan.Risk.HIGH ? 2 : 1);
		for (var entry : approvalsByLabel.entrySet()) {
			String[] kv = entry.getKey().split("=", 2);
			if (kv.length == 2 && kv[1].equals(labels.get(kv[0])) && entry.getValue().containsKey(risk)) {
				required = Math.max(required, entry.getValue().get(risk));
			}
		}
		return required;
	}
}

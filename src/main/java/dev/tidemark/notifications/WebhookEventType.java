package dev.tidemark.notifications;

import java.util.Arrays;
import java.util.Optional;

/** The events a webhook can subscribe to, by their wire names. */
public enum WebhookEventType {

	FINDING_OPENED("finding.opened"), FINDING_RESOLVED("finding.resolved"), FINDING_REOPENED("finding.reopened"),
	SCAN_FAILED("scan.failed"), GATE_CHANGED("gate.changed"), REMEDIATION_PROPOSED("remediation.proposed"),
	REMEDIATION_APPROVED("remediation.approved"), REMEDIATION_REJECTED("remediation.rejected"),
	REMEDIATION_EXECUTED("remediation.executed"), REMEDIATION_VERIFIED("remediation.verified"),
	REMEDIATION_FAILED("remediation.failed"), REMEDIATION_STALE("remediation.stale");

	private final String wireName;

	WebhookEventType(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return wireName;
	}

	public static Optional<WebhookEventType> ofWireName(String name) {
		return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
	}
}

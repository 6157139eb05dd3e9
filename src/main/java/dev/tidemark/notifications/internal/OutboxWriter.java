package dev.tidemark.notifications.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.checks.FindingsReconciled;
import dev.tidemark.checks.FindingsReconciled.FindingChange;
import dev.tidemark.checks.Scan;
import dev.tidemark.checks.ScanCompleted;
import dev.tidemark.checks.Scans;
import dev.tidemark.notifications.WebhookEventType;
import dev.tidemark.remediation.RemediationEvent;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetNotFoundException;
import dev.tidemark.targets.Targets;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes the outbox. Plain synchronous {@code @EventListener}s on purpose: the modules publish inside their store
 * transaction, so a delivery row commits with the change it announces, or not at all (an after-commit listener
 * could lose an event if Tidemark stopped in between; an async one could announce a change that rolled back).
 */
@Component
class OutboxWriter {

	/** Findings listed in one event; the count is always complete. */
	static final int MAX_LISTED_FINDINGS = 100;

	private static final int MAX_SLACK_TEXT = 2900;

	private final DeliveryStore deliveries;

	private final Targets targets;

	private final Scans scans;

	private final JsonMapper json;

	private final Clock clock;

	OutboxWriter(DeliveryStore deliveries, Targets targets, Scans scans, JsonMapper json, Clock clock) {
		this.deliveries = deliveries;
		this.targets = targets;
		this.scans = scans;
		this.json = json;
		this.clock = clock;
	}

	@EventListener
	void on(FindingsReconciled e) {
		findings(e, WebhookEventType.FINDING_OPENED, e.opened(), "new");
		findings(e, WebhookEventType.FINDING_REOPENED, e.reopened(), "reopened");
		findings(e, WebhookEventType.FINDING_RESOLVED, e.resolved(), "resolved");
		if (e.gateChanged()) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("scanId", e.scanId());
			data.put("passed", e.gatePassedAfter());
			data.put("maxSeverity", FindingsReconciled.GATE_SEVERITY.name());
			enqueue(WebhookEventType.GATE_CHANGED, e.targetId(), data,
					name -> "Release gate of *" + name + "* now " + (e.gatePassedAfter() ? "PASSES" : "FAILS")
							+ " (no open finding at or above " + FindingsReconciled.GATE_SEVERITY + ")");
		}
	}

	@EventListener
	void on(ScanCompleted e) {
		if (e.status() != Scan.Status.FAILED) {
			return;
		}
		Scan.ScanError error = scans.get(e.scanId()).error();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("scanId", e.scanId());
		data.put("requestedBy", e.requestedBy());
		if (error != null) {
			data.put("errorCode", error.code());
			data.put("errorMessage", error.message());
		}
		enqueue(WebhookEventType.SCAN_FAILED, e.targetId(), data, name -> "Scan of *" + name + "* failed"
				+ (error == null ? "" : ": " + slackEscaped(error.code()) + " — " + slackEscaped(error.message())));
	}

	@EventListener
	void on(RemediationEvent e) {
		Optional<WebhookEventType> type = remediationType(e.action(), e.outcome());
		if (type.isEmpty()) {
			return;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("remediationId", e.remediationId());
		data.put("action", e.action());
		data.put("outcome", e.outcome());
		data.put("actor", e.actor());
		if (e.detail() != null) {
			data.put("detail", e.detail());
		}
		String verb = type.get().wireName().substring("remediation.".length());
		enqueue(type.get(), e.targetId(), data, name -> "Remediation " + e.remediationId() + " on *" + name + "* "
				+ verb + " by " + slackEscaped(e.actor()) + (e.detail() == null ? "" : ": " + slackEscaped(e.detail())));
	}

	/** Which webhook event a remediation step is, if any (STARTED, rollbacks and partial verifications are not). */
	static Optional<WebhookEventType> remediationType(String action, String outcome) {
		return Optional.ofNullable(switch (action + "/" + outcome) {
			case "propose/PROPOSED" -> WebhookEventType.REMEDIATION_PROPOSED;
			case "approve/APPROVED" -> WebhookEventType.REMEDIATION_APPROVED;
			case "reject/REJECTED" -> WebhookEventType.REMEDIATION_REJECTED;
			case "execute/APPLIED", "reconcile/APPLIED" -> WebhookEventType.REMEDIATION_EXECUTED;
			case "verify/VERIFIED" -> WebhookEventType.REMEDIATION_VERIFIED;
			case "execute/FAILED", "reconcile/FAILED" -> WebhookEventType.REMEDIATION_FAILED;
			case "execute/STALE", "approve/STALE" -> WebhookEventType.REMEDIATION_STALE;
			default -> null;
		});
	}

	private void findings(FindingsReconciled e, WebhookEventType type, List<FindingChange> changed, String adjective) {
		if (changed.isEmpty()) {
			return;
		}
		List<FindingChange> listed = changed.subList(0, Math.min(changed.size(), MAX_LISTED_FINDINGS));
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("scanId", e.scanId());
		data.put("count", changed.size());
		data.put("findings", listed.stream().map(f -> Map.of("id", f.findingId(), "ruleId", f.ruleId(),
				"severity", f.severity().name(), "object", f.object())).toList());
		enqueue(type, e.targetId(), data, name -> {
			StringBuilder text = new StringBuilder(changed.size() + " " + adjective + " finding(s) on *" + name + "*");
			changed.stream().limit(10).forEach(f -> text.append("\n• ").append(f.severity()).append(' ')
				.append(slackEscaped(f.ruleId())).append(' ').append(slackEscaped(f.object())));
			if (changed.size() > 10) {
				text.append("\n… and ").append(changed.size() - 10).append(" more");
			}
			return text.toString();
		});
	}

	/**
	 * {@code summary} builds the Slack text from the target's name, escaped; it escapes every other text it
	 * interpolates with {@link #slackEscaped}, so only its own markup ({@code *bold*}) is markup.
	 */
	private void enqueue(WebhookEventType type, UUID targetId, Map<String, Object> data,
			java.util.function.Function<String, String> summary) {
		Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
		UUID eventId = UUID.randomUUID();
		@Nullable Target target = target(targetId);
		String targetName = target == null ? targetId.toString() : target.name();
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("id", eventId);
		envelope.put("type", type.wireName());
		envelope.put("createdAt", now.toString());
		envelope.put("targetId", targetId);
		envelope.put("targetName", targetName);
		envelope.put("data", data);
		String text = "[Tidemark] " + summary.apply(slackEscaped(targetName));
		if (text.length() > MAX_SLACK_TEXT) {
			// Slack refuses a section text over 3,000; the cut does not split an escape (&amp; cut to &am)
			int end = MAX_SLACK_TEXT - 1;
			int amp = text.lastIndexOf('&', end - 1);
			if (amp > end - "&amp;".length() && text.indexOf(';', amp) >= end) {
				end = amp;
			}
			text = text.substring(0, end) + "…";
		}
		Map<String, Object> slack = Map.of("text", text, "blocks",
				List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", text))));
		deliveries.enqueue(eventId, type.wireName(), targetId, target == null ? Map.of() : target.labels(),
				json.writeValueAsString(envelope), json.writeValueAsString(slack), now);
	}

	/**
	 * {@code text} as Slack shows it literally: its control characters {@code &}, {@code <} and {@code >} escaped, so
	 * a name like {@code <!channel>} or {@code <https://x|y>} mentions or links nothing.
	 */
	static String slackEscaped(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private @Nullable Target target(UUID targetId) {
		try {
			return targets.get(targetId);
		}
		catch (TargetNotFoundException e) {
			return null;
		}
	}
}

package dev.tidemark.remediation.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.Findings;
import dev.tidemark.checks.Scan;
import dev.tidemark.checks.Scans;
import dev.tidemark.remediation.Remediation;
import dev.tidemark.remediation.RemediationEvent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** After an APPLIED execution: a re-scan decides VERIFIED (its findings are gone) or APPLIED with the rest. */
@Component
class Verification {

	private final RemediationStore store;

	private final Scans scans;

	private final Findings findings;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate transactions;

	Verification(RemediationStore store, Scans scans, Findings findings, ApplicationEventPublisher events,
			Clock clock, TransactionTemplate transactions) {
		this.transactions = transactions;
		this.store = store;
		this.scans = scans;
		this.findings = findings;
		this.events = events;
		this.clock = clock;
	}

	void verify(RemediationStore.Row row, String actor) {
		Scan scan = scans.run(row.targetId(), "remediation:" + row.id());
		Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
		if (scan.status() != Scan.Status.SUCCEEDED) {
			store.setOutcome(row.id(), Remediation.Status.APPLIED, at,
					"Applied, but the verification scan failed: " + (scan.error() == null ? "" : scan.error().message()),
					List.of());
			return;
		}
		List<String> remaining = new ArrayList<>();
		for (var findingId : row.findingIds()) {
			Finding f = findings.get(findingId);
			if (f.status() != Finding.Status.RESOLVED) {
				remaining.add(f.ruleId() + " " + f.objectText());
			}
		}
		Remediation.Status status = remaining.isEmpty() ? Remediation.Status.VERIFIED : Remediation.Status.APPLIED;
		// one transaction: listeners (audit, webhook outbox) write their rows together with the outcome
		transactions.executeWithoutResult(tx -> {
			store.setOutcome(row.id(), status, at, remaining.isEmpty() ? "Verified by scan " + scan.id()
					: remaining.size() + " finding(s) remain after scan " + scan.id(), remaining);
			events.publishEvent(new RemediationEvent(row.id(), row.targetId(), "verify", actor, status.name(),
					"scan " + scan.id()));
		});
	}
}

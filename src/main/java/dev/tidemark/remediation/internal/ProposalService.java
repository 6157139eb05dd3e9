package dev.tidemark.remediation.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.tidemark.checks.Expectations;
import dev.tidemark.checks.Finding;
import dev.tidemark.checks.FindingNotFoundException;
import dev.tidemark.checks.Findings;
import dev.tidemark.checks.Scans;
import dev.tidemark.checks.StoredContract;
import dev.tidemark.common.Caller;
import dev.tidemark.common.PageOf;
import dev.tidemark.common.PageRequest;
import dev.tidemark.inspection.Snapshot;
import dev.tidemark.inspection.SnapshotNotFoundException;
import dev.tidemark.inspection.Snapshots;
import dev.tidemark.remediation.ChangelogWriter;
import dev.tidemark.remediation.Plan;
import dev.tidemark.remediation.Remediation;
import dev.tidemark.remediation.RemediationEvent;
import dev.tidemark.remediation.RemediationException;
import dev.tidemark.remediation.RemediationException.Reason;
import dev.tidemark.remediation.RemediationPlanner;
import dev.tidemark.remediation.Remediations;
import dev.tidemark.targets.JdbcDatabases;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.Targets;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proposals and approvals. Four eyes count people: the proposer's human (whatever credential proposed, and through
 * any token they created) can never decide, and each human decides once whichever credentials they use.
 */
@Service
@EnableConfigurationProperties(RemediationSettings.class)
class ProposalService implements Remediations {

	private final RemediationStore store;

	private final Findings findings;

	private final Snapshots snapshots;

	private final Expectations expectations;

	private final Targets targets;

	private final Scans scans;

	private final RemediationPlanner planner;

	private final RemediationSettings settings;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ProposalService(RemediationStore store, Findings findings, Snapshots snapshots, Expectations expectations,
			Targets targets, Scans scans, RemediationPlanner planner, RemediationSettings settings,
			TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
		this.store = store;
		this.findings = findings;
		this.snapshots = snapshots;
		this.expectations = expectations;
		this.targets = targets;
		this.scans = scans;
		this.planner = planner;
		this.settings = settings;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public Remediation propose(List<UUID> findingIds, boolean allowDestructive, Caller caller) {
		if (findingIds.isEmpty()) {
			throw new RemediationException(Reason.INVALID_FINDINGS, "findingIds must name at least one finding");
		}
		List<Finding> selected = new ArrayList<>();
		for (UUID id : new LinkedHashSet<>(findingIds)) {
			try {
				selected.add(findings.get(id));
			}
			catch (FindingNotFoundException e) {
				throw new RemediationException(Reason.INVALID_FINDINGS, "No finding with id " + id);
			}
		}
		Set<UUID> targetIds = selected.stream().map(Finding::targetId).collect(Collectors.toSet());
		if (targetIds.size() != 1) {
			throw new RemediationException(Reason.INVALID_FINDINGS, "All findings of a remediation must belong to one target");
		}
		List<String> notOpen = selected.stream().filter(f -> f.status() != Finding.Status.OPEN)
			.map(f -> f.id() + " is " + f.status()).toList();
		if (!notOpen.isEmpty()) {
			throw new RemediationException(Reason.INVALID_FINDINGS, "Only open findings can be repaired: " + notOpen);
		}
		UUID targetId = targetIds.iterator().next();
		Target target = targets.get(targetId);
		Snapshot snapshot;
		try {
			snapshot = snapshots.latest(targetId);
		}
		catch (SnapshotNotFoundException e) {
			throw new RemediationException(Reason.INVALID_FINDINGS, e.getMessage());
		}
		UUID id = UUID.randomUUID();
		Plan plan = planner.plan(id, selected, snapshot.catalog(),
				expectations.contract(targetId).map(StoredContract::contract).orElse(null), allowDestructive);
		if (!plan.refused().isEmpty()) {
			List<Map<String, Object>> refusals = plan.refused().stream().<Map<String, Object>>map(r -> {
				Map<String, Object> m = new LinkedHashMap<>();
				m.put("findingId", r.findingId());
				m.put("reason", r.reason());
				m.put("instead", r.instead());
				return m;
			}).toList();
			throw new RemediationException(Reason.REFUSED, plan.refused().size() + " of " + selected.size()
					+ " finding(s) have no safe automatic repair; propose the others without them", refusals);
		}
		Instant now = now();
		String changelog = new ChangelogWriter().write(id, plan);
		RemediationStore.Row row = new RemediationStore.Row(id, targetId, Remediation.Status.PROPOSED, plan.risk(),
				required(plan.risk(), target), caller.name(), caller.human(), now, now,
				selected.stream().map(Finding::id).toList(), plan, changelog,
				CatalogState.of(snapshot.catalog(), plan.touchedObjects()),
				CatalogState.objects(snapshot.catalog(), plan.touchedObjects()), null, List.of(), null, 0, null,
				TargetBinding.of(target), scans.databaseIdentities(List.of(targetId)).get(targetId));
		transactions.executeWithoutResult(status -> {
			store.insert(row);
			events.publishEvent(new RemediationEvent(id, targetId, "propose", caller.name(), "PROPOSED",
					plan.risk() + " risk, " + plan.steps().size() + " step(s)"));
		});
		return get(id);
	}

	/**
	 * The approvals a plan of {@code risk} needs on {@code target}: the most any target of the same database asks
	 * for, so that registering the database again with weaker labels does not weaken its check. The same database:
	 * its URL names the same host, port and database, or its latest scan reached the same database (whatever the
	 * URLs say: an alias, another spelling of the host, a pooler).
	 */
	private int required(Plan.Risk risk, Target target) {
		String database = JdbcDatabases.identity(target.jdbcUrl());
		List<Target> all = targets.all();
		Map<UUID, String> reached = scans.databaseIdentities(all.stream().map(Target::id).toList());
		String reachedHere = reached.get(target.id());
		return all.stream()
			.filter(t -> t.id().equals(target.id()) || JdbcDatabases.identity(t.jdbcUrl()).equals(database)
					|| (reachedHere != null && reachedHere.equals(reached.get(t.id()))))
			.mapToInt(t -> settings.required(risk, t.labels()))
			.max()
			.orElse(settings.required(risk, target.labels()));
	}

	@Override
	public Remediation get(UUID id) {
		return view(row(id));
	}

	@Override
	public PageOf<Remediation> list(@Nullable UUID targetId, Remediation.@Nullable Status status, PageRequest page) {
		return PageOf.of(store.page(targetId, status, page).stream().map(this::view).toList(), page,
				store.count(targetId, status));
	}

	@Override
	public String changelog(UUID id) {
		return row(id).changelog();
	}

	@Override
	public String preview(UUID id) {
		return new ChangelogWriter().previewSql(row(id).plan());
	}

	@Override
	public Remediation approve(UUID id, Caller caller, String comment, @Nullable String externalRef) {
		return decide(id, Remediation.Decision.Kind.APPROVAL, caller, comment, externalRef);
	}

	@Override
	public Remediation reject(UUID id, Caller caller, String comment, @Nullable String externalRef) {
		return decide(id, Remediation.Decision.Kind.REJECTION, caller, comment, externalRef);
	}

	@Override
	public Remediation approveRollback(UUID id, Caller caller, String comment, @Nullable String externalRef) {
		RemediationStore.Row row = row(id);
		if (!ExecutionService.ROLLBACKABLE.contains(row.status())) {
			throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " is " + row.status()
					+ "; only APPLIED, VERIFIED or FAILED remediations can be rolled back");
		}
		if (!TargetBinding.allowsRollback(row.targetBinding(), targets.get(row.targetId()))) {
			throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " cannot be rolled back: "
					+ TargetBinding.ROLLBACK_ELSEWHERE);
		}
		Instant now = now();
		try {
			transactions.executeWithoutResult(status -> {
				int executions = store.executionCount(id);
				store.dropOutdatedRollbackApproval(id, caller.human(), executions, store.lastExecutionStart(id));
				store.dropExpiredApproval(id, caller.human(), Remediation.Decision.Kind.ROLLBACK_APPROVAL, now);
				store.insertRollbackApproval(id, new Remediation.Decision(Remediation.Decision.Kind.ROLLBACK_APPROVAL,
						caller.name(), caller.human(), comment, externalRef, now, now.plus(settings.approvalTtl()), false),
						executions);
				events.publishEvent(new RemediationEvent(id, row.targetId(), "approve-rollback", caller.name(),
						"ROLLBACK_APPROVED", externalRef == null ? comment : comment + " (" + externalRef + ")"));
			});
		}
		catch (DuplicateKeyException e) {
			throw new RemediationException(Reason.STATE_CONFLICT, caller.human() + " already approved rolling back "
					+ "remediation " + id + "; one decision per person, whichever credential they use");
		}
		return get(id);
	}

	private Remediation decide(UUID id, Remediation.Decision.Kind kind, Caller caller, String comment,
			@Nullable String externalRef) {
		RemediationStore.Row row = row(id);
		if (row.proposedByHuman().equals(caller.human())) {
			throw new RemediationException(Reason.NOT_ALLOWED, "The proposer of a remediation cannot approve or reject "
					+ "it (four eyes): " + row.proposedByHuman() + " proposed it"
					+ (row.proposedBy().equals(row.proposedByHuman()) ? "" : " with " + row.proposedBy())
					+ ", and " + caller.describe() + " acts for the same person");
		}
		if (row.status() != Remediation.Status.PROPOSED && row.status() != Remediation.Status.APPROVED) {
			throw new RemediationException(Reason.STATE_CONFLICT,
					"Remediation " + id + " is " + row.status() + "; only PROPOSED or APPROVED ones take decisions");
		}
		Instant now = now();
		if (kind == Remediation.Decision.Kind.APPROVAL
				&& !TargetBinding.holds(row.targetBinding(), targets.get(row.targetId()))) {
			// an approval would be for another database or approval rule than the plan was made for
			transactions.executeWithoutResult(status -> {
				if (store.transition(id, EnumSet.of(Remediation.Status.PROPOSED, Remediation.Status.APPROVED),
						Remediation.Status.STALE, now, TargetBinding.CHANGED)) {
					events.publishEvent(new RemediationEvent(id, row.targetId(), "approve", caller.name(), "STALE",
							TargetBinding.CHANGED));
				}
			});
			throw new RemediationException(Reason.STALE, "Remediation " + id + " is stale: " + TargetBinding.CHANGED);
		}
		Instant expires = kind == Remediation.Decision.Kind.APPROVAL ? now.plus(settings.approvalTtl()) : null;
		try {
			transactions.executeWithoutResult(status -> {
				if (kind == Remediation.Decision.Kind.APPROVAL) {
					store.dropExpiredApproval(id, caller.human(), kind, now); // an expired approval may be given again
				}
				store.insertDecision(id, new Remediation.Decision(kind, caller.name(), caller.human(), comment,
						externalRef, now, expires, false));
				if (kind == Remediation.Decision.Kind.REJECTION) {
					if (!store.transition(id, EnumSet.of(Remediation.Status.PROPOSED, Remediation.Status.APPROVED),
							Remediation.Status.REJECTED, now, "Rejected by " + caller.describe() + ": " + comment)) {
						throw new RemediationException(Reason.STATE_CONFLICT, "Remediation " + id + " changed meanwhile");
					}
				}
				else if (store.validApprovals(id, now) >= row.requiredApprovals()) {
					store.transition(id, EnumSet.of(Remediation.Status.PROPOSED), Remediation.Status.APPROVED, now, null);
				}
				events.publishEvent(new RemediationEvent(id, row.targetId(),
						kind == Remediation.Decision.Kind.APPROVAL ? "approve" : "reject", caller.name(),
						kind == Remediation.Decision.Kind.APPROVAL ? "APPROVED" : "REJECTED",
						externalRef == null ? comment : comment + " (" + externalRef + ")"));
			});
		}
		catch (DuplicateKeyException e) {
			throw new RemediationException(Reason.STATE_CONFLICT, caller.human() + " already "
					+ (kind == Remediation.Decision.Kind.APPROVAL ? "approved" : "rejected") + " remediation " + id
					+ "; one decision per person, whichever credential they use");
		}
		return get(id);
	}


	private Remediation view(RemediationStore.Row row) {
		Instant now = now();
		List<Remediation.Decision> decisions = store.decisions(row.id(), now);
		int valid = RemediationStore.validApprovals(decisions);
		return new Remediation(row.id(), row.targetId(), row.status(), row.risk(), row.requiredApprovals(), valid,
				row.proposedBy(), row.proposedByHuman(), row.proposedAt(), row.updatedAt(), row.findingIds(),
				row.plan().touchedObjects(),
				row.plan().steps().stream().map(s -> new Remediation.StepSummary(s.id(), s.findingId(), s.description(),
						s.risk(), s.transactional(), s.rollback().kind() == Plan.Rollback.Kind.SQL ? s.rollback().text()
								: s.rollback().kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": "
										+ s.rollback().text()))
					.toList(),
				decisions, row.statusReason(), row.remainingFindings(),
				row.status() == Remediation.Status.EXECUTING ? row.orphanedStatement() : null);
	}

	private RemediationStore.Row row(UUID id) {
		return store.find(id)
			.orElseThrow(() -> new RemediationException(Reason.NOT_FOUND, "No remediation with id " + id));
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}

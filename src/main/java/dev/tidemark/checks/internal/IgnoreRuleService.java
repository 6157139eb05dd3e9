package dev.tidemark.checks.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.IgnoreRule;
import dev.tidemark.checks.IgnoreRuleChanged;
import dev.tidemark.checks.IgnoreRuleChanged.Change;
import dev.tidemark.checks.IgnoreRuleNotFoundException;
import dev.tidemark.checks.IgnoreSelectors;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.common.InvalidRequestException;
import dev.tidemark.common.Precondition;
import dev.tidemark.common.PreconditionFailedException;
import dev.tidemark.targets.Targets;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stored ignore rules (global and per target), and the filter a scan applies with them and its contract's. */
@Service
class IgnoreRuleService {

	static final String TARGET = "target";

	static final String GLOBAL = "global";

	static final String CONTRACT = "contract";

	private final IgnoreRuleRepository repository;

	private final RuleCatalog rules;

	private final Targets targets;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	IgnoreRuleService(IgnoreRuleRepository repository, RuleCatalog rules, Targets targets,
			ApplicationEventPublisher events, Clock clock) {
		this.repository = repository;
		this.rules = rules;
		this.targets = targets;
		this.events = events;
		this.clock = clock;
	}

	/** An ignore rule as asked for (created, or replacing one); the null selectors are not checked. */
	record NewIgnoreRule(@Nullable String ruleId, @Nullable String objectKind, @Nullable String objectPattern,
			@Nullable String reason, @Nullable Instant expiresAt) {
	}

	/** The global rules when {@code targetId} is null, else the target's own; expired ones included, marked. */
	@Transactional(readOnly = true)
	List<IgnoreRule> list(@Nullable UUID targetId) {
		Instant now = now();
		List<IgnoreRuleRow> rows;
		if (targetId == null) {
			rows = repository.findByTargetIdIsNullOrderByCreatedAtAscIdAsc();
		}
		else {
			targets.get(targetId);
			rows = repository.findByTargetIdOrderByCreatedAtAscIdAsc(targetId);
		}
		return rows.stream().map(r -> r.toRule(now)).toList();
	}

	@Transactional(readOnly = true)
	IgnoreRule get(UUID id) {
		return repository.findById(id).orElseThrow(() -> new IgnoreRuleNotFoundException(id)).toRule(now());
	}

	@Transactional
	IgnoreRule create(@Nullable UUID targetId, NewIgnoreRule request, String actor) {
		if (targetId != null) {
			targets.get(targetId);
		}
		Instant now = now();
		validate(request, now);
		IgnoreRuleRow saved = repository.save(new IgnoreRuleRow(UUID.randomUUID(), targetId, request.ruleId(),
				request.objectKind(), request.objectPattern(), request.reason().strip(),
				micros(request.expiresAt()), actor, now, null));
		events.publishEvent(new IgnoreRuleChanged(saved.id(), targetId, Change.CREATED, selectors(saved),
				saved.reason(), saved.expiresAt(), null, actor));
		return saved.toRule(now);
	}

	/**
	 * Replaces the rule's selectors, reason and expiry, validated as on create; its id, scope (target or global)
	 * and creation stay. Scans started from now on apply it as updated.
	 */
	@Transactional
	IgnoreRule update(UUID id, NewIgnoreRule request, String actor, Precondition precondition) {
		IgnoreRuleRow current = rowFor(id, precondition);
		Instant now = now();
		precondition.checkWrite(what(id), eTag(current.toRule(now)));
		validate(request, now);
		IgnoreRuleRow saved;
		try {
			// @Version: the update is conditional on the version checked above; of two writers, one wins
			saved = repository.save(new IgnoreRuleRow(id, current.targetId(), request.ruleId(), request.objectKind(),
					request.objectPattern(), request.reason().strip(), micros(request.expiresAt()),
					current.createdBy(), current.createdAt(), current.version()));
		}
		catch (OptimisticLockingFailureException e) {
			throw changedMeanwhile(id, precondition);
		}
		events.publishEvent(new IgnoreRuleChanged(id, saved.targetId(), Change.UPDATED, selectors(saved),
				saved.reason(), saved.expiresAt(),
				new IgnoreRuleChanged.Before(selectors(current), current.reason(), current.expiresAt()), actor));
		return saved.toRule(now);
	}

	@Transactional
	void delete(UUID id, String actor, Precondition precondition) {
		IgnoreRuleRow row = rowFor(id, precondition);
		precondition.checkWrite(what(id), eTag(row.toRule(now())));
		try {
			repository.delete(row);
		}
		catch (OptimisticLockingFailureException e) {
			throw changedMeanwhile(id, precondition);
		}
		events.publishEvent(new IgnoreRuleChanged(id, row.targetId(), Change.DELETED, selectors(row), row.reason(),
				row.expiresAt(), null, actor));
	}

	/** The strong ETag of a rule as it is: changes with every update. */
	static String eTag(IgnoreRule rule) {
		return Precondition.strongETag("ignore-rule", rule.id(), rule.version());
	}

	static String what(UUID id) {
		return "ignore rule " + id;
	}

	/** The row to write; absent, it is a 412 under If-Match (RFC 9110: it matches no ETag), else a 404. */
	private IgnoreRuleRow rowFor(UUID id, Precondition precondition) {
		Optional<IgnoreRuleRow> row = repository.findById(id);
		if (row.isEmpty()) {
			precondition.checkWrite(what(id));
			throw new IgnoreRuleNotFoundException(id);
		}
		return row.get();
	}

	/** The row changed or went away between reading and writing it. */
	private RuntimeException changedMeanwhile(UUID id, Precondition precondition) {
		if (!repository.existsById(id)) {
			return new IgnoreRuleNotFoundException(id);
		}
		if (precondition.ifMatch() != null) {
			return new PreconditionFailedException(
					"If-Match: " + what(id) + " has changed since that ETag; read it again, then retry");
		}
		return new OptimisticLockingFailureException(
				"Ignore rule " + id + " was changed by another request meanwhile; retry");
	}

	private void validate(NewIgnoreRule request, Instant now) {
		IgnoreSelectors.validate(request.ruleId(), request.objectKind(), request.objectPattern(), (field, message) -> {
			throw new InvalidRequestException(switch (field) {
				case RULE -> "ruleId";
				case KIND -> "objectKind";
				case OBJECT -> "objectPattern";
			}, message);
		});
		if (request.ruleId() != null && !rules.knows(request.ruleId())) {
			throw new InvalidRequestException("ruleId", "no rule has the id '" + request.ruleId()
					+ "'; GET /api/v1/rules lists them");
		}
		if (request.reason() == null || request.reason().isBlank()) {
			throw new InvalidRequestException("reason", "say why these differences are ignored");
		}
		if (request.reason().length() > 1000) {
			throw new InvalidRequestException("reason", "at most 1000 characters");
		}
		if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
			throw new InvalidRequestException("expiresAt", "must be in the future; leave it out for no expiry");
		}
	}

	/** What a scan of the target ignores now: its stored rules, then its contract's entries, then global rules. */
	@Transactional(readOnly = true)
	IgnoreFilter.Result apply(UUID targetId, List<Expectation> expectations, List<Violation> violations,
			Instant now) {
		List<IgnoreRuleRow> stored = repository.findInForce(targetId, now);
		List<IgnoreFilter.Selector> selectors = new ArrayList<>();
		stored.stream().filter(r -> r.targetId() != null).map(IgnoreRuleService::selector).forEach(selectors::add);
		for (Expectation expectation : expectations) {
			if (expectation.source() != Expectation.Source.CONTRACT) {
				continue;
			}
			List<Contract.IgnoreEntry> entries = expectation.contract().ignore();
			for (int i = 0; i < entries.size(); i++) {
				Contract.IgnoreEntry e = entries.get(i);
				Instant expiresAt = e.expiresAt();
				if (expiresAt == null || expiresAt.isAfter(now)) {
					selectors.add(new IgnoreFilter.Selector(CONTRACT, null, "ignore[" + i + "]", e.rule(), e.kind(),
							e.object(), e.reason()));
				}
			}
		}
		stored.stream().filter(r -> r.targetId() == null).map(IgnoreRuleService::selector).forEach(selectors::add);
		return IgnoreFilter.apply(selectors, violations);
	}

	private static IgnoreFilter.Selector selector(IgnoreRuleRow r) {
		return new IgnoreFilter.Selector(r.targetId() == null ? GLOBAL : TARGET, r.id(), null, r.ruleId(),
				r.objectKind(), r.objectPattern(), r.reason());
	}

	private static String selectors(IgnoreRuleRow r) {
		List<String> parts = new ArrayList<>();
		if (r.ruleId() != null) {
			parts.add("rule=" + r.ruleId());
		}
		if (r.objectKind() != null) {
			parts.add("kind=" + r.objectKind());
		}
		if (r.objectPattern() != null) {
			parts.add("object=" + r.objectPattern());
		}
		return String.join(" ", parts);
	}

	private static @Nullable Instant micros(@Nullable Instant instant) {
		return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}

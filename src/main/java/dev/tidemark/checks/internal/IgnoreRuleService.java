package dev.tidemark.checks.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.IgnoreRule;
import dev.tidemark.checks.IgnoreRuleChanged;
import dev.tidemark.checks.IgnoreRuleNotFoundException;
import dev.tidemark.checks.IgnoreSelectors;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.common.InvalidRequestException;
import dev.tidemark.targets.Targets;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
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

	/** A new ignore rule as asked for; the null selectors are not checked. */
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
				request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MICROS), actor, now,
				null));
		events.publishEvent(new IgnoreRuleChanged(saved.id(), targetId, true, selectors(saved), saved.reason(), actor));
		return saved.toRule(now);
	}

	@Transactional
	void delete(UUID id, String actor) {
		IgnoreRuleRow row = repository.findById(id).orElseThrow(() -> new IgnoreRuleNotFoundException(id));
		repository.delete(row);
		events.publishEvent(new IgnoreRuleChanged(id, row.targetId(), false, selectors(row), row.reason(), actor));
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

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}

package dev.tidemark.remediation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.remediation.Plan.Refusal;
import dev.tidemark.remediation.Plan.Step;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.remediation.internal.ChangeOrder;
import dev.tidemark.remediation.internal.ChangeRenderer;
import dev.tidemark.remediation.internal.Generators;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Turns findings into a plan: pure, no database. Findings without a safe automatic repair are refused with the
 * reason and what to do instead; the rest become steps in an order where each step's prerequisites come first
 * (extensions, then columns, then keys and constraints, then indexes, partitions and bookkeeping).
 */
@Component
public class RemediationPlanner {

	public Plan plan(UUID remediationId, List<Finding> findings, CatalogSnapshot snapshot,
			@Nullable Contract contract) {
		return plan(remediationId, findings, snapshot, contract, false);
	}

	/**
	 * Findings whose evidence carries typed changes (the reference comparison's) are planned together: their changes
	 * are put in one dependency order across findings and each distinct change runs once. Findings of the rules
	 * still repaired by {@link Generators} run in their rule order, each rule's steps just before the phase of
	 * typed changes that may need them ({@link Generators#runsBefore}). A finding that needs a destructive change
	 * is refused unless {@code allowDestructive}.
	 */
	public Plan plan(UUID remediationId, List<Finding> findings, CatalogSnapshot snapshot, @Nullable Contract contract,
			boolean allowDestructive) {
		Generators generators = new Generators(remediationId, snapshot, contract);
		List<Finding> ordered = findings.stream()
			.sorted(Comparator.comparingInt(RemediationPlanner::rank).thenComparing(f -> f.object().text()))
			.toList();
		List<Step> steps = new ArrayList<>();
		Map<SchemaChange.Phase, List<Map.Entry<Finding, Generators.Outcome>>> legacy = new EnumMap<>(
				SchemaChange.Phase.class);
		Set<String> touched = new LinkedHashSet<>();
		List<Refusal> refused = new ArrayList<>();
		Map<SchemaChange, UUID> typed = new LinkedHashMap<>();
		Set<String> planned = new HashSet<>();
		for (Finding finding : ordered) {
			if (!finding.repair().automatic()) {
				refused.add(new Refusal(finding.id(), finding.repair().summary(),
						finding.repair().instead() == null ? "Repair it by hand" : finding.repair().instead()));
				continue;
			}
			List<SchemaChange> changes = Changes.fromEvidence(finding.evidence());
			if (!changes.isEmpty()) {
				if (!allowDestructive && changes.stream().anyMatch(SchemaChange::destructive)) {
					refused.add(new Refusal(finding.id(),
							"The repair drops or rewrites what the target holds: "
									+ changes.stream().filter(SchemaChange::destructive).map(SchemaChange::summary)
										.collect(Collectors.joining("; ")),
							"Propose it again with \"allowDestructive\": true if the target must lose it"));
					continue;
				}
				changes.forEach(c -> typed.putIfAbsent(c, finding.id()));
				changes.forEach(c -> touched.addAll(c.touches()));
				continue;
			}
			Generators.Outcome outcome = generators.generate(finding);
			if (outcome.refusal() != null) {
				refused.add(new Refusal(finding.id(), outcome.refusal(), String.valueOf(outcome.instead())));
				continue;
			}
			legacy.computeIfAbsent(Generators.runsBefore(finding.ruleId()), p -> new ArrayList<>())
				.add(Map.entry(finding, outcome));
			touched.addAll(outcome.touched());
		}
		// the typed changes in phase order; each generator's steps go before the phase that may need them
		Map<SchemaChange.Phase, List<SchemaChange>> byPhase = new EnumMap<>(SchemaChange.Phase.class);
		for (SchemaChange change : ChangeOrder.sort(List.copyOf(typed.keySet()))) {
			byPhase.computeIfAbsent(change.phase(), p -> new ArrayList<>()).add(change);
		}
		for (SchemaChange.Phase phase : SchemaChange.Phase.values()) {
			for (Map.Entry<Finding, Generators.Outcome> entry : legacy.getOrDefault(phase, List.of())) {
				for (Generators.Draft d : entry.getValue().drafts()) {
					if (planned.add(d.sql() + "\n" + d.precondition())) {
						steps.add(step(remediationId, steps.size(), entry.getKey().id(), d));
					}
				}
			}
			for (SchemaChange change : byPhase.getOrDefault(phase, List.of())) {
				for (Generators.Draft d : ChangeRenderer.render(change)) {
					// two changes may plan the same step (two keys on one nullable column, each with its NOT NULL
					// guard; two builds guarded by dropping one invalid index): run it once
					if (planned.add(d.sql() + "\n" + d.precondition())) {
						steps.add(step(remediationId, steps.size(), typed.get(change), d));
					}
				}
			}
		}
		return new Plan(Plan.riskOf(steps), steps, List.copyOf(touched), refused);
	}

	private static Step step(UUID remediationId, int index, UUID findingId, Generators.Draft d) {
		String id = remediationId + "-" + String.format(Locale.ROOT, "%02d", index + 1);
		return new Step(id, findingId, d.description(), d.risk(), d.transactional(), d.sql(), d.rollback(),
				d.precondition(), d.expected(), d.runAlways());
	}

	private static int rank(Finding finding) {
		int i = Generators.ORDER.indexOf(finding.ruleId());
		return i < 0 ? Generators.ORDER.size() : i;
	}
}

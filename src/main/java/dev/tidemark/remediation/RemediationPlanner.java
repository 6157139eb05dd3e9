package dev.tidemark.remediation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.remediation.Plan.Refusal;
import dev.tidemark.remediation.Plan.Step;
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
		Generators generators = new Generators(remediationId, snapshot, contract);
		List<Finding> ordered = findings.stream()
			.sorted(Comparator.comparingInt(RemediationPlanner::rank).thenComparing(f -> f.object().text()))
			.toList();
		List<Step> steps = new ArrayList<>();
		Set<String> touched = new LinkedHashSet<>();
		List<Refusal> refused = new ArrayList<>();
		for (Finding finding : ordered) {
			if (!finding.repair().automatic()) {
				Generators.Outcome specific = generators.specificRefusal(finding);
				refused.add(specific != null
						? new Refusal(finding.id(), specific.refusal(), String.valueOf(specific.instead()))
						: new Refusal(finding.id(), finding.repair().summary(),
								finding.repair().instead() == null ? "Repair it by hand" : finding.repair().instead()));
				continue;
			}
			Generators.Outcome outcome = generators.generate(finding);
			if (outcome.refusal() != null) {
				refused.add(new Refusal(finding.id(), outcome.refusal(), String.valueOf(outcome.instead())));
				continue;
			}
			for (Generators.Draft d : outcome.drafts()) {
				String id = remediationId + "-" + String.format(Locale.ROOT, "%02d", steps.size() + 1);
				steps.add(new Step(id, finding.id(), d.description(), d.risk(), d.transactional(), d.sql(),
						d.rollback(), d.precondition(), d.expected(), d.runAlways()));
			}
			touched.addAll(outcome.touched());
		}
		return new Plan(Plan.riskOf(steps), steps, List.copyOf(touched), refused);
	}

	private static int rank(Finding finding) {
		int i = Generators.ORDER.indexOf(finding.ruleId());
		return i < 0 ? Generators.ORDER.size() : i;
	}
}

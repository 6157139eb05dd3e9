package dev.tidemark.remediation;

import java.util.ArrayList;
import java.util.Comparator;
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
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.remediation.Plan.Refusal;
import dev.tidemark.remediation.Plan.Step;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.remediation.internal.ChangeOrder;
import dev.tidemark.remediation.internal.ChangeRenderer;
import dev.tidemark.remediation.internal.Draft;
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
	 * Every automatic repair is a list of typed changes in its finding's evidence. The changes of all findings are
	 * put in one dependency order ({@link ChangeOrder}) and each distinct change, and each distinct step two changes
	 * share, runs once. A finding that needs a destructive change is refused unless {@code allowDestructive}; one
	 * stored before its rule described its repair as typed changes carries none and is refused with what to do.
	 */
	public Plan plan(UUID remediationId, List<Finding> findings, CatalogSnapshot snapshot, @Nullable Contract contract,
			boolean allowDestructive) {
		List<Finding> ordered = findings.stream().sorted(Comparator.comparing(f -> f.object().text())).toList();
		Set<String> touched = new LinkedHashSet<>();
		List<Refusal> refused = new ArrayList<>();
		Map<Finding, List<SchemaChange>> accepted = new LinkedHashMap<>();
		for (Finding finding : ordered) {
			if (!finding.repair().automatic()) {
				refused.add(new Refusal(finding.id(), finding.repair().summary(),
						finding.repair().instead() == null ? "Repair it by hand" : finding.repair().instead()));
				continue;
			}
			List<SchemaChange> changes = Changes.fromEvidence(finding.evidence());
			if (changes.isEmpty()) {
				refused.add(new Refusal(finding.id(), "The finding carries no changes to plan (it was stored before "
						+ finding.ruleId() + " described its repair as typed changes)",
						"Scan the target again, which refreshes the finding, then propose it; or apply the repair by "
								+ "hand: " + finding.repair().summary()));
				continue;
			}
			if (!allowDestructive && changes.stream().anyMatch(SchemaChange::destructive)) {
				refused.add(new Refusal(finding.id(),
						"The repair drops or rewrites what the target holds: "
								+ changes.stream().filter(SchemaChange::destructive).map(SchemaChange::summary)
									.collect(Collectors.joining("; ")),
						"Propose it again with \"allowDestructive\": true if the target must lose it"));
				continue;
			}
			if (changes.stream().flatMap(c -> ChangeRenderer.render(c, remediationId).stream())
				.anyMatch(d -> !ChangelogWriter.writable(d.sql(), d.precondition(),
						d.rollback().kind() == Plan.Rollback.Kind.SQL ? d.rollback().text() : null))) {
				// what Liquibase would read as something else: a directive line, a ${property}, a changeset
				// reference, in a body or comment that cannot be escaped (strings and names are escaped)
				refused.add(new Refusal(finding.id(), "A body or comment in this repair holds what the Liquibase "
						+ "changelog would read as an instruction (a line starting --rollback or --changeset, a "
						+ "${property}, a changeset reference), or a line break that its one-line precondition or "
						+ "rollback cannot carry", "Repair it by hand"));
				continue;
			}
			accepted.put(finding, changes);
		}
		refused.addAll(withoutWhatTheyNeed(accepted, snapshot));
		Map<SchemaChange, UUID> typed = new LinkedHashMap<>();
		accepted.forEach((finding, changes) -> {
			changes.forEach(c -> typed.putIfAbsent(c, finding.id()));
			changes.forEach(c -> touched.addAll(c.touches()));
		});
		List<Step> steps = new ArrayList<>();
		Set<String> planned = new HashSet<>();
		for (SchemaChange change : ChangeOrder.sort(List.copyOf(typed.keySet()))) {
			for (Draft d : ChangeRenderer.render(change, remediationId)) {
				// two changes may plan the same step (two keys on one nullable column, each with its NOT NULL
				// guard; two builds guarded by dropping one invalid index): run it once
				if (planned.add(d.sql() + "\n" + d.precondition())) {
					steps.add(step(remediationId, steps.size(), typed.get(change), d));
				}
			}
		}
		return new Plan(Plan.riskOf(steps), steps, List.copyOf(touched), refused);
	}

	/**
	 * Removes from {@code accepted} the findings with a change whose {@link SchemaChange#prerequisites()} hold an
	 * object neither the target has nor another accepted change provides (a column whose own finding was left out
	 * or refused), until none is left: the refusals of those findings.
	 */
	private static List<Refusal> withoutWhatTheyNeed(Map<Finding, List<SchemaChange>> accepted,
			CatalogSnapshot snapshot) {
		Set<String> existing = new HashSet<>();
		snapshot.tables().forEach(t -> t.columns().forEach(c -> existing.add("column:" + t.key() + "." + c.name())));
		withDescendants(existing, snapshot);
		List<Refusal> refused = new ArrayList<>();
		boolean removed = true;
		while (removed) {
			removed = false;
			Set<String> created = new HashSet<>();
			accepted.values().forEach(changes -> changes.forEach(c -> created.addAll(c.provides())));
			withDescendants(created, snapshot);
			for (Map.Entry<Finding, List<SchemaChange>> e : List.copyOf(accepted.entrySet())) {
				String missing = e.getValue().stream().flatMap(c -> c.prerequisites().stream())
					.filter(n -> !existing.contains(n) && !created.contains(n)).findFirst().orElse(null);
				if (missing != null) {
					accepted.remove(e.getKey());
					String what = missing.replaceFirst(":", " ");
					refused.add(new Refusal(e.getKey().id(), "The repair needs " + what + ", which the target lacks "
							+ "and this plan does not create", "Propose it together with the finding that adds " + what
									+ " (or add it by hand first, then scan again)"));
					removed = true;
				}
			}
		}
		return refused;
	}

	/**
	 * Adds to {@code columns} ({@code column:<table>.<name>}) the same column of each partition and inheritance
	 * child of their tables, every level down: a column added to (or present on) a parent is theirs too.
	 */
	private static void withDescendants(Set<String> columns, CatalogSnapshot snapshot) {
		for (TableInfo parent : snapshot.tables()) {
			List<String> descendants = descendants(parent.key(), snapshot);
			if (descendants.isEmpty()) {
				continue;
			}
			String prefix = "column:" + parent.key() + ".";
			for (String column : List.copyOf(columns)) {
				if (column.startsWith(prefix)) {
					descendants.forEach(d -> columns.add("column:" + d + "." + column.substring(prefix.length())));
				}
			}
		}
	}

	private static List<String> descendants(String table, CatalogSnapshot snapshot) {
		List<String> found = new ArrayList<>();
		for (TableInfo t : snapshot.tables()) {
			if (table.equals(t.partitionOf()) || t.inherits().contains(table)) {
				found.add(t.key());
				found.addAll(descendants(t.key(), snapshot));
			}
		}
		return found;
	}

	private static Step step(UUID remediationId, int index, UUID findingId, Draft d) {
		String id = remediationId + "-" + String.format(Locale.ROOT, "%02d", index + 1);
		return new Step(id, findingId, d.description(), d.risk(), d.transactional(), d.sql(), d.rollback(),
				d.precondition(), d.expected(), d.runAlways());
	}
}

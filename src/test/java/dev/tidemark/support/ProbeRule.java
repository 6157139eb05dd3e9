package dev.tidemark.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.model.TableInfo;

/**
 * A test-only rule: one HIGH finding per table named {@code probe_*}, and it throws when a table
 * {@code probe_explode} exists. Lets scan and finding tests drive findings with plain DDL. It counts, per probe
 * table name, the evaluations of snapshots holding it: tests see whether a scan ran the rule.
 */
public final class ProbeRule implements Rule {

	public static final String ID = "test-probe-table";

	private static final RuleDescription DESCRIPTION = new RuleDescription(ID, "Probe table present (test only)",
			Severity.HIGH, RuleCategory.HEALTH, "Drives finding tests", false);

	private static final Map<String, AtomicInteger> EVALUATIONS = new ConcurrentHashMap<>();

	/** How many evaluations saw a table of this name. */
	public static int evaluationsSeeing(String table) {
		AtomicInteger n = EVALUATIONS.get(table);
		return n == null ? 0 : n.get();
	}

	@Override
	public RuleDescription description() {
		return DESCRIPTION;
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		List<TableInfo> probes = context.snapshot().tables().stream().filter(t -> t.name().startsWith("probe_")).toList();
		probes.forEach(t -> EVALUATIONS.computeIfAbsent(t.name(), name -> new AtomicInteger()).incrementAndGet());
		if (probes.stream().anyMatch(t -> t.name().equals("probe_explode"))) {
			throw new IllegalStateException("probe_explode exists");
		}
		return probes.stream()
			.map(t -> Violation.of(this, ObjectRef.table(t.schema(), t.name()), "Probe table " + t.name(),
					Map.of("columns", t.columns().size()), Repair.manual("test", "drop it")))
			.toList();
	}
}

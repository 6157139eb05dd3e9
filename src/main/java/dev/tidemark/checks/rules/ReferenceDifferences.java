package dev.tidemark.checks.rules;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.Difference;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.checks.change.SchemaComparer;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.targets.CompareOptions;
import org.jspecify.annotations.Nullable;

/**
 * The three rules of a reference comparison (missing, extra, mismatch) share one comparison per scan: the
 * evaluator runs rules one after the other on one thread, so the last result is kept (softly) for the next rule.
 */
abstract sealed class ReferenceDifferences implements Rule
		permits ReferenceMissing, ReferenceExtra, ReferenceMismatch {

	private record Compared(CatalogSnapshot target, CatalogSnapshot reference, CompareOptions options,
			List<Difference> differences) {
	}

	/** Soft: a scan thread must not keep two whole snapshots alive once memory is needed elsewhere. */
	private static final ThreadLocal<@Nullable SoftReference<Compared>> LAST = new ThreadLocal<>();

	abstract Difference.Presence presence();

	abstract String message(Difference difference);

	/** Every reference rule is a contract rule with automatic repairs. */
	static RuleDescription describe(String id, String title, Severity severity, String rationale) {
		return new RuleDescription(id, title, severity, RuleCategory.CONTRACT, rationale, true);
	}

	@Override
	public List<Violation> evaluate(CheckContext context) {
		CatalogSnapshot reference = context.reference();
		if (reference == null) {
			return List.of();
		}
		List<Violation> violations = new ArrayList<>();
		for (Difference d : differences(context.snapshot(), reference, context.compare())) {
			if (d.presence() == presence()) {
				violations.add(Violation.of(this, objectRef(d), message(d), evidence(d), repair(d)));
			}
		}
		return violations;
	}

	static List<Difference> differences(CatalogSnapshot target, CatalogSnapshot reference, CompareOptions options) {
		SoftReference<Compared> held = LAST.get();
		Compared last = held == null ? null : held.get();
		if (last != null && last.target() == target && last.reference() == reference
				&& last.options().equals(options)) {
			return last.differences();
		}
		List<Difference> differences = SchemaComparer.compare(target, reference, options);
		LAST.set(new SoftReference<>(new Compared(target, reference, options, differences)));
		return differences;
	}

	/** The object with its schema split off where it has one, so findings filter by schema as others do. */
	static ObjectRef objectRef(Difference d) {
		String schemaParent = d.parents().stream().filter(p -> p.startsWith("schema:")).findFirst().orElse(null);
		if (schemaParent != null) {
			String schema = schemaParent.substring("schema:".length());
			if (d.object().startsWith(schema + ".")) {
				return new ObjectRef(d.kind(), schema, d.object().substring(schema.length() + 1), null);
			}
		}
		return new ObjectRef(d.kind(), null, d.object(), null);
	}

	private static Map<String, Object> evidence(Difference d) {
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("kind", d.kind());
		if (d.reference() != null) {
			evidence.put("reference", d.reference());
		}
		if (d.target() != null) {
			evidence.put("target", d.target());
		}
		evidence.put(Changes.EVIDENCE_KEY, Changes.toEvidence(d.changes()));
		return evidence;
	}

	private static Repair repair(Difference d) {
		if (d.refusal() != null) {
			return Repair.manual(d.refusal().reason(), d.refusal().instead());
		}
		if (d.changes().isEmpty()) {
			return Repair.manual("Tidemark has no change for this difference yet",
					"Make the target's " + d.kind() + " match the reference by hand");
		}
		String summary = d.changes().stream().map(SchemaChange::summary).collect(Collectors.joining("; "));
		boolean destructive = d.changes().stream().anyMatch(SchemaChange::destructive);
		return Repair.automatic(destructive
				? summary + " (destructive: planned only when the proposal sets allowDestructive)" : summary);
	}
}

package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.TimescaleChange.BuildChunkUniqueIndex;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.TimescaleInfo;
import dev.tidemark.inspection.model.TimescaleInfo.ChunkIndexGap;
import dev.tidemark.inspection.model.TimescaleInfo.Hypertable;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;

/**
 * A unique index (or the index behind a PRIMARY KEY/UNIQUE constraint) of a hypertable that some chunks lack.
 * One finding per hypertable index; the damaged chunks are evidence. CRITICAL when a foreign key references the
 * hypertable: TimescaleDB then fails every new chunk (and every FK clone) with "index for constraint not found
 * on chunk".
 */
@Component
final class ChunkMissingUniqueIndexRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID, "Hypertable chunks lack a unique index",
			Severity.HIGH, RuleCategory.HEALTH,
			"Each chunk enforces the hypertable's uniqueness with its own copy of the index: a chunk without it "
					+ "accepts duplicates, upserts into it fail (\"could not find arbiter index\"), and when a foreign "
					+ "key references the hypertable, inserts that create chunks fail with \"index for constraint not "
					+ "found on chunk\".",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "chunk-missing-unique-index";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		TimescaleInfo timescale = context.snapshot().timescale();
		if (timescale == null) {
			return List.of();
		}
		List<Violation> violations = new ArrayList<>();
		for (Hypertable hypertable : timescale.hypertables()) {
			for (ChunkIndexGap gap : hypertable.chunkIndexGaps()) {
				violations.add(violation(context, hypertable, gap));
			}
		}
		return violations;
	}

	private Violation violation(CheckContext context, Hypertable hypertable, ChunkIndexGap gap) {
		boolean referenced = !hypertable.referencingForeignKeys().isEmpty();
		Optional<IndexInfo> index = context.snapshot()
			.indexes()
			.stream()
			.filter(i -> i.schema().equals(hypertable.schema()) && i.table().equals(hypertable.name())
					&& i.name().equals(gap.index()))
			.findFirst();
		String constraint = index.map(IndexInfo::constraint).orElse(null);
		String what = constraint == null ? "unique index " + gap.index()
				: "the index of constraint " + constraint;
		String message = HealthSupport.plural(gap.chunks().size(), "chunk", "chunks") + " of hypertable "
				+ hypertable.key() + " lack " + what + " (" + String.join(", ", gap.keyColumns()) + ")"
				+ (referenced ? "; a foreign key references the hypertable, so inserts that create a chunk fail"
						: "; those chunks accept duplicates and upserts into them fail");
		List<String> foreignKeys = hypertable.referencingForeignKeys()
			.stream()
			.map(TimescaleSupport::foreignKeyText)
			.toList();
		Map<String, Object> evidence = evidence("hypertable", hypertable.key(), "index", gap.index(), "constraint",
				constraint, "keyColumns", gap.keyColumns(), "chunks", gap.chunks(), "damagedChunks",
				gap.chunks().size(), "totalChunks", hypertable.chunkCount(), "referencingForeignKeys",
				foreignKeys.isEmpty() ? null : foreignKeys);
		Repair repair = Repair.automatic("Build the missing unique index on each damaged chunk concurrently (CREATE "
				+ "UNIQUE INDEX CONCURRENTLY on " + HealthSupport.plural(gap.chunks().size(), "chunk", "chunks")
				+ " on (" + String.join(", ", gap.keyColumns()) + ")); the hypertable itself is not locked.");
		Optional<String> unqualified = gap.chunks().stream().filter(c -> c.indexOf('.') <= 0).findFirst();
		if (gap.keyColumns().isEmpty() || gap.chunks().isEmpty()) {
			repair = Repair.manual("The finding names no key columns or no damaged chunks", "Scan again");
		}
		else if (unqualified.isPresent()) {
			repair = Repair.manual("The damaged chunk " + unqualified.get() + " is not schema-qualified", "Scan again");
		}
		else {
			evidence = ContractFindings.withChanges(evidence, List.of(new BuildChunkUniqueIndex(hypertable.schema(),
					hypertable.name(), TimescaleSupport.extensionSchema(context.snapshot()), gap.index(),
					gap.keyColumns(), gap.chunks(), !ContractSql.singleBackend(context.snapshot()))));
		}
		Violation v = Violation.of(this, ObjectRef.of("index", hypertable.schema(), gap.index()), message, evidence,
				repair);
		return referenced ? v.withSeverity(Severity.CRITICAL) : v;
	}
}

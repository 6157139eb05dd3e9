package dev.tidemark.checks.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.Expectation;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.RuleDescription;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.inspection.model.IndexInfo;
import dev.tidemark.inspection.model.ViewInfo;

import org.springframework.stereotype.Component;

import static dev.tidemark.checks.rules.HealthSupport.evidence;

/**
 * A materialized view without a valid, non-partial, expression-free unique index: REFRESH MATERIALIZED VIEW
 * CONCURRENTLY is impossible, so every refresh locks out its readers. Which columns identify a row only the
 * contract can say ({@code materializedViews[].uniqueKey}).
 */
@Component
final class MatviewWithoutUniqueIndexRule implements Rule {

	private final RuleDescription description = new RuleDescription(ID,
			"Materialized view cannot be refreshed concurrently",
			Severity.MEDIUM, RuleCategory.HEALTH,
			"REFRESH MATERIALIZED VIEW CONCURRENTLY needs a unique index with no WHERE clause and no expressions; "
					+ "without it every refresh takes an ACCESS EXCLUSIVE lock and readers wait for the whole refresh.",
			true);

	@Override
	public RuleDescription description() {
		return description;
	}

	static final String ID = "matview-without-unique-index";

	@Override
	public List<Violation> evaluate(CheckContext context) {
		List<Violation> violations = new ArrayList<>();
		// index names this evaluation generates (schema\0name): two new indexes never get the same name
		Set<String> claimed = new HashSet<>();
		for (ViewInfo view : context.snapshot().views()) {
			if (view.materialized() && Boolean.FALSE.equals(view.hasUniqueIndex())) {
				violations.add(violation(context, view, claimed));
			}
		}
		return violations;
	}

	private Violation violation(CheckContext context, ViewInfo view, Set<String> claimed) {
		String name = view.schema() + "." + view.name();
		Optional<List<String>> key = context.expectations()
			.stream()
			.map(Expectation::contract)
			.flatMap(c -> c.materializedViews().stream())
			.filter(m -> name.equals(m.name()) && m.uniqueKey() != null && !m.uniqueKey().isEmpty())
			.map(Contract.MaterializedViewExpectation::uniqueKey)
			.findFirst();
		List<Map<String, Object>> unusable = context.snapshot()
			.indexes()
			.stream()
			.filter(i -> i.tableKey().equals(name) && i.unique())
			.map(i -> evidence("index", i.name(), "reason", whyUnusable(i)))
			.toList();
		Repair repair = key
			.map(k -> Repair.automatic("Create a unique index on " + name + " (" + String.join(", ", k)
					+ ") with CREATE UNIQUE INDEX CONCURRENTLY, the key the contract names."))
			.orElse(Repair.manual("Tidemark cannot tell which columns identify a row of the view.",
					"Name the key in the contract (materializedViews[].uniqueKey) and scan again, or create a unique "
							+ "index on it by hand."));
		Map<String, Object> evidence = evidence("view", name, "populated", view.populated(), "contractUniqueKey",
				key.orElse(null), "unusableUniqueIndexes", unusable.isEmpty() ? null : unusable, "columns",
				view.columns().stream().map(c -> c.name()).toList());
		if (key.isPresent()) {
			evidence = ContractFindings.withChanges(evidence, List.of(MissingIndex.uniqueViewIndex(context.snapshot(),
					view.schema(), view.name(), key.get(), claimed)));
		}
		return Violation.of(this, ObjectRef.of("materialized-view", view.schema(), view.name()),
				"Materialized view " + name + " has no unique index, so it cannot be refreshed concurrently",
				evidence, repair)
			.about("matview-unique:" + view.schema() + "." + view.name());
	}

	private static String whyUnusable(IndexInfo index) {
		if (!index.valid()) {
			return "invalid";
		}
		if (index.partial()) {
			return "partial (WHERE " + index.predicate() + ")";
		}
		return "built on expressions";
	}
}

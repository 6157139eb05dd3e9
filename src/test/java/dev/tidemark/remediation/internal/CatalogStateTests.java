package dev.tidemark.remediation.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.RuleInfo;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.inspection.model.ViewInfo;
import dev.tidemark.remediation.Plan;
import dev.tidemark.support.TestCatalogs;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A plan's fingerprints of the objects it touches: what someone else changed, not what the data did. */
class CatalogStateTests {

	private static final List<String> TOUCHED = List.of("public.orders.note");

	private static CatalogSnapshot orders(@Nullable Long estimatedRows, @Nullable String comment) {
		CatalogSnapshot e = TestCatalogs.empty();
		TableInfo orders = new TableInfo("public", "orders", TableInfo.TableKind.TABLE, "permanent", "owner", null,
				List.of(new ColumnInfo(1, "id", "bigint", false, null, null, null, null, null),
						new ColumnInfo(2, "note", "text", true, null, null, null, null, null)),
				null, List.of(), false, false, List.of(), comment, estimatedRows);
		return new CatalogSnapshot(e.formatVersion(), e.server(), e.schemas(), e.extensions(), List.of(orders),
				e.constraints(), e.indexes(), e.views(), e.sequences(), e.functions(), e.triggers(), e.partitioning(),
				e.migrations(), e.timescale());
	}

	@Test
	void aChangedRowEstimateDoesNotMakeAPlanStale() {
		assertThat(CatalogState.of(orders(1234L, null), TOUCHED)).isEqualTo(CatalogState.of(orders(null, null), TOUCHED))
			.isEqualTo(CatalogState.of(orders(5L, null), TOUCHED));
		assertThat(CatalogState.objects(orders(1234L, null), TOUCHED))
			.isEqualTo(CatalogState.objects(orders(null, null), TOUCHED));
	}

	@Test
	void aChangedTableDoes() {
		assertThat(CatalogState.of(orders(1234L, "changed"), TOUCHED))
			.isNotEqualTo(CatalogState.of(orders(1234L, null), TOUCHED));
		assertThat(CatalogState.objects(orders(1234L, "changed"), TOUCHED))
			.isNotEqualTo(CatalogState.objects(orders(1234L, null), TOUCHED));
	}

	private static final String NO_DELETE = "CREATE RULE no_delete AS\n    ON DELETE TO public.items_v DO INSTEAD NOTHING;";

	private static CatalogSnapshot itemsView(@Nullable List<RuleInfo> rules) {
		CatalogSnapshot e = TestCatalogs.empty();
		ViewInfo view = new ViewInfo("public", "items_v", false, "owner", null, null, "md5",
				List.of(new ColumnInfo(1, "id", "integer", true, null, null, null, null, null)), " SELECT 1 AS id;",
				List.of(), null, rules);
		return new CatalogSnapshot(e.formatVersion(), e.server(), e.schemas(), e.extensions(), e.tables(),
				e.constraints(), e.indexes(), List.of(view), e.sequences(), e.functions(), e.triggers(), e.partitioning(),
				e.migrations(), e.timescale());
	}

	private static Plan createsRule() {
		return new Plan(Plan.Risk.LOW, List.of(new Plan.Step("p-01", UUID.randomUUID(), "Create rule", Plan.Risk.LOW,
				true, "CREATE OR REPLACE RULE no_delete AS\n    ON DELETE TO public.items_v DO INSTEAD NOTHING;",
				Plan.Rollback.sql("DROP RULE IF EXISTS \"no_delete\" ON \"public\".\"items_v\";"), "SELECT 1", 1,
				false)), List.of("public.items_v.no_delete"), List.of());
	}

	@Test
	void aPlanFingerprintedBeforeRulesWereReadIsNotStaleForThem() {
		Map<String, String> planned = CatalogState.objects(itemsView(null), List.of("public.items_v"));
		assertThat(CatalogState.unexplainedChanges(planned, itemsView(List.of()), createsRule(), Set.of())).isEmpty();
		assertThat(CatalogState.unexplainedChanges(planned, itemsView(List.of(new RuleInfo("no_delete", NO_DELETE))),
				createsRule(), Set.of())).isEmpty();
		assertThat(CatalogState.of(itemsView(null), List.of("public.items_v")))
			.isEqualTo(CatalogState.of(itemsView(List.of()), List.of("public.items_v")));
	}

	@Test
	void aRuleThePlanCreatedIsItsOwnWorkAndAnyOtherRuleChangeIsSomeoneElses() {
		Map<String, String> planned = CatalogState.objects(itemsView(List.of()), List.of("public.items_v"));
		CatalogSnapshot withRule = itemsView(List.of(new RuleInfo("no_delete", NO_DELETE)));
		// the CreateRule step names the view as pg_get_ruledef prints it: public.items_v
		assertThat(CatalogState.unexplainedChanges(planned, withRule, createsRule(), Set.of("p-01"))).isEmpty();
		assertThat(CatalogState.unexplainedChanges(planned, withRule, createsRule(), Set.of()))
			.containsExactly("rules public\u001fitems_v");
	}
}

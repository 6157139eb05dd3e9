package dev.tidemark.remediation.internal;

import java.util.List;

import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.TableInfo;
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
}

package dev.tidemark.checks.rules;

import java.util.List;
import java.util.TreeMap;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.CheckSettings;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.RelationChange.AddKeyUsingIndex;
import dev.tidemark.checks.change.RelationChange.BuildIndex;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ServerInfo;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a server that serves every client from one backend (PGlite), a concurrent index build waits on itself: the
 * rules ask for plain builds there, in the typed changes their findings carry.
 */
class SingleBackendRepairsTests {

	private static final CatalogSnapshot ORDERS = TestCatalogs.builder()
		.table("public", "orders", Snapshots.column(1, "id", "bigint", true, null),
				Snapshots.column(2, "status", "text", false, "'new'::text"))
		.build();

	private static CatalogSnapshot singleBackend(CatalogSnapshot s) {
		return new CatalogSnapshot(s.formatVersion(), new ServerInfo("17.4 on wasm32-unknown-emscripten, Emscripten",
				170004, "test", new TreeMap<>()), s.schemas(), s.extensions(), s.tables(), s.constraints(), s.indexes(),
				s.views(), s.sequences(), s.functions(), s.triggers(), s.partitioning(), s.migrations(), s.timescale(),
				s.types(), s.collations(), s.policies(), s.privileges(), s.defaultPrivileges());
	}

	@Test
	void aContractIndexIsBuiltWithoutConcurrently() {
		CheckContext context = Expect.contract(singleBackend(ORDERS),
				Expect.tables(Expect.table("public.orders").index(Expect.index(null, "status"))));
		Violation v = new MissingIndex().evaluate(context).get(0);
		assertThat(Changes.fromEvidence(v.evidence())).containsExactly(new BuildIndex("public", "orders",
				"orders_status_idx", "(\"status\")", false, null, null, "the contract expects it", false));
	}

	@Test
	void aPrimaryKeyIndexIsBuiltWithoutConcurrentlyAfterItsColumnsGetNotNull() {
		CheckContext context = new CheckContext(singleBackend(ORDERS), List.of(), null, Expect.NOW,
				CheckSettings.defaults(), null);
		Violation v = new MissingPrimaryKeyRule().evaluate(context).get(0);
		assertThat(v.repair().automatic()).isTrue();
		assertThat(Changes.fromEvidence(v.evidence())).containsExactly(new AddKeyUsingIndex("public", "orders",
				"orders_pkey", "PRIMARY_KEY", List.of("id"), List.of("id"), true, false));
	}
}

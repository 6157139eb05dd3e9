package dev.tidemark.checks.rules;

import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.RelationChange.SetColumnDefault;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.Expect.column;
import static dev.tidemark.checks.rules.Expect.table;
import static dev.tidemark.checks.rules.Expect.tables;
import static org.assertj.core.api.Assertions.assertThat;

class ColumnDefaultMismatchRuleTests {

	private final ColumnDefaultMismatch rule = new ColumnDefaultMismatch();

	private final CatalogSnapshot snapshot = TestCatalogs.builder()
		.table("public", "orders", Snapshots.column(1, "id", "integer", false, "nextval('public.orders_id_seq'::regclass)"),
				Snapshots.column(2, "status", "text", false, "'new'::text"),
				Snapshots.column(3, "created_at", "timestamp with time zone", false, "now()"),
				Snapshots.column(4, "note", "text", true, null), Snapshots.identity(5, "seq", "bigint"))
		.build();

	@Test
	void equalDefaultsWrittenDifferentlyStayQuiet() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.orders").columns(column("id", "int", false, "nextval('orders_id_seq')"),
						column("status", "text", false, "'new'"), column("created_at", null, null, "now()"))))))
			.isEmpty();
	}

	@Test
	void aDifferentDefaultIsSetAgain() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.orders").columns(column("status", "text", false, "'pending'"))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.object().text()).isEqualTo("public.orders.status");
				assertThat(v.evidence()).containsEntry("expectedDefault", "'pending'")
					.containsEntry("actualDefault", "'new'::text");
				assertThat(v.repair().automatic()).isTrue();
				assertThat(v.repair().summary()).isEqualTo("set the default of public.orders.status to 'pending' "
						+ "(catalog-only; existing rows keep their values)");
				assertThat(Changes.fromEvidence(v.evidence())).containsExactly(
						new SetColumnDefault("public", "orders", "status", "'pending'", "'new'::text"));
			});
	}

	@Test
	void aMissingDefaultIsSet() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.orders").columns(column("note", "text", true, "''"))))))
			.singleElement()
			.satisfies(v -> assertThat(v.evidence()).doesNotContainKey("actualDefault"));
	}

	@Test
	void aDefaultThatWouldSplitTheChangesetIsRefused() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.orders").columns(column("status", "text", false, "'x'; DROP TABLE t"))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.repair().automatic()).isFalse();
				assertThat(v.repair().summary()).contains("contains ';'");
				assertThat(v.evidence()).doesNotContainKey(Changes.EVIDENCE_KEY);
			});
	}

	@Test
	void aContractWithoutADefaultDoesNotCheckIt() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				tables(table("public.orders").columns(column("status", "text")))))).isEmpty();
	}

	@Test
	void aReferenceWithoutADefaultExpectsNone() {
		assertThat(rule.evaluate(Expect.reference(snapshot,
				tables(table("public.orders").columns(column("status", "text"), column("note", "text"))))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.object().text()).isEqualTo("public.orders.status");
				assertThat(v.repair().summary()).startsWith("drop the default of public.orders.status");
				assertThat(Changes.fromEvidence(v.evidence())).containsExactly(
						new SetColumnDefault("public", "orders", "status", null, "'new'::text"));
				assertThat(v.evidence()).doesNotContainKey("expectedDefault");
			});
	}

	@Test
	void identityColumnsHaveNoDefaultToCompare() {
		assertThat(rule.evaluate(Expect.reference(snapshot,
				tables(table("public.orders").columns(column("seq", "bigint", false, "nextval('x')")))))).isEmpty();
	}
}

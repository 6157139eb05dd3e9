package dev.tidemark.checks.rules;

import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.NamespaceChange.CreateExtension;
import dev.tidemark.checks.contract.Contract.ExtensionExpectation;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MissingExtensionRuleTests {

	private final MissingExtension rule = new MissingExtension();

	private final CatalogSnapshot snapshot = Snapshots.withExtensions(TestCatalogs.empty(),
			new ExtensionInfo("btree_gist", "public", "1.7", "1.7"), new ExtensionInfo("pg_trgm", null, null, "1.6"),
			new ExtensionInfo("postgis", null, null, null));

	@Test
	void anAvailableExtensionIsInstalledAutomatically() {
		assertThat(rule.evaluate(Expect.contract(snapshot, Expect.extensions(new ExtensionExpectation("pg_trgm", null),
				new ExtensionExpectation("btree_gist", "1.7")))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.object().text()).isEqualTo("pg_trgm");
				assertThat(v.evidence()).containsEntry("availableOnServer", true)
					.containsEntry("defaultVersion", "1.6")
					.containsEntry("installed", false);
				assertThat(v.repair().automatic()).isTrue();
				assertThat(v.repair().summary()).isEqualTo("Install extension pg_trgm");
				assertThat(Changes.fromEvidence(v.evidence())).containsExactly(new CreateExtension("pg_trgm", null, null));
			});
	}

	@Test
	void anExtensionTheServerDoesNotOfferNeedsAPerson() {
		assertThat(rule.evaluate(Expect.contract(snapshot, Expect.extensions(new ExtensionExpectation("postgis", null),
				new ExtensionExpectation("vector", "0.8.0")))))
			.hasSize(2)
			.allSatisfy(v -> {
				assertThat(v.evidence()).containsEntry("availableOnServer", false);
				assertThat(v.repair().automatic()).isFalse();
				assertThat(v.repair().instead()).contains("Install the package");
				assertThat(v.evidence()).doesNotContainKey(Changes.EVIDENCE_KEY);
			})
			.anySatisfy(v -> assertThat(v.evidence()).containsEntry("availabilityChecked", false));
	}
}

package dev.tidemark.checks.rules;

import dev.tidemark.checks.Severity;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.NamespaceChange.UpdateExtension;
import dev.tidemark.checks.contract.Contract.ExtensionExpectation;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExtensionVersionMismatchRuleTests {

	private final ExtensionVersionMismatch rule = new ExtensionVersionMismatch();

	private final CatalogSnapshot snapshot = Snapshots.withExtensions(TestCatalogs.empty(),
			new ExtensionInfo("pg_trgm", "public", "1.5", "1.6"), new ExtensionInfo("citext", null, null, "1.6"));

	@Test
	void updatesToTheServersDefaultVersion() {
		assertThat(rule.evaluate(Expect.contract(snapshot, Expect.extensions(new ExtensionExpectation("pg_trgm", "1.6")))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.severity()).isEqualTo(Severity.LOW);
				assertThat(v.evidence()).containsEntry("expectedVersion", "1.6").containsEntry("actualVersion", "1.5");
				assertThat(v.repair().automatic()).isTrue();
				assertThat(v.repair().summary())
					.isEqualTo("Update extension pg_trgm from 1.5 to 1.6 (runs the extension's update scripts)");
				assertThat(Changes.fromEvidence(v.evidence()))
					.containsExactly(new UpdateExtension("pg_trgm", "1.5", "1.6"));
			});
	}

	@Test
	void anotherVersionNeedsItsPackage() {
		assertThat(rule.evaluate(Expect.contract(snapshot, Expect.extensions(new ExtensionExpectation("pg_trgm", "1.4")))))
			.singleElement()
			.satisfies(v -> {
				assertThat(v.repair().automatic()).isFalse();
				assertThat(v.evidence()).doesNotContainKey(Changes.EVIDENCE_KEY);
			});
	}

	@Test
	void quietWithoutAVersionWhenEqualOrWhenNotInstalled() {
		assertThat(rule.evaluate(Expect.contract(snapshot,
				Expect.extensions(new ExtensionExpectation("pg_trgm", null), new ExtensionExpectation("pg_trgm", "1.5"),
						new ExtensionExpectation("citext", "1.6")))))
			.isEmpty();
	}
}

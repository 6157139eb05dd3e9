package dev.tidemark.checks.rules;

import java.util.List;
import java.util.Map;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.RelationChange.CreatePartition;
import dev.tidemark.checks.change.RelationChange.Name;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.PartitioningInfo;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The missing partitions partition-horizon and partition-gap list become CreatePartition changes, or a manual
 * repair saying why they cannot be made.
 */
class PartitionRepairsTests {

	private static final CatalogSnapshot SNAPSHOT = TestCatalogs.empty();

	private static PartitioningInfo ledger(String strategy, String defaultPartition, Boolean defaultHasRows,
			List<String> keys) {
		return new PartitioningInfo("public", "ledger", strategy, strategy + " (booked_on)", keys, "date",
				defaultPartition, defaultHasRows, List.of(), null);
	}

	private static Violation gap() {
		return new Violation("partition-gap", Severity.HIGH, ObjectRef.table("public", "ledger"), "gap", Map.of(),
				Repair.automatic("Create and attach 1 partition"), "public.ledger");
	}

	private static List<Map<String, Object>> slot(String name, String from, String to) {
		return List.of(Map.of("name", name, "from", from, "to", to));
	}

	@Test
	void eachMissingPartitionBecomesACreatePartition() {
		Violation v = PartitionRepairs.withPartitions(gap(), SNAPSHOT, ledger("RANGE", "ledger_default", false,
				List.of("booked_on")), slot("ledger_2026_09", "2026-09-01", "2026-10-01"));
		assertThat(v.repair().automatic()).isTrue();
		assertThat(Changes.fromEvidence(v.evidence())).containsExactly(new CreatePartition("public", "ledger_2026_09",
				new Name("public", "ledger"), "booked_on", "2026-09-01", "2026-10-01", "ledger_default"));
	}

	@Test
	void whatCannotBeCreatedSafelyIsAManualRepair() {
		PartitioningInfo range = ledger("RANGE", null, null, List.of("booked_on"));
		assertThat(refusal(range, slot("ledger_x", "now()", "2026-10-01")))
			.isEqualTo("The bounds now() .. 2026-10-01 are not a date, timestamp or integer");
		assertThat(refusal(ledger("LIST", null, null, List.of("booked_on")), slot("x", "1", "2")))
			.isEqualTo("public.ledger is partitioned by LIST, which has no FROM/TO bounds");
		assertThat(refusal(ledger("RANGE", "ledger_default", true, List.of("booked_on")), slot("x", "1", "2")))
			.startsWith("The default partition ledger_default holds rows");
		assertThat(refusal(ledger("RANGE", null, null, List.of("a", "b")), slot("x", "1", "2")))
			.isEqualTo("Multi-column partition keys are not generated");
		assertThat(refusal(range, List.of())).isEqualTo("The finding lists no missing partitions");
	}

	@Test
	void aManualFindingStaysAsItIs() {
		Violation manual = new Violation("partition-gap", Severity.HIGH, ObjectRef.table("public", "ledger"), "gap",
				Map.of(), Repair.manual("The gaps are not whole partition intervals", "by hand"), "public.ledger");
		assertThat(PartitionRepairs.withPartitions(manual, SNAPSHOT, ledger("RANGE", null, null, List.of("booked_on")),
				null)).isSameAs(manual);
	}

	private static String refusal(PartitioningInfo p, List<Map<String, Object>> missing) {
		Violation v = PartitionRepairs.withPartitions(gap(), SNAPSHOT, p, missing);
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.evidence()).doesNotContainKey(Changes.EVIDENCE_KEY);
		return v.repair().summary();
	}
}

package dev.tidemark.checks.rules;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.months;
import static dev.tidemark.checks.rules.HealthTestSnapshots.rangePartitioned;
import static dev.tidemark.checks.rules.HealthTestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class DefaultPartitionRowsRuleTests {

	private final DefaultPartitionRowsRule rule = new DefaultPartitionRowsRule();

	@Test
	void describesItself() {
		assertThat(rule.id()).isEqualTo("default-partition-rows");
		assertThat(rule.defaultSeverity()).isEqualTo(Severity.MEDIUM);
		assertThat(rule.remediable()).isFalse();
	}

	@Test
	void reportsADefaultPartitionWithRowsAndHowToMoveThem() {
		Violation v = rule.evaluate(snapshot()
			.partitioning(rangePartitioned("part", "events", "created_at", "timestamp with time zone", "events_default",
					true, null, months("events", 2026, 11, 4)))
			.context()).get(0);
		assertThat(v.object()).isEqualTo(ObjectRef.table("part", "events"));
		assertThat(v.message()).isEqualTo("Default partition part.events_default of part.events holds rows: creating a "
				+ "partition for their range fails until they are moved");
		assertThat(v.evidence()).containsEntry("defaultPartition", "part.events_default")
			.containsEntry("findRowsQuery",
					"SELECT min(\"created_at\"), max(\"created_at\"), count(*) FROM \"part\".\"events_default\"");
		assertThat((String) v.evidence().get("moveRowsTemplate")).startsWith("BEGIN;\nSET LOCAL lock_timeout = '2s';")
			.contains("WITH moved AS (DELETE FROM \"part\".\"events_default\" WHERE \"created_at\" >= <from> AND "
					+ "\"created_at\" < <to> RETURNING *)")
			.contains("ATTACH PARTITION \"part\".\"events_<range>\" FOR VALUES FROM (<from>) TO (<to>);")
			.endsWith("COMMIT;");
		assertThat(v.repair().automatic()).isFalse();
	}

	@Test
	void quietWhenTheDefaultPartitionIsEmptyOrUnreadable() {
		assertThat(rule.evaluate(snapshot()
			.partitioning(rangePartitioned("part", "a", "at", "date", "a_default", false, null))
			.partitioning(rangePartitioned("part", "b", "at", "date", "b_default", null, null))
			.partitioning(rangePartitioned("part", "c", "at", "date", null, null, null))
			.context())).isEmpty();
	}
}

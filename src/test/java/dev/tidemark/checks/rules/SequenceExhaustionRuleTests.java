package dev.tidemark.checks.rules;

import java.math.BigDecimal;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.model.SequenceInfo;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/** Default thresholds: 75% HIGH, 90% CRITICAL. */
class SequenceExhaustionRuleTests {

	private static final long INT_MAX = Integer.MAX_VALUE;

	private final SequenceExhaustionRule rule = new SequenceExhaustionRule();

	@Test
	void describesItself() {
		assertThat(rule.id()).isEqualTo("sequence-exhaustion");
		assertThat(rule.defaultSeverity()).isEqualTo(Severity.HIGH);
	}

	@Test
	void anIntegerColumnNearItsLimitNeedsTheBigintMigration() {
		Violation v = single(sequence("orders_id_seq", "integer", INT_MAX, false, 1_700_000_000L, "integer", INT_MAX,
				"79.16"));
		assertThat(v.severity()).isEqualTo(Severity.HIGH);
		assertThat(v.object()).isEqualTo(ObjectRef.of("sequence", "app", "orders_id_seq"));
		assertThat(v.message()).isEqualTo("Sequence app.orders_id_seq has used 79.16% of its range (1,700,000,000 of "
				+ "2,147,483,647): inserts into app.orders fail when it runs out");
		assertThat(v.evidence()).containsEntry("limitedBy", "the column type integer")
			.containsEntry("valuesLeft", BigDecimal.valueOf(447_483_647L))
			.containsEntry("ownedBy", "app.orders.id")
			.doesNotContainKey("cycles");
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().summary()).contains("rewrites the table");
		assertThat(v.repair().instead()).contains("add a bigint column", "backfill");
	}

	@Test
	void aBigintSequenceNarrowedToAnIntColumnIsLimitedByTheColumn() {
		Violation v = single(sequence("narrow_seq", "bigint", Long.MAX_VALUE, false, 2_100_000_000L, "integer", INT_MAX,
				"97.79"));
		assertThat(v.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(v.evidence()).containsEntry("limitedBy", "the column type integer");
		assertThat(v.repair().automatic()).isFalse();
	}

	@Test
	void anIntegerSequenceOnABigintColumnOnlyNeedsWidening() {
		Violation v = single(sequence("events_id_seq", "integer", INT_MAX, false, 1_800_000_000L, "bigint", INT_MAX,
				"83.82"));
		assertThat(v.evidence()).containsEntry("limitedBy", "the sequence maximum");
		assertThat(v.repair().automatic()).isTrue();
		assertThat(v.repair().summary()).startsWith("ALTER SEQUENCE app.events_id_seq AS bigint");
	}

	@Test
	void aDescendingIntegerSequenceOnABigintColumnIsWidenedDownwards() {
		Violation v = single(new SequenceInfo("app", "down_seq", "integer", -1, Integer.MIN_VALUE, -1, false,
				-1_900_000_000L, "app.orders", "id", "bigint", BigDecimal.valueOf(-1), new BigDecimal("88.47")));
		assertThat(v.repair().automatic()).isTrue();
		assertThat(v.repair().summary())
			.startsWith("ALTER SEQUENCE app.down_seq AS bigint MINVALUE -9223372036854775808:");
	}

	@Test
	void aCyclingSequenceSaysItWraps() {
		Violation v = single(sequence("small_cycle_seq", "smallint", 1000, true, 950L, null, 1000, "94.99"));
		assertThat(v.message()).endsWith("it then wraps around and new values collide with existing ones");
		assertThat(v.evidence()).containsEntry("cycles", true).containsKey("cycleNote");
		// owned by no column: Tidemark cannot tell what the values feed
		assertThat(v.repair().automatic()).isFalse();
	}

	@Test
	void quietBelowTheThresholdOrWhenUnread() {
		assertThat(rule.evaluate(snapshot()
			.sequence(sequence("a_seq", "integer", INT_MAX, false, 10L, "integer", INT_MAX, "0.00"))
			.sequence(sequence("b_seq", "integer", INT_MAX, false, null, "integer", INT_MAX, null))
			.context())).isEmpty();
	}

	private Violation single(SequenceInfo s) {
		var violations = rule.evaluate(snapshot().sequence(s).context());
		assertThat(violations).hasSize(1);
		return violations.get(0);
	}

	private static SequenceInfo sequence(String name, String type, long max, boolean cycle, Long last,
			String columnType, long effectiveMax, String percent) {
		return new SequenceInfo("app", name, type, 1, 1, max, cycle, last, columnType == null ? null : "app.orders",
				columnType == null ? null : "id", columnType, BigDecimal.valueOf(effectiveMax),
				percent == null ? null : new BigDecimal(percent));
	}
}

package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.TimescaleInfo.ReferencingForeignKey;
import dev.tidemark.inspection.model.TimescaleInfo.ReferencingForeignKey.Via;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.context;
import static dev.tidemark.checks.rules.TimescaleSnapshots.hypertable;
import static dev.tidemark.checks.rules.TimescaleSnapshots.timescale;
import static org.assertj.core.api.Assertions.assertThat;

class HypertableFkOnUniqueIndexRuleTests {

	private final HypertableFkOnUniqueIndexRule rule = new HypertableFkOnUniqueIndexRule();

	private static final ReferencingForeignKey VIA_INDEX = new ReferencingForeignKey("public", "reading_notes",
			"reading_notes_fkey", List.of("sensor", "created_at"), Via.UNIQUE_INDEX, "readings_sensor_time_uq");

	private static final ReferencingForeignKey VIA_CONSTRAINT = new ReferencingForeignKey("public", "alerts",
			"alerts_fkey", List.of("sensor", "created_at"), Via.CONSTRAINT, "readings_pkey");

	private static CatalogSnapshot on(String version) {
		return timescale().version(version)
			.hypertable(hypertable("readings", List.of(), List.of(VIA_CONSTRAINT, VIA_INDEX)))
			.build();
	}

	@Test
	void criticalBeforeTwoTwentySixOnlyForKeysThroughAUniqueIndex() {
		List<Violation> found = rule.evaluate(context(on("2.23.0-dev")));
		assertThat(found).hasSize(1);
		Violation v = found.get(0);
		assertThat(v.ruleId()).isEqualTo("hypertable-fk-on-unique-index");
		assertThat(v.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(v.object()).isEqualTo(new ObjectRef("constraint", "public", "reading_notes", "reading_notes_fkey"));
		assertThat(v.evidence()).containsEntry("referencedIndex", "readings_sensor_time_uq")
			.containsEntry("timescaledbVersion", "2.23.0-dev");
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().summary()).contains("USING INDEX");
		assertThat(v.repair().instead()).contains("drop foreign key reading_notes_fkey",
				"drop index readings_sensor_time_uq", "UNIQUE (sensor, created_at)", "re-add the foreign key");
	}

	@Test
	void lowFromTwoTwentySixOn() {
		assertThat(rule.evaluate(context(on("2.26.0"))).get(0).severity()).isEqualTo(Severity.LOW);
		assertThat(rule.evaluate(context(on("2.28.3"))).get(0).severity()).isEqualTo(Severity.LOW);
		assertThat(rule.evaluate(context(on("3.0.0"))).get(0).severity()).isEqualTo(Severity.LOW);
		assertThat(rule.evaluate(context(on("2.9.1"))).get(0).severity()).isEqualTo(Severity.CRITICAL);
		// unreadable: the cautious answer
		assertThat(rule.evaluate(context(on("dev"))).get(0).severity()).isEqualTo(Severity.CRITICAL);
	}

	@Test
	void quietWithoutTimescale() {
		assertThat(rule.evaluate(context(timescale().notInstalled().build()))).isEmpty();
	}
}

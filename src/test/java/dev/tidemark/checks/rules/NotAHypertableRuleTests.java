package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract.TimescaleExpectation;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.TimescaleSnapshots.expecting;
import static dev.tidemark.checks.rules.TimescaleSnapshots.hypertable;
import static dev.tidemark.checks.rules.TimescaleSnapshots.policies;
import static dev.tidemark.checks.rules.TimescaleSnapshots.timescale;
import static org.assertj.core.api.Assertions.assertThat;

class NotAHypertableRuleTests {

	private final NotAHypertable rule = new NotAHypertable();

	private static final TimescaleExpectation RETENTION_ONLY = new TimescaleExpectation(null, null,
			new TimescaleExpectation.Retention("90 days"));

	@Test
	void aRequiredRetentionPolicyNeedsAHypertable() {
		List<Violation> found = rule.evaluate(
				Expect.contract(timescale().table("fact_social_sentiment").build(),
						expecting("fact_social_sentiment", RETENTION_ONLY)));
		assertThat(found).hasSize(1);
		Violation v = found.get(0);
		assertThat(v.ruleId()).isEqualTo("not-a-hypertable");
		assertThat(v.severity()).isEqualTo(Severity.HIGH);
		assertThat(v.object()).isEqualTo(ObjectRef.table("public", "fact_social_sentiment"));
		assertThat(v.message()).isEqualTo("Table public.fact_social_sentiment is a plain table, but the contract "
				+ "expects retention policy dropping after 90 days (only hypertables can have policies)");
		assertThat(v.evidence()).containsEntry("timeColumn", "created_at")
			.containsEntry("timeColumnSource", "the table's only date/timestamp column");
		assertThat(v.repair().automatic()).isTrue();
		assertThat(v.repair().summary()).contains("create_hypertable(..., 'created_at', migrate_data => true)", "HIGH",
				"exclusive lock", "retention policy");
	}

	@Test
	void aNamedHypertableThatIsPlainIsReportedEvenWithoutPolicies() {
		TimescaleExpectation hypertableOnly = new TimescaleExpectation(
				new TimescaleExpectation.Hypertable("created_at", null), null, null);
		assertThat(rule.evaluate(Expect.contract(timescale().table("events").build(),
				expecting("events", hypertableOnly)))).hasSize(1);
	}

	@Test
	void withoutTimescaleTheRepairIsToInstallIt() {
		Violation v = rule.evaluate(Expect.contract(timescale().notInstalled().table("fact").build(),
				expecting("fact", RETENTION_ONLY))).get(0);
		assertThat(v.evidence()).containsEntry("timescaledbInstalled", false);
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().instead()).contains("CREATE EXTENSION");
	}

	@Test
	void quietForHypertablesAbsentTablesAndCompressionNone() {
		assertThat(rule.evaluate(Expect.contract(timescale().hypertable(hypertable("raw")).build(),
				expecting("raw", policies("7 days", "90 days"))))).isEmpty();
		assertThat(rule.evaluate(Expect.contract(timescale().build(), expecting("gone", RETENTION_ONLY)))).isEmpty();
		TimescaleExpectation noneOnly = new TimescaleExpectation(null, TimescaleExpectation.Compression.noCompression(),
				null);
		assertThat(rule.evaluate(Expect.contract(timescale().table("plain").build(), expecting("plain", noneOnly))))
			.isEmpty();
	}
}

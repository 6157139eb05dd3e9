package dev.tidemark.remediation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.Repair;
import dev.tidemark.remediation.internal.Generators;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generators for partition-gap, sequence-exhaustion and indexes on partitioned tables, end to end on real
 * PostgreSQL: real rules find the drift, the changelog is linted with squawk and applied with real Liquibase, the
 * re-scan shows the finding gone with the rows kept, and the changelog runs again without failing.
 */
class PartitionAndSequenceRepairIntegrationTests {

	@Test
	void partitionGapIsFilledUnderAFreeNameAndAGapOverADefaultWithRowsIsRefused() throws Exception {
		TestCatalogs.Read read = TestCatalogs.read("gap", RemediationFixtures.resource("remediation/partition-gap.sql"));
		RemediationFixtures.Round round = RemediationFixtures.repair("partition-gap", read, null);
		assertThat(RemediationFixtures.describe(round.before())).contains("partition-gap public.ledger",
				"partition-gap public.journal");
		assertThat(round.plan().risk()).isEqualTo(Plan.Risk.LOW);
		// the detached September partition keeps its name and its rows: the new one is ledger_2026_09_2
		assertThat(round.changelog()).contains(
				"CREATE TABLE IF NOT EXISTS \"public\".\"ledger_2026_09_2\" (LIKE \"public\".\"ledger\" INCLUDING ALL "
						+ "EXCLUDING IDENTITY);",
				"ALTER TABLE \"public\".\"ledger\" ATTACH PARTITION \"public\".\"ledger_2026_09_2\" FOR VALUES FROM "
						+ "('2026-09-01') TO ('2026-10-01');",
				"-- rollback ALTER TABLE \"public\".\"ledger\" DETACH PARTITION \"public\".\"ledger_2026_09_2\";",
				"-- no automatic rollback: dropping public.ledger_2026_09_2");
		Finding journal = finding(round.before(), "partition-gap", "public.journal");
		assertThat(round.plan().refused()).filteredOn(r -> r.findingId().equals(journal.id()))
			.singleElement()
			.satisfies(r -> {
				assertThat(r.reason()).contains("default partition public.journal_default holds rows");
				assertThat(r.instead()).contains("Move those rows");
			});
		assertThat(RemediationFixtures.describe(round.after())).doesNotContain("partition-gap public.ledger")
			.contains("partition-gap public.journal");

		try (Connection c = RemediationFixtures.connect(read.database()); Statement st = c.createStatement()) {
			st.executeUpdate("INSERT INTO public.ledger (booked_on, amount) VALUES ('2026-09-20', 4.00)");
			assertThat(text(st, "SELECT tableoid::regclass::text FROM public.ledger WHERE booked_on = '2026-09-20'"))
				.isEqualTo("ledger_2026_09_2");
			assertThat(text(st, "SELECT string_agg(amount_cents::text, ',' ORDER BY booked_on) FROM public.ledger"))
				.isEqualTo("150,400,300");
			assertThat(text(st, "SELECT count(*) FROM public.ledger_2026_09")).as("the detached table's rows")
				.isEqualTo("1");
			assertThat(text(st, "SELECT count(*) FROM public.journal")).isEqualTo("3");
		}
		RemediationFixtures.rerun(round);
	}

	@Test
	void partitionGapWhoseBoundsAreNotLiteralsIsRefused() {
		TestCatalogs.Read read = TestCatalogs.read("gapbounds",
				RemediationFixtures.resource("remediation/partition-gap.sql"));
		Finding gap = finding(RemediationFixtures.evaluate(read.snapshot(), null), "partition-gap", "public.ledger");
		Map<String, Object> evidence = new HashMap<>(gap.evidence());
		evidence.put("missingPartitions",
				List.of(Map.of("name", "ledger_x", "from", "now()", "to", "2026-10-01")));
		Generators.Outcome outcome = new Generators(UUID.randomUUID(), read.snapshot(), null)
			.generate(with(gap, evidence, gap.repair()));
		assertThat(outcome.drafts()).isEmpty();
		assertThat(outcome.refusal()).contains("now() .. 2026-10-01 are not a date, timestamp or integer");
	}

	private static Finding finding(List<Finding> findings, String rule, String object) {
		return findings.stream()
			.filter(f -> f.ruleId().equals(rule) && f.objectText().equals(object))
			.findFirst()
			.orElseThrow(() -> new AssertionError(rule + " " + object + " not in "
					+ RemediationFixtures.describe(findings)));
	}

	private static Finding with(Finding f, Map<String, Object> evidence, Repair repair) {
		return new Finding(f.id(), f.targetId(), f.ruleId(), f.severity(), f.status(), f.object(), f.objectText(),
				f.message(), evidence, repair, repair.automatic(), f.fingerprint(), f.firstSeenAt(), f.lastSeenAt(),
				null, null);
	}

	private static String text(Statement st, String sql) throws SQLException {
		try (ResultSet rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}
}

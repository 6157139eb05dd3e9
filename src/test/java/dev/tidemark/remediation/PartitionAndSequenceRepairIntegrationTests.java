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
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.ContractDocuments;
import dev.tidemark.checks.contract.MediaTypeKind;
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

	private static final String LINES = "\"Shop \"\"EU\"\"\".\"Order Lines\"";

	@Test
	void partitionGapIsFilledUnderAFreeNameAndAGapOverADefaultWithRowsIsRefused() throws Exception {
		TestCatalogs.Read read = TestCatalogs.read("gap",
				RemediationFixtures.resource("remediation/partition-gap.sql"));
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

	@Test
	void anIntegerSequenceFeedingABigintColumnIsWidenedAndAnIntegerColumnIsRefused() throws Exception {
		TestCatalogs.Read read = TestCatalogs.read("seq",
				RemediationFixtures.resource("remediation/sequence-exhaustion.sql"));
		RemediationFixtures.Round round = RemediationFixtures.repair("sequence-exhaustion", read, null);
		assertThat(RemediationFixtures.describe(round.before())).contains("sequence-exhaustion public.orders_id_seq",
				"sequence-exhaustion public.tickets_id_seq");
		assertThat(round.plan().risk()).isEqualTo(Plan.Risk.MEDIUM);
		assertThat(round.plan().steps()).singleElement()
			.satisfies(s -> assertThat(s.sql())
				.isEqualTo("ALTER SEQUENCE \"public\".\"orders_id_seq\" AS bigint MAXVALUE 9223372036854775807;"));
		assertThat(round.changelog()).contains("-- rollback ALTER SEQUENCE \"public\".\"orders_id_seq\" AS integer "
				+ "MINVALUE 1 MAXVALUE 2147483647;");
		// the rule itself calls the integer column a manual repair
		Finding tickets = finding(round.before(), "sequence-exhaustion", "public.tickets_id_seq");
		assertThat(round.plan().refused()).singleElement()
			.satisfies(r -> assertThat(r.findingId()).isEqualTo(tickets.id()));
		assertThat(RemediationFixtures.describe(round.after())).containsExactly(
				"sequence-exhaustion public.tickets_id_seq");

		try (Connection c = RemediationFixtures.connect(read.database()); Statement st = c.createStatement()) {
			assertThat(text(st, "SELECT count(*) FROM public.orders")).isEqualTo("2");
			st.executeQuery("SELECT setval('public.orders_id_seq', 2147483647)").close();
			st.executeUpdate("INSERT INTO public.orders (note) VALUES ('past integer')");
			assertThat(text(st, "SELECT max(id) FROM public.orders")).isEqualTo("2147483648");
		}
		RemediationFixtures.rerun(round);
	}

	@Test
	void theGeneratorRefusesToWidenASequenceWhoseColumnIsInteger() {
		TestCatalogs.Read read = TestCatalogs.read("seqcol",
				RemediationFixtures.resource("remediation/sequence-exhaustion.sql"));
		Finding tickets = finding(RemediationFixtures.evaluate(read.snapshot(), null), "sequence-exhaustion",
				"public.tickets_id_seq");
		// even a finding that claims an automatic repair: the column, not the sequence, is the limit
		Generators.Outcome outcome = new Generators(UUID.randomUUID(), read.snapshot(), null)
			.generate(with(tickets, tickets.evidence(), Repair.automatic("ALTER SEQUENCE ... AS bigint")));
		assertThat(outcome.drafts()).isEmpty();
		assertThat(outcome.refusal()).contains("integer column public.tickets.id", "rewrites the table");
		assertThat(outcome.instead()).contains("add a bigint column", "backfill", "swap",
				"application's migrations");
	}

	@Test
	void indexesOnAPartitionedTableAreBuiltPerPartitionAndAttached() throws Exception {
		TestCatalogs.Read read = TestCatalogs.read("partidx",
				RemediationFixtures.resource("remediation/partitioned-index.sql"));
		Contract contract = contract("remediation/partitioned-index.yaml");
		RemediationFixtures.Round round = RemediationFixtures.repair("partitioned-index", read, contract);
		assertThat(RemediationFixtures.describe(round.before())).contains(
				"missing-index Shop \"EU\".Order Lines.(sku)",
				"unindexed-foreign-key Shop \"EU\".Order Lines.Order Lines_Customer Id_fkey");
		assertThat(finding(round.before(), "missing-index", "Shop \"EU\".Order Lines.(sku)").repair().summary())
			.startsWith("CREATE INDEX ON ONLY the partitioned table Shop \"EU\".Order Lines (sku), then CONCURRENTLY");
		// the row in the DEFAULT partition is default-partition-rows, a person's decision
		Finding defaultRows = finding(round.before(), "default-partition-rows", "Shop \"EU\".Order Lines");
		assertThat(round.plan().refused()).extracting(Plan.Refusal::findingId).containsExactly(defaultRows.id());
		assertThat(round.plan().risk()).isEqualTo(Plan.Risk.LOW);
		// per index: ON ONLY, then per partition (4) drop-invalid, build, attach
		assertThat(round.plan().steps()).hasSize(2 * (1 + 4 * 3));
		assertThat(round.changelog()).contains("CREATE INDEX IF NOT EXISTS \"Order Lines_sku_idx\" ON ONLY " + LINES,
				"CREATE INDEX CONCURRENTLY IF NOT EXISTS \"Lines \"\"APAC\"\" Zone_sku_idx\" ON "
						+ "\"Shop \"\"EU\"\"\".\"Lines \"\"APAC\"\" Zone\" (\"sku\");",
				"ALTER INDEX \"Shop \"\"EU\"\"\".\"Order Lines_sku_idx\" ATTACH PARTITION "
						+ "\"Shop \"\"EU\"\"\".\"Lines \"\"APAC\"\" Zone_sku_idx\";",
				"CREATE INDEX CONCURRENTLY IF NOT EXISTS \"Lines \"\"APAC\"\" Zone_Customer Id_idx\" ON "
						+ "\"Shop \"\"EU\"\"\".\"Lines \"\"APAC\"\" Zone\" (\"Customer Id\");");
		assertThat(round.plan().steps()).filteredOn(s -> s.sql().contains("CONCURRENTLY"))
			.allSatisfy(s -> assertThat(s.transactional()).isFalse());
		assertThat(RemediationFixtures.describe(round.after()))
			.containsExactly("default-partition-rows Shop \"EU\".Order Lines");

		try (Connection c = RemediationFixtures.connect(read.database()); Statement st = c.createStatement()) {
			assertThat(text(st, "SELECT string_agg(c.relname || ':' || i.indisvalid || ':' || (SELECT count(*) FROM "
					+ "pg_inherits h WHERE h.inhparent = c.oid), ',' ORDER BY c.relname) FROM pg_index i JOIN pg_class "
					+ "c ON c.oid = i.indexrelid WHERE i.indrelid = '" + LINES.replace("'", "''")
					+ "'::regclass AND NOT i.indisprimary"))
				.isEqualTo("Order Lines_Customer Id_idx:true:4,Order Lines_sku_idx:true:4");
			assertThat(text(st, "SELECT count(*) FROM " + LINES)).isEqualTo("5");
			assertThat(text(st, "SELECT count(*) FROM " + LINES + " WHERE sku = 'A-1'")).isEqualTo("2");
		}
		RemediationFixtures.rerun(round);
	}

	@Test
	void aUniqueIndexWithoutThePartitionKeyIsRefused() {
		TestCatalogs.Read read = TestCatalogs.read("partuniq",
				RemediationFixtures.resource("remediation/partitioned-index.sql"));
		Contract contract = contract("remediation/partitioned-unique-index.yaml");
		List<Finding> findings = RemediationFixtures.evaluate(read.snapshot(), contract);
		Finding missing = finding(findings, "missing-index", "Shop \"EU\".Order Lines.UNIQUE (sku)");
		Plan plan = new RemediationPlanner().plan(UUID.randomUUID(), findings, read.snapshot(), contract);
		assertThat(plan.refused()).filteredOn(r -> r.findingId().equals(missing.id()))
			.singleElement()
			.satisfies(r -> assertThat(r.reason()).contains("must include every partition key column"));
	}

	private static Contract contract(String path) {
		return ContractDocuments.read(RemediationFixtures.resource(path), MediaTypeKind.YAML);
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

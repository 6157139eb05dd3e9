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
import dev.tidemark.remediation.internal.LiquibaseRunner;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repairs of partition-gap, sequence-exhaustion and indexes on partitioned tables, end to end on real
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
	void aFindingStoredBeforeItsRuleEmittedChangesIsRefusedWithTheWayForward() {
		TestCatalogs.Read read = TestCatalogs.read("gapold",
				RemediationFixtures.resource("remediation/partition-gap.sql"));
		Finding gap = finding(RemediationFixtures.evaluate(read.snapshot(), null), "partition-gap", "public.ledger");
		assertThat(gap.evidence()).containsKey("changes");
		Map<String, Object> evidence = new HashMap<>(gap.evidence());
		evidence.remove("changes");
		Plan plan = new RemediationPlanner().plan(UUID.randomUUID(), List.of(with(gap, evidence, gap.repair())),
				read.snapshot(), null);
		assertThat(plan.steps()).isEmpty();
		assertThat(plan.refused()).singleElement().satisfies(r -> {
			assertThat(r.reason()).startsWith("The finding carries no changes to plan");
			assertThat(r.instead()).startsWith("Scan the target again");
		});
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
	void aSequenceWithItsOwnLimitOrThatCyclesIsNotWidened() {
		TestCatalogs.Read read = TestCatalogs.read("seqown", """
				CREATE TABLE capped (id bigint PRIMARY KEY, note text);
				CREATE SEQUENCE capped_id_seq AS integer MAXVALUE 1000 OWNED BY capped.id;
				ALTER TABLE capped ALTER COLUMN id SET DEFAULT nextval('capped_id_seq');
				SELECT setval('capped_id_seq', 990);
				CREATE TABLE ring (id bigint PRIMARY KEY, note text);
				CREATE SEQUENCE ring_id_seq AS integer CYCLE OWNED BY ring.id;
				ALTER TABLE ring ALTER COLUMN id SET DEFAULT nextval('ring_id_seq');
				SELECT setval('ring_id_seq', 2100000000);
				""");
		List<Finding> findings = RemediationFixtures.evaluate(read.snapshot(), null).stream()
			.filter(f -> f.ruleId().equals("sequence-exhaustion"))
			.toList();
		for (String sequence : List.of("public.capped_id_seq", "public.ring_id_seq")) {
			Finding f = finding(findings, "sequence-exhaustion", sequence);
			assertThat(f.repair().automatic()).as(sequence).isFalse();
			assertThat(f.repair().summary()).as(sequence).contains("may be deliberate");
			assertThat(f.evidence()).as(sequence).doesNotContainKey("changes");
		}
	}

	@Test
	void aSequenceWhoseColumnIsIntegerIsNotWidened() {
		TestCatalogs.Read read = TestCatalogs.read("seqcol",
				RemediationFixtures.resource("remediation/sequence-exhaustion.sql"));
		Finding tickets = finding(RemediationFixtures.evaluate(read.snapshot(), null), "sequence-exhaustion",
				"public.tickets_id_seq");
		// the column, not the sequence, is the limit
		assertThat(tickets.repair().automatic()).isFalse();
		assertThat(tickets.evidence()).doesNotContainKey("changes");
		assertThat(tickets.repair().summary()).contains("integer column public.tickets.id", "rewrites the table");
		assertThat(tickets.repair().instead()).contains("add a bigint column", "backfill", "swap");
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
	void aHalfDoneParentIndexIsCompletedAndARollbackNeverDropsWhatWasThereBefore() throws Exception {
		TestCatalogs.Read read = TestCatalogs.read("parthalf", """
				CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text, PRIMARY KEY (id, at))
				    PARTITION BY RANGE (at);
				CREATE TABLE events_2026_10 PARTITION OF events FOR VALUES FROM ('2026-10-01') TO ('2026-11-01');
				CREATE TABLE events_2026_11 PARTITION OF events FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
				CREATE TABLE events_2026_12 PARTITION OF events FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');
				-- someone's half-done build: the parent ON ONLY (invalid), one partition's index attached
				CREATE INDEX events_kind_idx ON ONLY events (kind);
				CREATE INDEX events_2026_10_kind_idx ON events_2026_10 (kind);
				ALTER INDEX events_kind_idx ATTACH PARTITION events_2026_10_kind_idx;
				INSERT INTO events VALUES (1, '2026-10-05', 'a'), (2, '2026-11-05', 'b'), (3, '2026-12-05', 'c');
				""");
		Contract contract = ContractDocuments.read("""
				tables:
				  - name: public.events
				    indexes:
				      - {columns: [kind]}
				""", MediaTypeKind.YAML);
		List<Finding> findings = RemediationFixtures.evaluate(read.snapshot(), contract).stream()
			.filter(f -> f.ruleId().equals("missing-index"))
			.toList();
		assertThat(findings).singleElement().satisfies(f -> assertThat(f.evidence()).containsEntry("invalidIndex",
				"events_kind_idx"));
		UUID id = UUID.nameUUIDFromBytes("partitioned-half-done".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		Plan plan = new RemediationPlanner().plan(id, findings, read.snapshot(), contract);
		assertThat(plan.refused()).isEmpty();
		assertThat(plan.steps()).filteredOn(st -> st.sql().startsWith("ALTER INDEX"))
			.hasSize(3)
			.allSatisfy(st -> assertThat(st.rollback().kind()).isEqualTo(Plan.Rollback.Kind.NONE));
		String changelog = new ChangelogWriter().write(id, plan);
		LiquibaseRunner.Result applied = RemediationFixtures.apply(read.database(), id, changelog);
		assertThat(applied.error()).isNull();
		String attached = "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits h "
				+ "JOIN pg_class c ON c.oid = h.inhrelid WHERE h.inhparent = 'events_kind_idx'::regclass";
		try (Connection c = RemediationFixtures.connect(read.database()); Statement st = c.createStatement()) {
			assertThat(text(st, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_kind_idx'::regclass"))
				.isEqualTo("t");
			assertThat(text(st, attached)).isEqualTo("events_2026_10_kind_idx,events_2026_11_kind_idx,"
					+ "events_2026_12_kind_idx");
		}

		LiquibaseRunner.Result rolledBack;
		try (Connection c = RemediationFixtures.connect(read.database())) {
			rolledBack = new LiquibaseRunner().rollback(c, id, changelog, 1);
		}
		// the last attach has no automatic rollback: Liquibase refuses rather than drop someone else's index
		assertThat(rolledBack.error()).isNotNull();
		try (Connection c = RemediationFixtures.connect(read.database()); Statement st = c.createStatement()) {
			assertThat(text(st, "SELECT count(*) FROM pg_class WHERE relname = 'events_kind_idx'")).isEqualTo("1");
			assertThat(text(st, attached)).startsWith("events_2026_10_kind_idx,");
		}
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

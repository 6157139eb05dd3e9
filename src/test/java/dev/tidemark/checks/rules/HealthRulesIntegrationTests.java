package dev.tidemark.checks.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.common.SqlIdentifiers;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static dev.tidemark.checks.rules.HealthTestSnapshots.context;
import static dev.tidemark.checks.rules.HealthTestSnapshots.contractWithTable;
import static dev.tidemark.checks.rules.HealthTestSnapshots.healthRules;
import static dev.tidemark.checks.rules.HealthTestSnapshots.tableExpectation;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every health rule on a real PostgreSQL: {@code fixtures/rules/<rule-id>.sql} builds a database where the rule
 * fires exactly once, for the broken object, and every other health rule stays quiet; then the repair
 * ({@code <rule-id>.fix.sql}, or statements built from the finding's own evidence) is applied to the same
 * database and every health rule is quiet. "Now" is fixed at 2026-11-21T12:00:00Z.
 */
class HealthRulesIntegrationTests {

	@Test
	void missingPrimaryKey() {
		TestCatalogs.Read db = fixture("missing-primary-key");
		Violation v = onlyFinding(context(db.snapshot()), "missing-primary-key");
		assertThat(v.object()).isEqualTo(ObjectRef.table("public", "post_reactions"));
		assertThat(v.subject()).isEqualTo("primary-key:public.post_reactions");
		assertThat(v.evidence()).containsEntry("candidateSource", "id column");
		assertThat(v.repair().automatic()).isTrue();
		assertQuiet(context(fix(db, "missing-primary-key").snapshot()));
	}

	@Test
	void invalidIndex() {
		TestCatalogs.Read db = fixture("invalid-index");
		Violation v = onlyFinding(context(db.snapshot()), "invalid-index");
		assertThat(v.object()).isEqualTo(ObjectRef.of("index", "public", "accounts_email_uidx"));
		assertThat(v.evidence()).containsEntry("unique", true).containsEntry("valid", false);
		assertQuiet(context(fix(db, "invalid-index").snapshot()));
	}

	@Test
	void unvalidatedConstraint() {
		TestCatalogs.Read db = fixture("unvalidated-constraint");
		Violation v = onlyFinding(context(db.snapshot()), "unvalidated-constraint");
		assertThat(v.object())
			.isEqualTo(new ObjectRef("constraint", "public", "contents", "contents_analysis_period_id_fkey"));
		assertThat(v.evidence()).containsEntry("violatingRows", 3L);
		assertThat(v.repair().automatic()).isFalse();
		// the query in the evidence lists exactly the orphans
		assertThat(count(db, "SELECT count(*) FROM (" + v.evidence().get("findRowsQuery") + ") x")).isEqualTo(3);

		TestCatalogs.Read detached = db.then("""
				UPDATE public.contents c SET analysis_period_id = NULL
					WHERE NOT EXISTS (SELECT 1 FROM public.analysis_periods p WHERE p.id = c.analysis_period_id);
				""");
		Violation clean = onlyFinding(context(detached.snapshot()), "unvalidated-constraint");
		assertThat(clean.evidence()).containsEntry("violatingRows", 0L);
		assertThat(clean.repair().automatic()).isTrue();
		assertQuiet(context(fix(detached, "unvalidated-constraint").snapshot()));
	}

	@Test
	void unindexedForeignKey() {
		TestCatalogs.Read db = fixture("unindexed-foreign-key");
		Violation v = onlyFinding(context(db.snapshot()), "unindexed-foreign-key");
		assertThat(v.subject()).isEqualTo("fk-index:public.maintenance_logs(task_id)");
		assertThat(v.evidence()).containsKey("nearMisses");
		assertQuiet(context(fix(db, "unindexed-foreign-key").snapshot()));
	}

	@Test
	void partitionHorizon() {
		TestCatalogs.Read db = fixture("partition-horizon");
		Contract twelveAhead = contractWithTable(tableExpectation("public.messages", null,
				new Contract.PartitioningExpectation("timestamp", "1 month", 12, "messages_{yyyy}_{MM}")));

		Violation critical = onlyFinding(context(db.snapshot(), twelveAhead), "partition-horizon");
		assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(critical.object()).isEqualTo(ObjectRef.table("public", "messages"));
		assertThat(critical.evidence()).containsEntry("missingCount", 13)
			.containsEntry("highestBound", "2026-11-01 00:00:00+00");
		// without the contract: the default premake of 3 months
		assertThat(onlyFinding(context(db.snapshot()), "partition-horizon").evidence())
			.containsEntry("missing", List.of("2026-11", "2026-12", "2027-01", "2027-02"));

		TestCatalogs.Read twoMonths = db.then(createPartitions("public", "messages",
				missingPartitions(critical).subList(0, 2)));
		Violation high = onlyFinding(context(twoMonths.snapshot()), "partition-horizon");
		assertThat(high.severity()).isEqualTo(Severity.HIGH);
		assertThat(high.evidence()).containsEntry("coveredUntil", "2027-01-01 00:00:00+00")
			.containsEntry("missing", List.of("2027-01", "2027-02"));

		// the partitions the evidence names, created as they stand, satisfy the contract
		TestCatalogs.Read fixed = twoMonths.then(createPartitions("public", "messages",
				missingPartitions(critical).subList(2, 13)));
		assertQuiet(context(fixed.snapshot(), twelveAhead));
		fixed.then("INSERT INTO public.messages VALUES (1, '2026-11-21 12:00:00+00', 'today works again');");
	}

	@Test
	void partitionGap() {
		TestCatalogs.Read db = fixture("partition-gap");
		Violation v = onlyFinding(context(db.snapshot()), "partition-gap");
		assertThat(v.object()).isEqualTo(ObjectRef.table("public", "ledger"));
		assertThat(v.evidence()).containsEntry("gaps",
				List.of(Map.of("from", "2026-09-01", "to", "2026-10-01", "after", "ledger_2026_08", "before",
						"ledger_2026_10")))
			.containsEntry("missingPartitions",
					List.of(Map.of("name", "ledger_2026_09", "from", "2026-09-01", "to", "2026-10-01")));
		assertThat(v.repair().automatic()).isTrue();
		assertQuiet(context(db.then(createPartitions("public", "ledger", missingPartitions(v))).snapshot()));
	}

	@Test
	void defaultPartitionRows() {
		TestCatalogs.Read db = fixture("default-partition-rows");
		Violation v = onlyFinding(context(db.snapshot()), "default-partition-rows");
		assertThat(v.object()).isEqualTo(ObjectRef.table("public", "events"));
		assertThat(count(db, (String) v.evidence().get("findRowsQuery"), 3)).isEqualTo(1);
		TestCatalogs.Read fixed = fix(db, "default-partition-rows");
		assertQuiet(context(fixed.snapshot()));
		assertThat(count(fixed, "SELECT count(*) FROM public.events")).isEqualTo(2);
	}

	@Test
	void failedMigration() {
		TestCatalogs.Read db = fixture("failed-migration");
		Violation prisma = onlyFinding(context(db.snapshot()), "failed-migration");
		assertThat(prisma.object()).isEqualTo(
				new ObjectRef("migration", "public", "_prisma_migrations", "20251120000000_add_channel_metadata"));
		assertThat(prisma.severity()).isEqualTo(Severity.HIGH);
		// only a contract column the migration names (channels.metadata, present) lets it be marked applied
		assertThat(prisma.repair().automatic()).isFalse();
		assertThat(onlyFinding(context(db.snapshot(), Expect.tables(Expect.table("public.channels")
			.columns(Expect.column("metadata", "jsonb")))), "failed-migration").repair().automatic()).isTrue();
		TestCatalogs.Read resolved = fix(db, "failed-migration");
		assertQuiet(context(resolved.snapshot()));

		// a migration outside a transaction that failed leaves a Flyway row with success = false
		TestCatalogs.Read flywayFailed = resolved.then("""
				INSERT INTO flyway_schema_history VALUES (2, '2', 'concurrent index', 'SQL', 'V2__concurrent_index.sql',
					-555, 'app', '2026-11-20 10:00:00', 900, false);
				""");
		Violation flyway = onlyFinding(context(flywayFailed.snapshot()), "failed-migration");
		assertThat(flyway.object()).isEqualTo(new ObjectRef("migration", "public", "flyway_schema_history", "2"));
		assertThat(flyway.repair().automatic()).isFalse();
		// what flyway repair does once the schema is cleaned up
		assertQuiet(context(flywayFailed.then("DELETE FROM flyway_schema_history WHERE NOT success;").snapshot()));
	}

	@Test
	void staleChangelogLock() {
		TestCatalogs.Read db = fixture("stale-changelog-lock");
		Violation v = onlyFinding(context(db.snapshot()), "stale-changelog-lock");
		assertThat(v.object()).isEqualTo(new ObjectRef("migration-lock", "public", "databasechangeloglock", null));
		assertThat(v.evidence()).containsEntry("lockAgeMinutes", 180L)
			.containsEntry("lockedBy", "ci-runner-7 (10.0.3.17)");
		// false where the inspector may see other sessions (pg_read_all_stats), else unknown: reported either way
		assertThat(v.evidence().get("lockHolderAlive")).isNotEqualTo(true);

		// a young lock is a Liquibase run in progress
		assertQuiet(context(db.then("""
				UPDATE public.databasechangeloglock SET lockgranted = '2026-11-21 11:55:00';
				""").snapshot()));
		TestCatalogs.Read old = db.then("UPDATE public.databasechangeloglock SET lockgranted = '2026-11-21 09:00:00';");
		// the release statement in the evidence, run as it stands
		TestCatalogs.Read released = old.then(v.evidence().get("releaseStatement") + ";");
		assertQuiet(context(released.snapshot()));
		assertThat(count(released, "SELECT count(*) FROM public.databasechangeloglock WHERE NOT locked")).isEqualTo(1);
	}

	@Test
	void matviewWithoutUniqueIndex() {
		TestCatalogs.Read db = fixture("matview-without-unique-index");
		Violation v = onlyFinding(context(db.snapshot()), "matview-without-unique-index");
		assertThat(v.object()).isEqualTo(ObjectRef.of("materialized-view", "public", "mv_period_metrics_trend"));
		assertThat(v.repair().automatic()).isFalse();
		Contract key = new Contract(List.of(), List.of(), List.of(new Contract.MaterializedViewExpectation(
				"public.mv_period_metrics_trend", List.of("entity_type", "entity_id", "period_number"))), null);
		assertThat(onlyFinding(context(db.snapshot(), key), "matview-without-unique-index").repair().automatic())
			.isTrue();
		assertQuiet(context(fix(db, "matview-without-unique-index").snapshot(), key));
	}

	@Test
	void sequenceExhaustion() {
		TestCatalogs.Read db = fixture("sequence-exhaustion");
		Violation v = onlyFinding(context(db.snapshot()), "sequence-exhaustion");
		assertThat(v.object()).isEqualTo(ObjectRef.of("sequence", "public", "tickets_id_seq"));
		assertThat(v.severity()).isEqualTo(Severity.HIGH);
		assertThat(v.evidence()).containsEntry("limitedBy", "the column type integer");
		assertThat(v.repair().automatic()).isFalse();

		TestCatalogs.Read nearer = db.then("SELECT setval('public.tickets_id_seq', 2000000000);");
		assertThat(onlyFinding(context(nearer.snapshot()), "sequence-exhaustion").severity())
			.isEqualTo(Severity.CRITICAL);
		TestCatalogs.Read widened = fix(nearer, "sequence-exhaustion");
		assertQuiet(context(widened.snapshot()));

		// an integer sequence feeding a bigint column: widening the sequence alone is the automatic repair
		TestCatalogs.Read narrowSequence = widened.then("""
				CREATE SEQUENCE public.events_id_seq AS integer;
				CREATE TABLE public.events (id bigint PRIMARY KEY DEFAULT nextval('public.events_id_seq'));
				ALTER SEQUENCE public.events_id_seq OWNED BY public.events.id;
				SELECT setval('public.events_id_seq', 1800000000);
				""");
		Violation sequenceBound = onlyFinding(context(narrowSequence.snapshot()), "sequence-exhaustion");
		assertThat(sequenceBound.repair().automatic()).isTrue();
		assertQuiet(context(narrowSequence.then("ALTER SEQUENCE public.events_id_seq AS bigint;").snapshot()));
	}

	@Test
	void evidenceIsPlainJson() {
		// what the findings store and the API serialise: strings, numbers, booleans, lists and maps only
		TestCatalogs.Read db = fixture("partition-horizon");
		JsonMapper json = JsonMapper.builder().build();
		for (Violation v : findings(context(db.snapshot()))) {
			String text = json.writeValueAsString(v.evidence());
			assertThat(json.readValue(text, Map.class)).hasSameSizeAs(v.evidence());
		}
	}

	// ---------------------------------------------------------------------------------------------- helpers

	private static TestCatalogs.Read fixture(String ruleId) {
		return TestCatalogs.read("rule_" + ruleId.replace('-', '_'), resource("fixtures/rules/" + ruleId + ".sql"));
	}

	private static TestCatalogs.Read fix(TestCatalogs.Read db, String ruleId) {
		return db.then(resource("fixtures/rules/" + ruleId + ".fix.sql"));
	}

	private static List<Violation> findings(CheckContext context) {
		return healthRules().stream().flatMap(rule -> rule.evaluate(context).stream()).toList();
	}

	/** Exactly one health finding in the whole database, from {@code ruleId}. */
	private static Violation onlyFinding(CheckContext context, String ruleId) {
		List<Violation> all = findings(context);
		assertThat(all).as(describe(all)).singleElement().extracting(Violation::ruleId).isEqualTo(ruleId);
		return all.get(0);
	}

	private static void assertQuiet(CheckContext context) {
		List<Violation> all = findings(context);
		assertThat(all).as(describe(all)).isEmpty();
	}

	private static String describe(List<Violation> violations) {
		return violations.stream().map(v -> v.ruleId() + ": " + v.message()).collect(Collectors.joining("\n"));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> missingPartitions(Violation v) {
		return (List<Map<String, Object>>) v.evidence().get("missingPartitions");
	}

	private static String createPartitions(String schema, String parent, List<Map<String, Object>> partitions) {
		return partitions.stream()
			.map(p -> "CREATE TABLE " + SqlIdentifiers.qualified(schema, (String) p.get("name")) + " PARTITION OF "
					+ SqlIdentifiers.qualified(schema, parent) + " FOR VALUES FROM (" + SqlIdentifiers.literal((String) p.get("from"))
					+ ") TO (" + SqlIdentifiers.literal((String) p.get("to")) + ");")
			.collect(Collectors.joining("\n"));
	}

	private static long count(TestCatalogs.Read db, String sql) {
		return count(db, sql, 1);
	}

	private static long count(TestCatalogs.Read db, String sql, int column) {
		try (Connection c = DriverManager.getConnection(db.database().jdbcUrl(), db.database().username(),
				db.database().password()); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getLong(column);
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String resource(String name) {
		try (InputStream in = HealthRulesIntegrationTests.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalArgumentException("No resource " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}

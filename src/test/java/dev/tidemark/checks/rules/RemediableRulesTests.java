package dev.tidemark.checks.rules;

import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.CheckSettings;
import dev.tidemark.checks.Finding;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Rule;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.Contract.ExtensionExpectation;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.TimescaleInfo.ChunkIndexGap;
import dev.tidemark.inspection.model.SequenceInfo;
import dev.tidemark.inspection.model.ViewInfo;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

import static dev.tidemark.checks.rules.TimescaleSnapshots.compression;
import static dev.tidemark.checks.rules.TimescaleSnapshots.expecting;
import static dev.tidemark.checks.rules.TimescaleSnapshots.hypertable;
import static dev.tidemark.checks.rules.TimescaleSnapshots.policies;
import static dev.tidemark.checks.rules.TimescaleSnapshots.retention;
import static dev.tidemark.checks.rules.TimescaleSnapshots.timescale;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule that says it is {@link Rule#remediable()} has a repair: its automatic findings carry typed changes
 * (rendered by the remediation's renderers). A remediable rule without them would only ever be refused with "the
 * finding carries no changes to plan", so it cannot be added silently.
 */
class RemediableRulesTests {

	private static final CatalogSnapshot EMPTY = TestCatalogs.empty();

	private static final CatalogSnapshot TRGM_15 = Snapshots.withExtensions(EMPTY,
			new ExtensionInfo("pg_trgm", "public", "1.5", "1.6"));

	private static final CatalogSnapshot ORDERS = TestCatalogs.builder()
		.table("public", "orders", Snapshots.column(1, "id", "bigint", false, null),
				Snapshots.column(2, "status", "text", false, "'new'::text"), Snapshots.column(3, "note", "text", true, null))
		.build();

	/**
	 * Rules repaired through typed changes, each with a context in which it reports an automatically repairable
	 * finding. Every automatic finding such a rule reports must carry changes.
	 */
	private static final Map<String, Supplier<CheckContext>> TYPED = Map.ofEntries(
			Map.entry("reference-missing", () -> referenced(EMPTY, TRGM_15)),
			Map.entry("reference-extra", () -> referenced(TRGM_15, EMPTY)),
			Map.entry("reference-mismatch", () -> referenced(TRGM_15, Snapshots.withExtensions(EMPTY,
					new ExtensionInfo("pg_trgm", "public", "1.6", "1.6")))),
			Map.entry("missing-extension",
					() -> Expect.contract(Snapshots.withExtensions(EMPTY, new ExtensionInfo("pg_trgm", null, null, "1.6")),
							Expect.extensions(new ExtensionExpectation("pg_trgm", null)))),
			Map.entry("extension-version-mismatch",
					() -> Expect.contract(TRGM_15, Expect.extensions(new ExtensionExpectation("pg_trgm", "1.6")))),
			Map.entry("missing-column", () -> Expect.contract(ORDERS,
					Expect.tables(Expect.table("public.orders").columns(Expect.column("total", "numeric(12,2)"),
							Expect.column("paid", "boolean", false, "false"))))),
			Map.entry("column-default-mismatch", () -> Expect.contract(ORDERS, Expect.tables(
					Expect.table("public.orders").columns(Expect.column("status", "text", false, "'pending'"))))),
			Map.entry("column-nullability-mismatch", () -> Expect.contract(ORDERS,
					Expect.tables(Expect.table("public.orders").columns(Expect.column("note", "text", false, null),
							Expect.column("status", "text", true, null))))),
			Map.entry("unvalidated-constraint", () -> HealthTestSnapshots.snapshot()
				.constraint(HealthTestSnapshots.notValid(HealthTestSnapshots.foreignKey("public", "contents",
						"contents_period_fkey", List.of("period_id"), "periods", List.of("id")), 0L))
				.context()),
			Map.entry("missing-constraint", () -> Expect.contract(ORDERS, Expect.tables(Expect.table("public.orders")
				.constraint("total_positive", "CHECK (total > 0)")
				.foreignKey(Expect.fk(List.of("id"), "public.orders", List.of("id"), "cascade", null))))),
			Map.entry("foreign-key-action-mismatch", () -> Expect.contract(TestCatalogs.builder()
				.table("public", "posts", Snapshots.column(1, "id", "bigint", false, null))
				.table("public", "reactions", Snapshots.column(1, "post_id", "bigint", true, null))
				.constraint(Snapshots.foreignKey("public", "reactions", "reactions_post_fkey", List.of("post_id"), "posts",
						List.of("id"), "CASCADE", "NO ACTION", true))
				.build(),
					Expect.tables(Expect.table("public.reactions")
						.foreignKey(Expect.fk(List.of("post_id"), "public.posts", List.of("id"), "set null", null))))),
			Map.entry("missing-index", () -> Expect.contract(ORDERS,
					Expect.tables(Expect.table("public.orders").index(Expect.index(null, "status", "lower(note)"))))),
			Map.entry("enum-values-mismatch", () -> Expect.contract(ContractKindsRulesTests.SNAPSHOT,
					new Contract(List.of(), List.of(), List.of(), null, List.of(), List.of(), List.of(),
							List.of(new Contract.EnumExpectation("public.mood", List.of("sad", "meh", "ok"), null)),
							List.of(), List.of()))),
			Map.entry("missing-grant", () -> Expect.contract(ContractKindsRulesTests.SNAPSHOT,
					new Contract(List.of(), List.of(), List.of(), null, List.of(), List.of(), List.of(), List.of(),
							List.of(), List.of(new Contract.GrantExpectation("public.orders", "TABLE", "reader",
									List.of("SELECT", "INSERT")))))),
			Map.entry("missing-trigger", () -> Expect.contract(ContractKindsRulesTests.SNAPSHOT,
					new Contract(List.of(), List.of(), List.of(), null, List.of(), List.of(),
							List.of(new Contract.TriggerExpectation("public.orders", "trg_touch", true)), List.of(),
							List.of(), List.of()))),
			Map.entry("unindexed-foreign-key", () -> HealthTestSnapshots.snapshot()
				.constraint(HealthTestSnapshots.foreignKey("public", "contents", "contents_period_fkey",
						List.of("period_id"), "periods", List.of("id")))
				.context()),
			Map.entry("not-a-hypertable", () -> Expect.contract(timescale().table("events").build(),
					expecting("events", policies("7 days", "90 days")))),
			Map.entry("unexpected-compression-policy", () -> Expect.contract(
					timescale().hypertable(hypertable("raw")).job(compression(1, "raw", "7 days")).build(),
					expecting("raw", policies(null, null)))),
			Map.entry("unexpected-compressed-chunks", () -> Expect.contract(timescale().hypertable(hypertable("raw"))
				.build(), expecting("raw", policies(null, null)))),
			Map.entry("missing-compression-policy", () -> Expect.contract(timescale().hypertable(hypertable("raw"))
				.build(), expecting("raw", policies("7 days", null)))),
			Map.entry("compression-policy-mismatch", () -> Expect.contract(
					timescale().hypertable(hypertable("raw")).job(compression(1, "raw", "1 day")).build(),
					expecting("raw", policies("7 days", null)))),
			Map.entry("missing-retention-policy", () -> Expect.contract(timescale().hypertable(hypertable("raw"))
				.job(compression(1, "raw", "7 days"))
				.build(), expecting("raw", policies("7 days", "90 days")))),
			Map.entry("retention-policy-mismatch", () -> Expect.contract(timescale().hypertable(hypertable("raw"))
				.job(compression(1, "raw", "7 days"))
				.job(retention(2, "raw", "30 days"))
				.build(), expecting("raw", policies("7 days", "90 days")))),
			Map.entry("chunk-missing-unique-index", () -> HealthTestSnapshots.context(timescale()
				.hypertable(hypertable("raw", List.of(new ChunkIndexGap("raw_pkey", List.of("id", "created_at"),
						List.of("_timescaledb_internal._hyper_1_1_chunk"))), List.of()))
				.build())),
			Map.entry("failed-migration", () -> Expect.contract(HealthTestSnapshots.snapshot()
				.table(HealthTestSnapshots.table("public", "channels", HealthTestSnapshots.column("metadata", "jsonb", true)))
				.migrations(new MigrationHistory(List.of(), List.of(), List.of(new MigrationHistory.Prisma("public",
						"_prisma_migrations", false, List.of(new MigrationHistory.PrismaMigration(
								"20251120000000_add_channel_metadata", 2, false, true,
								Instant.parse("2025-11-20T09:00:00Z"), null)))),
						List.of()))
				.build(), Expect.tables(Expect.table("public.channels").columns(Expect.column("metadata", "jsonb"))))),
			Map.entry("stale-changelog-lock", () -> HealthTestSnapshots.snapshot()
				.migrations(new MigrationHistory(List.of(new MigrationHistory.Liquibase("public", "databasechangelog", 4,
						"4", "bob", "db/changelog.sql", null, true, LocalDateTime.parse("2026-11-21T09:00:00"),
						"ci-runner-7 (10.0.3.17)", false)), List.of(), List.of(), List.of()))
				.context()),
			Map.entry("missing-primary-key", () -> HealthTestSnapshots.snapshot()
				.table(HealthTestSnapshots.table("public", "orders", HealthTestSnapshots.column("id", "bigint", true)))
				.context()),
			Map.entry("invalid-index", () -> HealthTestSnapshots.snapshot()
				.table(HealthTestSnapshots.table("app", "accounts", HealthTestSnapshots.column("email", "text", false)))
				.index(HealthTestSnapshots.withState(
						HealthTestSnapshots.uniqueIndex("app", "accounts", "accounts_email_uidx", "email"), false, true))
				.context()),
			Map.entry("matview-without-unique-index", () -> HealthTestSnapshots.snapshot()
				.view(new ViewInfo("public", "mv_trend", true, "o", true, false, "h",
						List.of(HealthTestSnapshots.column("entity_id", "bigint", true))))
				.context(new Contract(List.of(), List.of(),
						List.of(new Contract.MaterializedViewExpectation("public.mv_trend", List.of("entity_id"))),
						null))),
			Map.entry("partition-gap", () -> HealthTestSnapshots.snapshot()
				.partitioning(HealthTestSnapshots.rangePartitioned("part", "ledger", "booked_at",
						"timestamp with time zone", null, null, null,
						Stream.concat(Stream.of(HealthTestSnapshots.months("ledger", 2026, 6, 3)),
								Stream.of(HealthTestSnapshots.months("ledger", 2026, 10, 6)))
							.toArray(String[]::new)))
				.context()),
			Map.entry("partition-horizon", () -> HealthTestSnapshots.snapshot()
				.partitioning(HealthTestSnapshots.rangePartitioned("public", "messages", "timestamp",
						"timestamp with time zone", null, null, null, HealthTestSnapshots.months("messages", 2024, 9, 26)))
				.context()),
			Map.entry("sequence-exhaustion", () -> HealthTestSnapshots.snapshot()
				.sequence(new SequenceInfo("app", "events_id_seq", "integer", 1, 1, Integer.MAX_VALUE, false,
						1_800_000_000L, "app.orders", "id", "bigint", BigDecimal.valueOf(Integer.MAX_VALUE),
						new BigDecimal("83.82")))
				.context()));

	private static CheckContext referenced(CatalogSnapshot target, CatalogSnapshot reference) {
		return new CheckContext(target, List.of(), null, Expect.NOW, CheckSettings.defaults(), reference);
	}

	@Test
	void everyRemediableRuleYieldsTypedChanges() throws Exception {
		List<Rule> rules = rules();
		assertThat(rules).extracting(Rule::id).contains("missing-extension", "missing-primary-key", "reference-missing");
		assertThat(rules.stream().filter(Rule::remediable).map(Rule::id).filter(id -> !TYPED.containsKey(id)).toList())
			.as("remediable rules without a fixture proving their findings carry typed changes").isEmpty();
	}

	@Test
	void typedRulesPutChangesInEveryAutomaticFinding() throws Exception {
		for (Rule rule : rules()) {
			Supplier<CheckContext> fixture = TYPED.get(rule.id());
			if (fixture == null) {
				continue;
			}
			List<Violation> automatic = rule.evaluate(fixture.get()).stream().filter(v -> v.repair().automatic()).toList();
			assertThat(automatic).as(rule.id()).isNotEmpty();
			for (Violation v : automatic) {
				assertThat(Changes.fromEvidence(v.evidence())).as(rule.id() + ": " + v.object().text()).isNotEmpty();
			}
		}
	}

	/** Every rule component of this package, as the application registers them. */
	private static List<Rule> rules() throws Exception {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
		scanner.addIncludeFilter(new AssignableTypeFilter(Rule.class));
		List<Rule> rules = new ArrayList<>();
		for (BeanDefinition bean : scanner.findCandidateComponents(RemediableRulesTests.class.getPackageName())) {
			Class<?> type = Class.forName(bean.getBeanClassName());
			if (!Rule.class.isAssignableFrom(type)) {
				continue;
			}
			Constructor<?> constructor = type.getDeclaredConstructor();
			constructor.setAccessible(true);
			rules.add((Rule) constructor.newInstance());
		}
		return rules;
	}
}

package dev.tidemark.checks.rules;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tidemark.checks.CheckContext;
import dev.tidemark.checks.CheckSettings;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.DefaultPrivilegeInfo;
import dev.tidemark.inspection.model.ExtensionInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.PolicyInfo;
import dev.tidemark.inspection.model.PrivilegeInfo;
import dev.tidemark.inspection.model.ServerInfo;
import dev.tidemark.inspection.model.TypeInfo;
import dev.tidemark.support.TestCatalogs;
import dev.tidemark.targets.CompareOptions;
import org.junit.jupiter.api.Test;

import static dev.tidemark.support.TestCatalogs.Builder.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

class DriftSinceBaselineRuleTests {

	private final DriftSinceBaseline rule = new DriftSinceBaseline();

	private final CatalogSnapshot baseline = TestCatalogs.builder()
		.table("public", "orders", column(1, "id", "bigint", false), column(2, "note", "text", true))
		.primaryKey("public", "orders", "orders_pkey", "id")
		.index(Snapshots.index("public", "orders", "orders_note_idx", false, null, "note"))
		.build();

	private static List<Violation> drift(DriftSinceBaseline rule, CatalogSnapshot baseline, CatalogSnapshot now) {
		return rule.evaluate(new CheckContext(now, List.of(), baseline, Expect.NOW, CheckSettings.defaults()));
	}

	@Test
	void nothingWithoutABaselineOrWithoutChange() {
		assertThat(rule.evaluate(CheckContext.of(baseline, Expect.NOW))).isEmpty();
		assertThat(drift(rule, baseline, baseline)).isEmpty();
		assertThat(rule.category()).isEqualTo(RuleCategory.BASELINE);
	}

	@Test
	void oneViolationPerObjectAddedRemovedOrChanged() {
		CatalogSnapshot now = TestCatalogs.builder()
			.table("public", "orders", column(1, "id", "bigint", false), column(2, "note", "character varying", true),
					column(3, "total", "numeric", true))
			.primaryKey("public", "orders", "orders_pkey", "id")
			.table("public", "refunds", column(1, "id", "bigint", false))
			.build();

		List<Violation> violations = drift(rule, baseline, now);

		assertThat(violations).extracting(v -> v.object().text(), v -> v.evidence().get("change"))
			.containsExactlyInAnyOrder(tuple("public.orders", "changed"),
					tuple("public.refunds", "added"),
					tuple("public.orders_note_idx", "removed"));
		assertThat(violations).allSatisfy(v -> {
			assertThat(v.ruleId()).isEqualTo("drift-since-baseline");
			assertThat(v.severity()).isEqualTo(Severity.MEDIUM);
			assertThat(v.repair().automatic()).isFalse();
			assertThat(v.repair().instead()).contains("Accept a new baseline").contains("revert");
		});
		Violation changed = violations.stream().filter(v -> v.object().text().equals("public.orders")).findFirst()
			.orElseThrow();
		assertThat(changed.object().kind()).isEqualTo("table");
		assertThat(changed.evidence()).containsEntry("fields", List.of("columns"))
			.containsEntry("columnChanges",
					Map.of("added", List.of("total"), "removed", List.of(), "changed", List.of("note")));
		assertThat(changed.evidence().get("before")).isInstanceOf(Map.class);
		assertThat(changed.evidence().get("after")).asInstanceOf(MAP)
			.containsOnlyKeys("columns");
	}

	@Test
	void theServerCountsOnlyByItsVersion() {
		CatalogSnapshot settingsChanged = withServer(baseline, new ServerInfo("15.15", 150015, "renamed",
				new TreeMap<>(Map.of("work_mem", "64MB"))));
		assertThat(drift(rule, baseline, settingsChanged)).isEmpty();

		CatalogSnapshot upgraded = withServer(baseline, new ServerInfo("16.4", 160004, "test", new TreeMap<>()));
		assertThat(drift(rule, baseline, upgraded)).singleElement().satisfies(v -> {
			assertThat(v.object().text()).isEqualTo("server");
			assertThat(v.evidence()).containsEntry("fields", List.of("version", "versionNum"));
		});
	}

	@Test
	void availableExtensionsLocksAndTidemarksOwnTablesAreNoise() {
		CatalogSnapshot before = Snapshots.withMigrations(
				Snapshots.withExtensions(baseline, new ExtensionInfo("pg_trgm", null, null, "1.6")),
				new MigrationHistory(List.of(liquibase("databasechangelog", false)), List.of(),
						List.of(new MigrationHistory.Prisma("public", "_prisma_migrations", false, List.of())),
						List.of()));
		CatalogSnapshot base = TestCatalogs.builder()
			.table("public", "orders", column(1, "id", "bigint", false), column(2, "note", "text", true))
			.primaryKey("public", "orders", "orders_pkey", "id")
			.index(Snapshots.index("public", "orders", "orders_note_idx", false, null, "note"))
			.table("public", "tidemark_databasechangelog", column(1, "id", "text", false))
			.build();
		CatalogSnapshot after = Snapshots.withMigrations(
				Snapshots.withExtensions(base, new ExtensionInfo("pg_trgm", null, null, "1.7")),
				new MigrationHistory(
						List.of(liquibase("databasechangelog", true), liquibase("tidemark_databasechangelog", false)),
						List.of(), List.of(new MigrationHistory.Prisma("public", "_prisma_migrations", true, List.of())),
						List.of()));

		assertThat(drift(rule, before, after)).isEmpty();
	}

	@Test
	void anInstalledExtensionAndAnAppliedChangesetAreDrift() {
		CatalogSnapshot before = Snapshots.withMigrations(baseline,
				new MigrationHistory(List.of(liquibase("databasechangelog", false)), List.of(), List.of(), List.of()));
		MigrationHistory.Liquibase newer = new MigrationHistory.Liquibase("public", "databasechangelog", 4, "4", "dev",
				"changelog.yaml", LocalDateTime.parse("2026-11-20T10:00:00"), false, null, null, null);
		CatalogSnapshot after = Snapshots.withExtensions(
				Snapshots.withMigrations(baseline, new MigrationHistory(List.of(newer), List.of(), List.of(), List.of())),
				new ExtensionInfo("pg_trgm", "public", "1.6", "1.6"));

		assertThat(drift(rule, before, after)).extracting(v -> v.object().kind() + ":" + v.object().text())
			.containsExactlyInAnyOrder("extension:pg_trgm", "migrations:migrations");
	}

	@Test
	void aFormat1BaselineIsNotDriftAgainstTheFormat2KindsAndNewKindsHaveNames() {
		CatalogSnapshot format1 = new CatalogSnapshot(1, baseline.server(), baseline.schemas(), baseline.extensions(),
				baseline.tables(), baseline.constraints(), baseline.indexes(), baseline.views(), baseline.sequences(),
				baseline.functions(), baseline.triggers(), baseline.partitioning(), baseline.migrations(),
				baseline.timescale());
		CatalogSnapshot now = new CatalogSnapshot(2, baseline.server(), baseline.schemas(), baseline.extensions(),
				baseline.tables(), baseline.constraints(), baseline.indexes(), baseline.views(), baseline.sequences(),
				baseline.functions(), baseline.triggers(), baseline.partitioning(), baseline.migrations(),
				baseline.timescale(),
				List.of(new TypeInfo("public", "mood", TypeInfo.Kind.ENUM, List.of("ok"), null, null, false, List.of(),
						List.of(), null, null)),
				List.of(), List.of(new PolicyInfo("public", "orders", "mine", true, "ALL", List.of("public"), "true",
						null)),
				List.of(new PrivilegeInfo("TABLE", "public", "public.orders", "PUBLIC", List.of("SELECT"), List.of())),
				List.of(new DefaultPrivilegeInfo("app", null, "tables", "PUBLIC", List.of("SELECT"), List.of())));

		assertThat(drift(rule, format1, now)).isEmpty();
		CatalogSnapshot format2 = new CatalogSnapshot(2, baseline.server(), baseline.schemas(), baseline.extensions(),
				baseline.tables(), baseline.constraints(), baseline.indexes(), baseline.views(), baseline.sequences(),
				baseline.functions(), baseline.triggers(), baseline.partitioning(), baseline.migrations(),
				baseline.timescale());
		assertThat(drift(rule, format2, now)).extracting(v -> v.object().kind() + ":" + v.object().text())
			.containsExactlyInAnyOrder("type:public.mood", "policy:public.orders.mine",
					"privilege:TABLE public.orders to PUBLIC", "default privilege:* tables to PUBLIC by app");
	}

	private static MigrationHistory.Liquibase liquibase(String table, boolean locked) {
		return new MigrationHistory.Liquibase("public", table, 3, "3", "dev", "changelog.yaml",
				LocalDateTime.parse("2026-11-01T10:00:00"), locked,
				locked ? LocalDateTime.parse("2026-11-21T11:59:00") : null, locked ? "host (10.0.0.1)" : null,
				locked ? Boolean.TRUE : null);
	}

	private static CatalogSnapshot withServer(CatalogSnapshot s, ServerInfo server) {
		return new CatalogSnapshot(s.formatVersion(), server, s.schemas(), s.extensions(), s.tables(), s.constraints(),
				s.indexes(), s.views(), s.sequences(), s.functions(), s.triggers(), s.partitioning(), s.migrations(),
				s.timescale());
	}

	/** Owners and grants between a baseline and now, as the target's options.compare has them. */
	private static CatalogSnapshot access(String tableOwner, String functionOwner, String grantee) {
		return new CatalogSnapshot(2, new ServerInfo("16.4", 160004, "test", new TreeMap<>()),
				List.of(new dev.tidemark.inspection.model.SchemaInfo("public", "postgres")), List.of(),
				List.of(new dev.tidemark.inspection.model.TableInfo("public", "orders",
						dev.tidemark.inspection.model.TableInfo.TableKind.TABLE, "permanent", tableOwner, null,
						List.of())),
				List.of(), List.of(), List.of(), List.of(),
				List.of(new dev.tidemark.inspection.model.FunctionInfo("public", "f", "", "FUNCTION", "integer", "sql",
						"IMMUTABLE", false, "h", "CREATE FUNCTION ...", null, functionOwner)),
				List.of(), List.of(), MigrationHistory.none(), null, List.of(), List.of(), List.of(),
				List.of(new PrivilegeInfo("TABLE", "public", "public.orders", grantee, List.of("SELECT"), List.of())),
				List.of(), List.of(new dev.tidemark.inspection.model.RoleInfo("postgres", true),
						new dev.tidemark.inspection.model.RoleInfo(grantee, false)));
	}

	private List<String> drift(CatalogSnapshot baseline, CatalogSnapshot now, CompareOptions compare) {
		return rule.evaluate(new CheckContext(now, List.of(), baseline, Expect.NOW, CheckSettings.defaults(), null,
				compare)).stream().map(v -> v.object().kind() + " " + v.object().text() + " " + v.message()).toList();
	}

	@Test
	void ownersAndGrantsAsTheTargetsCompareOptionsSay() {
		// the baseline predates function owners (null: unknown, never a change)
		CatalogSnapshot before = access("postgres", null, "app");
		CatalogSnapshot now = access("app_owner", "app_owner", "reporting");

		assertThat(drift(before, now, CompareOptions.defaults())).containsExactlyInAnyOrder(
				"table public.orders Table public.orders changed (owner) since the baseline",
				"privilege TABLE public.orders to app Privilege TABLE public.orders to app removed since the baseline",
				"privilege TABLE public.orders to reporting Privilege TABLE public.orders to reporting added since the"
						+ " baseline");
		assertThat(drift(before, now, new CompareOptions(false, null))).noneMatch(d -> d.startsWith("table "));
		// app is not a role of now, reporting not of the baseline
		assertThat(drift(before, now, new CompareOptions(null, "existing-roles")))
			.containsExactly("table public.orders Table public.orders changed (owner) since the baseline");
		assertThat(drift(before, now, new CompareOptions(false, "none"))).isEmpty();
	}
}

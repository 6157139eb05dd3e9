package dev.tidemark.checks.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.tidemark.checks.contract.Contract.MigrationExpectations;
import dev.tidemark.checks.contract.Contract.PartitioningExpectation;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.PartitioningInfo;
import dev.tidemark.inspection.model.PartitioningInfo.Partition;
import dev.tidemark.inspection.model.TableInfo;
import dev.tidemark.support.TestCatalogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.tidemark.support.TestCatalogs.Builder.column;
import static org.assertj.core.api.Assertions.assertThat;

/** Generator rules on hand-built snapshots; ContractGeneratorIntegrationTests reads a real catalog. */
class ContractGeneratorTests {

	private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

	@Test
	void monthlyPartitionsGiveIntervalPatternAndPremakeFromNow() {
		PartitioningExpectation p = partitioning("timestamp with time zone",
				range("messages_2026_10", "2026-10-01 00:00:00+00", "2026-11-01 00:00:00+00"),
				range("messages_2026_11", "2026-11-01 00:00:00+00", "2026-12-01 00:00:00+00"),
				range("messages_2026_12", "2026-12-01 00:00:00+00", "2027-01-01 00:00:00+00"),
				range("messages_2027_01", "2027-01-01 00:00:00+00", "2027-02-01 00:00:00+00"),
				new Partition("public", "messages_default", "DEFAULT", null, null, false));
		assertThat(p).isEqualTo(new PartitioningExpectation("at", "1 month", 2, "messages_{yyyy}_{MM}"));
	}

	@Test
	void withoutNowThereIsNoPremake() {
		CatalogSnapshot snapshot = snapshotWith(partitioned("date",
				range("d_20261120", "2026-11-20", "2026-11-21"), range("d_20261121", "2026-11-21", "2026-11-22")));
		assertThat(ContractGenerator.fromSnapshot(snapshot).tables().get(0).partitioning())
			.isEqualTo(new PartitioningExpectation("at", "1 day", null, "d_{yyyy}{MM}{dd}"));
	}

	@Test
	void weeklyPartitionsNamedByIsoWeekUseTheWeekBasedYear() {
		PartitioningExpectation p = partitioning("date", range("ev_2024_w52", "2024-12-23", "2024-12-30"),
				range("ev_2025_w01", "2024-12-30", "2025-01-06"), range("ev_2025_w02", "2025-01-06", "2025-01-13"));
		assertThat(p).isEqualTo(new PartitioningExpectation("at", "1 week", 0, "ev_{yyyy}_w{ww}"));
		assertThat(PartitionNames.render(p.namePattern(), LocalDate.parse("2024-12-30"))).isEqualTo("ev_2025_w01");
	}

	@Test
	void weeklyPartitionsNamedByTheirFirstDay() {
		assertThat(partitioning("date", range("ev_20261116", "2026-11-16", "2026-11-23"),
				range("ev_20261123", "2026-11-23", "2026-11-30")))
			.isEqualTo(new PartitioningExpectation("at", "1 week", 1, "ev_{yyyy}{MM}{dd}"));
	}

	@Test
	void yearlyPartitionsAndATableNameWithDigits() {
		assertThat(partitioning("timestamp without time zone",
				range("sales2025_2026", "2026-01-01 00:00:00", "2027-01-01 00:00:00"),
				range("sales2025_2027", "2027-01-01 00:00:00", "2028-01-01 00:00:00")))
			.isEqualTo(new PartitioningExpectation("at", "1 year", 1, "sales2025_{yyyy}"));
	}

	@Test
	void catchAllBoundsAreIgnoredAndUnpatternedNamesGiveNoPattern() {
		assertThat(partitioning("date", range("old", "MINVALUE", "2026-11-01"),
				range("november", "2026-11-01", "2026-12-01"), range("december", "2026-12-01", "2027-01-01"),
				range("future", "2027-01-01", "MAXVALUE")))
			.isEqualTo(new PartitioningExpectation("at", "1 month", 1, null));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			unaligned months      | date      | 2026-01-15 | 2026-02-15 | 2026-02-15 | 2026-03-15
			mixed intervals       | date      | 2026-01-01 | 2026-02-01 | 2026-02-01 | 2026-02-15
			ten days              | date      | 2026-01-01 | 2026-01-11 | 2026-01-11 | 2026-01-21
			not midnight          | timestamp without time zone | 2026-01-01 06:00:00 | 2026-01-02 06:00:00 | 2026-01-02 06:00:00 | 2026-01-03 06:00:00
			integer key           | bigint    | 1          | 1000       | 1000       | 2000
			""")
	void whatCannotBeSaidExactlyGetsNoPartitioningEntry(String why, String keyType, String from1, String to1,
			String from2, String to2) {
		assertThat(ContractGenerator.partitioning(info("RANGE", keyType, range("p1", from1, to1), range("p2", from2, to2)),
				NOW)).as(why).isEmpty();
	}

	@Test
	void listAndHashPartitioningGetNoEntry() {
		assertThat(ContractGenerator.partitioning(
				info("LIST", "text", new Partition("public", "p_eu", "FOR VALUES IN ('eu')", null, null, false)), NOW))
			.isEmpty();
		assertThat(ContractGenerator.partitioning(info("RANGE", "date"), NOW)).as("no partitions yet").isEmpty();
	}

	@Test
	void partitionsAndBookkeepingTablesAreLeftOut() {
		TestCatalogs.Builder builder = TestCatalogs.builder()
			.table("public", "orders", column(1, "id", "bigint", false))
			.table("public", "_prisma_migrations", column(1, "id", "character varying(36)", false))
			.table("public", "alembic_version", column(1, "version_num", "character varying(32)", false))
			.table("public", "DATABASECHANGELOG", column(1, "id", "character varying(255)", false))
			.table("app", "databasechangeloglock", column(1, "id", "integer", false))
			.table("public", "flyway_schema_history", column(1, "installed_rank", "integer", false))
			.table("public", "tidemark_databasechangelog", column(1, "id", "character varying(255)", false))
			.table("public", "tidemark_databasechangeloglock", column(1, "id", "integer", false))
			.table("legacy", "schema_version", column(1, "installed_rank", "integer", false));
		CatalogSnapshot built = builder.build();
		List<TableInfo> tables = new ArrayList<>(built.tables());
		tables.add(new TableInfo("public", "orders_2026", TableInfo.TableKind.TABLE, "permanent", "owner",
				"public.orders", List.of()));
		MigrationHistory history = new MigrationHistory(List.of(), List.of(new MigrationHistory.Flyway("legacy",
				"schema_version", 1, "1", "init", List.of())), List.of(), List.of());
		CatalogSnapshot snapshot = new CatalogSnapshot(built.formatVersion(), built.server(), built.schemas(),
				built.extensions(), tables, built.constraints(), built.indexes(), built.views(), built.sequences(),
				built.functions(), built.triggers(), built.partitioning(), history, built.timescale());
		assertThat(ContractGenerator.fromSnapshot(snapshot).tables()).extracting(Contract.TableExpectation::name)
			.containsExactly("public.orders");
	}

	@Test
	void migrationsSayWhatTheHistoryShows() {
		Instant t = Instant.parse("2025-01-01T10:00:00Z");
		MigrationHistory.Prisma cleanPrisma = new MigrationHistory.Prisma("public", "_prisma_migrations", false,
				List.of(new MigrationHistory.PrismaMigration("20250101000000_init", 1, true, false, t, t)));
		MigrationHistory.Prisma failedPrisma = new MigrationHistory.Prisma("public", "_prisma_migrations", false,
				List.of(new MigrationHistory.PrismaMigration("20251120000000_add_channel_metadata", 1, false, true, t,
						null)));
		MigrationHistory.Alembic oneHead = new MigrationHistory.Alembic("public", "alembic_version",
				List.of("20250812_090000"));
		MigrationHistory.Alembic twoHeads = new MigrationHistory.Alembic("public", "alembic_version",
				List.of("a1", "b2"));
		MigrationHistory.Liquibase own = new MigrationHistory.Liquibase("public", "tidemark_databasechangelog", 3,
				null, null, null, null, false, null, null, null);
		MigrationHistory.Liquibase app = new MigrationHistory.Liquibase("public", "databasechangelog", 3, null, null,
				null, null, false, null, null, null);
		MigrationHistory.Flyway flyway = new MigrationHistory.Flyway("public", "flyway_schema_history", 2, "2", "x",
				List.of());

		assertThat(migrations(MigrationHistory.none())).isNull();
		assertThat(migrations(new MigrationHistory(List.of(own), List.of(), List.of(), List.of())))
			.as("Tidemark's own changelog says nothing about the applications")
			.isNull();
		assertThat(migrations(new MigrationHistory(List.of(own, app), List.of(flyway), List.of(cleanPrisma),
				List.of(oneHead))))
			.isEqualTo(new MigrationExpectations(new MigrationExpectations.Prisma(true, null),
					new MigrationExpectations.Alembic("20250812_090000"), new MigrationExpectations.Flyway(null),
					new MigrationExpectations.Liquibase(null)));
		assertThat(migrations(new MigrationHistory(List.of(), List.of(), List.of(failedPrisma), List.of(twoHeads))))
			.as("a draft the snapshot does not meet would not be faithful")
			.isEqualTo(new MigrationExpectations(new MigrationExpectations.Prisma(null, null), null, null, null));
	}

	@Test
	void equalSnapshotsGiveEqualContracts() {
		CatalogSnapshot snapshot = snapshotWith(partitioned("date", range("d_20261121", "2026-11-21", "2026-11-22")));
		assertThat(ContractGenerator.fromSnapshot(snapshot, NOW)).isEqualTo(ContractGenerator.fromSnapshot(snapshot, NOW));
		assertThat(ContractGenerator.fromSnapshot(TestCatalogs.empty())).isEqualTo(Contract.empty());
	}

	private static MigrationExpectations migrations(MigrationHistory history) {
		CatalogSnapshot e = TestCatalogs.empty();
		return ContractGenerator.fromSnapshot(new CatalogSnapshot(e.formatVersion(), e.server(), e.schemas(),
				e.extensions(), e.tables(), e.constraints(), e.indexes(), e.views(), e.sequences(), e.functions(),
				e.triggers(), e.partitioning(), history, e.timescale())).migrations();
	}

	private static PartitioningExpectation partitioning(String keyType, Partition... partitions) {
		return ContractGenerator.partitioning(info("RANGE", keyType, partitions), NOW).orElseThrow();
	}

	private static PartitioningInfo info(String strategy, String keyType, Partition... partitions) {
		return new PartitioningInfo("public", "t", strategy, strategy + " (at)", List.of("at"), keyType, null, null,
				List.of(partitions), null);
	}

	private static PartitioningInfo partitioned(String keyType, Partition... partitions) {
		return info("RANGE", keyType, partitions);
	}

	private static Partition range(String name, String from, String to) {
		return new Partition("public", name, "FOR VALUES FROM ('" + from + "') TO ('" + to + "')", from, to, false);
	}

	private static CatalogSnapshot snapshotWith(PartitioningInfo partitioning) {
		CatalogSnapshot built = TestCatalogs.builder().table("public", "t", column(1, "at", "date", false)).build();
		List<TableInfo> tables = new ArrayList<>(built.tables());
		partitioning.partitions()
			.forEach(p -> tables.add(new TableInfo("public", p.name(), TableInfo.TableKind.TABLE, "permanent", "owner",
					"public.t", List.of())));
		return new CatalogSnapshot(built.formatVersion(), built.server(), built.schemas(), built.extensions(), tables,
				built.constraints(), built.indexes(), built.views(), built.sequences(), built.functions(),
				built.triggers(), List.of(partitioning), built.migrations(), built.timescale());
	}
}

package dev.tidemark.remediation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.tidemark.checks.Finding;
import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Repair;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.change.Changes;
import dev.tidemark.checks.change.RelationChange;
import dev.tidemark.checks.change.SchemaChange;
import dev.tidemark.inspection.model.CatalogSnapshot;
import dev.tidemark.inspection.model.ColumnInfo;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.SchemaInfo;
import dev.tidemark.inspection.model.ServerInfo;
import dev.tidemark.inspection.model.TableInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RemediationPlannerTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final RelationChange.CreateIndex INDEX = new RelationChange.CreateIndex("public", "people",
			"people_name_idx", "CREATE INDEX people_name_idx ON public.people USING btree (full_name)", false,
			List.of("full_name"));

	private static final RelationChange.AddColumn COLUMN = new RelationChange.AddColumn("public", "people",
			new RelationChange.ColumnDef("full_name", "text", null, null, false, null, null), false);

	@Test
	void aChangeNeedingAColumnThePlanDoesNotAddIsRefusedWithWhatItNeeds() {
		Finding index = finding("index", "people_name_idx", INDEX);
		Plan plan = new RemediationPlanner().plan(UUID.randomUUID(), List.of(index), people("name"), null, true);
		assertThat(plan.steps()).isEmpty();
		assertThat(plan.refused()).singleElement().satisfies(r -> {
			assertThat(r.findingId()).isEqualTo(index.id());
			assertThat(r.reason()).isEqualTo("The repair needs column public.people.full_name, which the target lacks "
					+ "and this plan does not create");
		});
	}

	@Test
	void theColumnAddedInTheSamePlanOrPresentInTheTargetSatisfiesIt() {
		Plan together = new RemediationPlanner().plan(UUID.randomUUID(),
				List.of(finding("index", "people_name_idx", INDEX), finding("column", "people.full_name", COLUMN)),
				people("name"), null, true);
		assertThat(together.refused()).isEmpty();
		Plan present = new RemediationPlanner().plan(UUID.randomUUID(),
				List.of(finding("index", "people_name_idx", INDEX)), people("full_name"), null, true);
		assertThat(present.refused()).isEmpty();
		assertThat(present.steps()).isNotEmpty();
	}

	@Test
	void aColumnAddedToAPartitionedTableSatisfiesAnIndexLocalToAPartition() {
		RelationChange.CreateIndex local = new RelationChange.CreateIndex("public", "people_1", "people_1_name_idx",
				"CREATE INDEX people_1_name_idx ON public.people_1 USING btree (full_name)", false,
				List.of("full_name"));
		CatalogSnapshot partitioned = people("name");
		List<TableInfo> tables = new java.util.ArrayList<>(partitioned.tables());
		tables.add(new TableInfo("public", "people_1", TableInfo.TableKind.TABLE, "permanent", "postgres",
				"public.people", List.of()));
		partitioned = new CatalogSnapshot(2, partitioned.server(), partitioned.schemas(), List.of(), tables, List.of(),
				List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), MigrationHistory.none(), null,
				List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
		Plan plan = new RemediationPlanner().plan(UUID.randomUUID(),
				List.of(finding("index", "people_1_name_idx", local), finding("column", "people.full_name", COLUMN)),
				partitioned, null, true);
		assertThat(plan.refused()).isEmpty();
		// the partition's own columns are the parent's: one the target has satisfies it as well
		Plan present = new RemediationPlanner().plan(UUID.randomUUID(),
				List.of(finding("index", "people_1_name_idx", local)), withColumn(partitioned, "full_name"), null, true);
		assertThat(present.refused()).isEmpty();
	}

	private static CatalogSnapshot withColumn(CatalogSnapshot s, String column) {
		List<TableInfo> tables = new java.util.ArrayList<>(people(column).tables());
		tables.addAll(s.tables().stream().filter(TableInfo::isPartition).toList());
		return new CatalogSnapshot(2, s.server(), s.schemas(), List.of(), tables, List.of(), List.of(), List.of(),
				List.of(), List.of(), List.of(), List.of(), MigrationHistory.none(), null, List.of(), List.of(),
				List.of(), List.of(), List.of(), List.of());
	}

	private static Finding finding(String kind, String name, SchemaChange change) {
		Map<String, Object> evidence = Map.of(Changes.EVIDENCE_KEY, Changes.toEvidence(List.of(change)));
		return new Finding(UUID.randomUUID(), UUID.randomUUID(), "reference-missing", Severity.MEDIUM,
				Finding.Status.OPEN, new ObjectRef(kind, "public", name, null), "public." + name, "missing", evidence,
				Repair.automatic(change.summary()), true, kind + name, NOW, NOW, null, null);
	}

	private static CatalogSnapshot people(String column) {
		return new CatalogSnapshot(2, new ServerInfo("15.8", 150008, "test", new TreeMap<>()),
				List.of(new SchemaInfo("public", "postgres")), List.of(),
				List.of(new TableInfo("public", "people", TableInfo.TableKind.TABLE, "permanent", "postgres", null,
						List.of(new ColumnInfo(1, "id", "integer", false, null, null, null, null),
								new ColumnInfo(2, column, "text", false, null, null, null, null)))),
				List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), MigrationHistory.none(),
				null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
	}
}

package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.RuleCategory;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import dev.tidemark.inspection.model.MigrationHistory;
import dev.tidemark.inspection.model.TableInfo;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.column;
import static dev.tidemark.checks.rules.HealthTestSnapshots.contractWithTable;
import static dev.tidemark.checks.rules.HealthTestSnapshots.partition;
import static dev.tidemark.checks.rules.HealthTestSnapshots.partitionedTable;
import static dev.tidemark.checks.rules.HealthTestSnapshots.primaryKey;
import static dev.tidemark.checks.rules.HealthTestSnapshots.snapshot;
import static dev.tidemark.checks.rules.HealthTestSnapshots.table;
import static dev.tidemark.checks.rules.HealthTestSnapshots.tableExpectation;
import static dev.tidemark.checks.rules.HealthTestSnapshots.uniqueIndex;
import static dev.tidemark.checks.rules.HealthTestSnapshots.withPredicate;
import static org.assertj.core.api.Assertions.assertThat;

class MissingPrimaryKeyRuleTests {

	private final MissingPrimaryKeyRule rule = new MissingPrimaryKeyRule();

	@Test
	void describesItself() {
		assertThat(rule.id()).isEqualTo("missing-primary-key");
		assertThat(rule.defaultSeverity()).isEqualTo(Severity.HIGH);
		assertThat(rule.category()).isEqualTo(RuleCategory.HEALTH);
		assertThat(rule.precedence()).isEqualTo(10);
		assertThat(rule.remediable()).isTrue();
	}

	@Test
	void reportsATableWithAnIdColumnButNoKeyUnderTheSharedSubject() {
		List<Violation> violations = rule.evaluate(snapshot()
			.table(table("public", "post_reactions", column("id", "bigint", false), column("post_id", "bigint", false)))
			.context());
		assertThat(violations).singleElement().satisfies(v -> {
			assertThat(v.object()).isEqualTo(ObjectRef.table("public", "post_reactions"));
			assertThat(v.message()).isEqualTo("Table public.post_reactions has no primary key");
			assertThat(v.subject()).isEqualTo("primary-key:public.post_reactions");
			assertThat(v.evidence()).containsEntry("hasIdColumn", true)
				.containsEntry("candidateKey", List.of("id"))
				.containsEntry("candidateSource", "id column")
				.doesNotContainKey("uniqueIndexCandidate");
			assertThat(v.repair().automatic()).isTrue();
			assertThat(v.repair().summary()).contains("(id)", "unique index built concurrently")
				.doesNotContain("CHECK");
		});
	}

	@Test
	void prefersTheContractKeyThenANotNullUniqueIndex() {
		HealthTestSnapshots s = snapshot()
			.table(table("app", "orders", column("id", "bigint", true), column("code", "text", false),
					column("region", "text", false)))
			.index(uniqueIndex("app", "orders", "orders_code_region_key", "code", "region"))
			.index(uniqueIndex("app", "orders", "orders_id_key", "id"));
		Violation fromIndex = rule.evaluate(s.context()).get(0);
		// orders_id_key is on a nullable column: not a key candidate
		assertThat(fromIndex.evidence()).containsEntry("candidateKey", List.of("code", "region"))
			.containsEntry("candidateSource", "unique index orders_code_region_key");

		Violation fromContract = rule
			.evaluate(s.context(contractWithTable(tableExpectation("app.orders", List.of("id"), null))))
			.get(0);
		assertThat(fromContract.evidence()).containsEntry("candidateKey", List.of("id"))
			.containsEntry("candidateSource", "contract")
			.containsEntry("contractPrimaryKey", List.of("id"));
		// the contract's id is nullable: NOT NULL comes first, without a long lock
		assertThat(fromContract.repair().summary()).contains("CHECK");
	}

	@Test
	void isManualWithoutACandidateKey() {
		Violation v = rule.evaluate(snapshot()
			.table(table("app", "audit_log", column("at", "timestamp with time zone", true), column("who", "text", true)))
			.index(withPredicate(uniqueIndex("app", "audit_log", "audit_log_who_idx", "who"), "who IS NOT NULL"))
			.context()).get(0);
		assertThat(v.evidence()).containsEntry("hasIdColumn", false).doesNotContainKey("candidateKey");
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().instead()).contains("tables[].primaryKey");
	}

	@Test
	void leavesOutKeyedTablesPartitionsForeignTablesAndLiquibaseChangelogs() {
		TableInfo foreign = new TableInfo("app", "remote", TableInfo.TableKind.FOREIGN_TABLE, "permanent", "o", null,
				List.of(column("id", "int", false)));
		List<Violation> violations = rule.evaluate(snapshot().table(table("app", "keyed", column("id", "int", false)))
			.constraint(primaryKey("app", "keyed", "id"))
			.table(partition("app", "events_2026_11", "app.events"))
			.table(foreign)
			.table(table("public", "databasechangelog", column("id", "varchar(255)", false)))
			.table(table("public", "tidemark_databasechangelog", column("id", "varchar(255)", false)))
			.table(table("ops", "app_changelog", column("id", "varchar(255)", false)))
			.migrations(new MigrationHistory(List.of(new MigrationHistory.Liquibase("ops", "app_changelog", 3, "3", "a",
					"f", null, false, null, null, null)), List.of(), List.of(), List.of()))
			.context());
		assertThat(violations).isEmpty();
	}

	@Test
	void aPartitionedTableNeedsAPerson() {
		Violation v = rule.evaluate(snapshot()
			.table(partitionedTable("app", "events", column("id", "bigint", false),
					column("created_at", "timestamp with time zone", false)))
			.context()).get(0);
		assertThat(v.evidence()).containsEntry("tableKind", "partitioned table");
		assertThat(v.repair().automatic()).isFalse();
		assertThat(v.repair().instead()).contains("partition key");
	}
}

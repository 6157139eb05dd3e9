package dev.tidemark.checks.rules;

import java.util.List;

import dev.tidemark.checks.ObjectRef;
import dev.tidemark.checks.Severity;
import dev.tidemark.checks.Violation;
import org.junit.jupiter.api.Test;

import static dev.tidemark.checks.rules.HealthTestSnapshots.column;
import static dev.tidemark.checks.rules.HealthTestSnapshots.index;
import static dev.tidemark.checks.rules.HealthTestSnapshots.partitionedTable;
import static dev.tidemark.checks.rules.HealthTestSnapshots.snapshot;
import static dev.tidemark.checks.rules.HealthTestSnapshots.table;
import static dev.tidemark.checks.rules.HealthTestSnapshots.uniqueIndex;
import static dev.tidemark.checks.rules.HealthTestSnapshots.withState;
import static org.assertj.core.api.Assertions.assertThat;

class InvalidIndexRuleTests {

	private final InvalidIndexRule rule = new InvalidIndexRule();

	@Test
	void describesItself() {
		assertThat(rule.id()).isEqualTo("invalid-index");
		assertThat(rule.defaultSeverity()).isEqualTo(Severity.HIGH);
		assertThat(rule.remediable()).isTrue();
	}

	@Test
	void reportsAnInvalidUniqueIndexThatStillRejectsWrites() {
		List<Violation> violations = rule.evaluate(snapshot().table(table("app", "accounts", column("email", "text", false)))
			.index(withState(uniqueIndex("app", "accounts", "accounts_email_uidx", "email"), false, true))
			.index(index("app", "accounts", "accounts_ok_idx", "email"))
			.context());
		assertThat(violations).singleElement().satisfies(v -> {
			assertThat(v.object()).isEqualTo(ObjectRef.of("index", "app", "accounts_email_uidx"));
			assertThat(v.message()).isEqualTo(
					"Index app.accounts_email_uidx on app.accounts is invalid but still enforces uniqueness on writes");
			assertThat(v.evidence()).containsEntry("ready", true)
				.containsEntry("unique", true)
				.containsEntry("rejectsDuplicateWrites", true)
				.containsEntry("dropStatement", "DROP INDEX CONCURRENTLY IF EXISTS \"app\".\"accounts_email_uidx\"")
				.containsKey("definition");
			assertThat(v.repair().automatic()).isTrue();
			assertThat(v.repair().summary()).contains("DROP INDEX CONCURRENTLY", "CREATE INDEX CONCURRENTLY");
		});
	}

	@Test
	void aNotReadyIndexCostsNothingButIsStillReported() {
		Violation v = rule.evaluate(snapshot().index(withState(index("app", "t", "t_a_idx", "a"), false, false)).context())
			.get(0);
		assertThat(v.message()).isEqualTo("Index app.t_a_idx on app.t is invalid");
		assertThat(v.evidence()).containsEntry("ready", false).containsEntry("rejectsDuplicateWrites", false);
	}

	@Test
	void recognisesTheLeftoverOfAFailedReindexConcurrently() {
		Violation v = rule.evaluate(snapshot().index(withState(index("app", "t", "t_a_idx_ccnew", "a"), false, true))
			.context()).get(0);
		assertThat(v.evidence()).containsEntry("leftByReindexConcurrently", true);
		assertThat(v.repair().summary()).contains("valid copy").doesNotContain("CREATE INDEX");
	}

	@Test
	void anInvalidIndexOnAPartitionedParentIsNormalWhileAttaching() {
		assertThat(rule.evaluate(snapshot().table(partitionedTable("app", "events", column("at", "date", false)))
			.index(withState(index("app", "events", "events_at_idx", "at"), false, true))
			.context())).isEmpty();
	}
}

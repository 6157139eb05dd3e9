package dev.tidemark.audit;

import java.util.UUID;

import dev.tidemark.audit.internal.AuditPruner;
import dev.tidemark.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * tidemark.audit.retention (365 days by default) deletes older events in batches; the store's trigger lets only a
 * transaction marked as the pruner's delete, only rows older than its cutoff, and never lets anyone update.
 */
class AuditRetentionIntegrationTests extends ApiIntegrationTest {

	@Autowired
	AuditPruner pruner;

	@Autowired
	JdbcClient store;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void eventsOlderThanTheRetentionArePrunedInBatchesAndNewerOnesKept() {
		String marker = "test.retention-" + UUID.randomUUID().toString().substring(0, 8);
		// More than two batches of the default 1,000.
		insert(marker + ".old", "400 days", 2500);
		insert(marker + ".kept", "364 days", 3);
		insert(marker + ".recent", "1 minute", 1);

		assertThat(pruner.prune()).isGreaterThanOrEqualTo(2500);

		assertThat(count(marker + ".old")).isZero();
		assertThat(count(marker + ".kept")).isEqualTo(3);
		assertThat(count(marker + ".recent")).isEqualTo(1);
		assertThat(store.sql("""
				SELECT count(*) FROM audit_event
				 WHERE action = 'audit.prune' AND actor = 'tidemark' AND (detail->>'deleted')::bigint >= 2500""")
			.query(Long.class).single()).isGreaterThanOrEqualTo(1);
		assertThat(pruner.prune()).isZero();
	}

	@Test
	void theTriggerRefusesUpdatesAndEveryDeleteButThePrunersOfOldRows() {
		String marker = "test.trigger-" + UUID.randomUUID().toString().substring(0, 8);
		insert(marker, "400 days", 1);

		assertThatThrownBy(() -> store.sql("UPDATE audit_event SET actor = 'someone-else' WHERE action = ?")
			.param(marker).update()).rootCause().hasMessageContaining("audit_event is append-only: UPDATE");
		assertThatThrownBy(() -> store.sql("DELETE FROM audit_event WHERE action = ?").param(marker).update())
			.rootCause().hasMessageContaining("audit_event is append-only: DELETE");
		// Marked as pruning, but without a cutoff, or with one the row is not older than.
		assertThatThrownBy(() -> deleteMarked(marker, "on", null)).rootCause()
			.hasMessageContaining("audit_event is append-only: DELETE");
		assertThatThrownBy(() -> deleteMarked(marker, "on", "now() - interval '500 days'")).rootCause()
			.hasMessageContaining("audit_event is append-only: DELETE");
		assertThatThrownBy(() -> deleteMarked(marker, "off", "now() - interval '365 days'")).rootCause()
			.hasMessageContaining("audit_event is append-only: DELETE");
		// Even the pruner's transaction cannot change a row.
		assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
			mark("on", "now() - interval '365 days'");
			store.sql("UPDATE audit_event SET actor = 'someone-else' WHERE action = ?").param(marker).update();
		})).rootCause().hasMessageContaining("audit_event is append-only: UPDATE");
		// A SET LOCAL ends with its transaction: the next statement outside one is refused again.
		assertThatThrownBy(() -> store.sql("DELETE FROM audit_event WHERE action = ?").param(marker).update())
			.rootCause().hasMessageContaining("audit_event is append-only: DELETE");
		assertThat(count(marker)).isEqualTo(1);

		assertThat(deleteMarked(marker, "on", "now() - interval '365 days'")).isEqualTo(1);
		assertThat(count(marker)).isZero();
	}

	private int deleteMarked(String action, String pruning, String cutoffSql) {
		Integer deleted = transactions.execute(status -> {
			mark(pruning, cutoffSql);
			return store.sql("DELETE FROM audit_event WHERE action = ?").param(action).update();
		});
		return deleted == null ? 0 : deleted;
	}

	private void mark(String pruning, String cutoffSql) {
		store.sql("SELECT set_config('tidemark.audit_pruning', ?, true)").param(pruning).query((rs, n) -> 1).list();
		if (cutoffSql != null) {
			store.sql("SELECT set_config('tidemark.audit_prune_before', (" + cutoffSql + ")::text, true)")
				.query((rs, n) -> 1).list();
		}
	}

	private void insert(String action, String age, int rows) {
		store.sql("""
				INSERT INTO audit_event (id, occurred_at, actor, actor_kind, on_behalf_of, action, outcome)
				SELECT gen_random_uuid(), now() - ?::interval, 'operator', 'USER', 'operator', ?, 'SUCCEEDED'
				  FROM generate_series(1, ?)""")
			.params(age, action, rows)
			.update();
	}

	private long count(String action) {
		return store.sql("SELECT count(*) FROM audit_event WHERE action = ?").param(action).query(Long.class).single();
	}
}

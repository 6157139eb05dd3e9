package dev.tidemark.remediation.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tidemark.checks.change.NamespaceChange.AlterSequence;
import dev.tidemark.checks.change.NamespaceChange.SequenceOptions;
import dev.tidemark.checks.change.NamespaceChange.SequenceRestart;
import dev.tidemark.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A sequence restarted at its new bound decides and restarts in one step that nextval waits for, on a real
 * server: no value is handed out between the reading of the current value and the restart.
 */
class SequenceRestartIntegrationTests {

	private static final AlterSequence RAISE_MIN = new AlterSequence("public", "invoice_no",
			new SequenceOptions(null, null, 1000L, null, 1000L, null, null),
			new SequenceOptions(null, null, 1L, null, 1L, null, null), new SequenceRestart(1000, true));

	@Test
	void nextvalWaitsWhileTheRestartIsDecided() throws SQLException {
		TestPostgres.Database db = TestPostgres.newDatabase("seq_restart");
		List<Draft> drafts = ChangeRenderer.render(RAISE_MIN);
		assertThat(drafts).hasSize(1);
		try (Connection step = connect(db); Connection writer = connect(db)) {
			execute(step, "CREATE SEQUENCE public.invoice_no; SELECT nextval('public.invoice_no')");
			step.setAutoCommit(false);
			execute(step, drafts.get(0).sql());
			execute(writer, "SET lock_timeout = '50ms'");
			assertThatThrownBy(() -> execute(writer, "SELECT nextval('public.invoice_no')"))
				.isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("55P03"));
			step.commit();
			assertThat(value(writer, "SELECT nextval('public.invoice_no')")).isEqualTo(1000);
		}
	}

	@Test
	void aSequenceAlreadyInsideTheBoundsKeepsItsPosition() throws SQLException {
		TestPostgres.Database db = TestPostgres.newDatabase("seq_restart");
		try (Connection c = connect(db)) {
			execute(c, "CREATE SEQUENCE public.invoice_no; SELECT setval('public.invoice_no', 1500)");
			execute(c, ChangeRenderer.render(RAISE_MIN).get(0).sql());
			assertThat(value(c, "SELECT nextval('public.invoice_no')")).isEqualTo(1501);
			assertThat(value(c, "SELECT seqmin FROM pg_catalog.pg_sequence WHERE seqrelid = 'public.invoice_no'::regclass"))
				.isEqualTo(1000);
		}
	}

	private static Connection connect(TestPostgres.Database db) throws SQLException {
		return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
	}

	private static void execute(Connection c, String sql) throws SQLException {
		try (Statement s = c.createStatement()) {
			s.execute(sql);
		}
	}

	private static long value(Connection c, String sql) throws SQLException {
		try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
			r.next();
			return r.getLong(1);
		}
	}
}

package dev.tidemark.remediation.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.tidemark.checks.change.RelationChange;
import dev.tidemark.support.TestTimescale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated column's new expression, set in place with {@code ALTER COLUMN ... SET EXPRESSION} (PostgreSQL 17+).
 * This machine's PostgreSQL is 15, so it runs on the CI's PostgreSQL 17 server (the TimescaleDB one, see
 * {@link TestTimescale}): the step, its probe and its rollback as the renderer writes them.
 */
class GeneratedExpressionPostgres17IntegrationTests {

	@Test
	void theExpressionIsSetInPlaceEveryRowIsComputedAgainAndTheRollbackRestoresIt() throws SQLException {
		TestTimescale.assumeAvailable();
		TestTimescale.Schema schema = TestTimescale.newSchema("set_expression");
		try (Connection c = schema.connect(); Statement st = c.createStatement()) {
			Assumptions.assumeTrue(number(st, "SELECT current_setting('server_version_num')::int") >= 170000,
					"SET EXPRESSION needs PostgreSQL 17");
			st.execute("CREATE TABLE line (id integer PRIMARY KEY, qty integer NOT NULL,"
					+ " total integer GENERATED ALWAYS AS (qty * 2) STORED)");
			st.execute("INSERT INTO line (id, qty) VALUES (1, 1), (2, 5)");
			List<Draft> drafts = RelationRenderer.render(
					new RelationChange.SetColumnExpression(schema.name(), "line", "total", "qty * 2", "qty * 3"));
			// as the reader prints them (pg_get_expr, pretty)
			assertThat(drafts).singleElement();
			Draft step = drafts.get(0);

			assertThat(number(st, step.precondition())).isEqualTo(step.expected());
			st.execute(step.sql());
			assertThat(totals(st)).containsExactly(3, 15);
			assertThat(number(st, step.precondition())).as("done: not run again").isZero();

			st.execute(step.rollback().text());
			assertThat(totals(st)).containsExactly(2, 10);
			assertThat(number(st, step.precondition())).isEqualTo(step.expected());
		}
	}

	private static List<Integer> totals(Statement st) throws SQLException {
		List<Integer> totals = new ArrayList<>();
		try (ResultSet rs = st.executeQuery("SELECT total FROM line ORDER BY id")) {
			while (rs.next()) {
				totals.add(rs.getInt(1));
			}
		}
		return totals;
	}

	private static long number(Statement st, String sql) throws SQLException {
		try (ResultSet rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}
}

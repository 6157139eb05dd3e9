package dev.tidemark.remediation.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.tidemark.checks.change.AccessChange.Securable;
import dev.tidemark.checks.change.AccessChange.SetOwner;
import dev.tidemark.remediation.Plan;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner step of an object the plan creates, on a real server: it runs where the role running the plan may give
 * the object away (a superuser; a member of the owner, which may create in the schema), and is skipped, not failed,
 * where it may not.
 */
class CreatedObjectOwnerIntegrationTests {

	private static final String OWNER = "tm_created_owner";

	private static final String RUNNER = "tm_created_runner";

	@Test
	void theOwnerStepRunsWhereTheRunnerMayGiveTheObjectAwayAndIsSkippedWhereItMayNot() throws SQLException {
		TestPostgres.Database db = TestPostgres.newDatabase("created_owner");
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
				Statement st = c.createStatement()) {
			for (String role : new String[] { OWNER, RUNNER }) {
				st.execute("DO $$ BEGIN CREATE ROLE " + role + " NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL;"
						+ " END $$");
			}
			st.execute("REVOKE " + OWNER + " FROM " + RUNNER); // roles are the server's: a failed run may have left it
			st.execute("GRANT CREATE ON SCHEMA public TO " + RUNNER);
			st.execute("SET ROLE " + RUNNER);
			st.execute("CREATE TABLE made_by_runner (id integer)");
			Draft step = AccessRenderer.render(new SetOwner(new Securable("TABLE", "public", "made_by_runner", null,
					null), OWNER, null)).get(0);
			assertThat(step.expected()).isEqualTo(1);
			// skipped or not, a rollback passes it: undoing the creation drops the object
			assertThat(step.rollback().kind()).isEqualTo(Plan.Rollback.Kind.NOTHING_TO_UNDO);

			assertThat(count(st, step.precondition())).as("not a member of the owner: skipped").isZero();

			st.execute("RESET ROLE");
			st.execute("GRANT " + OWNER + " TO " + RUNNER);
			st.execute("SET ROLE " + RUNNER);
			assertThat(count(st, step.precondition())).as("a member, but the owner may not create in the schema")
				.isZero();

			st.execute("RESET ROLE");
			st.execute("GRANT CREATE ON SCHEMA public TO " + OWNER);
			st.execute("SET ROLE " + RUNNER);
			assertThat(count(st, step.precondition())).as("a member, and the owner may create there: runs")
				.isEqualTo(1);
			st.execute(step.sql());
			assertThat(count(st, "SELECT count(*) FROM pg_class WHERE oid = 'made_by_runner'::regclass"
					+ " AND pg_get_userbyid(relowner) = '" + OWNER + "'")).isEqualTo(1);
			assertThat(count(st, step.precondition())).as("done: not run again").isZero();

			st.execute("RESET ROLE");
			st.execute("DROP TABLE made_by_runner");
			st.execute("REVOKE " + OWNER + " FROM " + RUNNER);
			st.execute("REVOKE CREATE ON SCHEMA public FROM " + RUNNER + ", " + OWNER);
		}
	}

	private static long count(Statement st, String sql) throws SQLException {
		try (ResultSet rs = st.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}
}

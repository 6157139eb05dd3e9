package dev.tidemark.targets.internal;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.TreeMap;
import java.util.UUID;

import dev.tidemark.support.TestPostgres;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetOptions;
import dev.tidemark.targets.TargetSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The connector's own session settings win over whatever a stored URL says (defence behind JdbcUrlPolicy). */
class TargetConnectorSessionSettingsTests {

	private static final TestPostgres.Database DB = TestPostgres.newDatabase("connector_settings");

	@Test
	void aUrlParameterCannotRenameOrLoosenTidemarksSession() throws Exception {
		// as if stored before such parameters were refused
		String url = DB.jdbcUrl() + (DB.jdbcUrl().contains("?") ? "&" : "?")
				+ "ApplicationName=not-tidemark&readOnly=false&options=-c%20default_transaction_read_only%3Doff";
		Target target = new Target(UUID.randomUUID(), "t", url, DB.username(), true, null, false, new TreeMap<>(),
				TargetOptions.defaults(), Instant.now(), Instant.now(), 0);
		TargetConnector connector = new TargetConnector();
		try (TargetSession session = connector.open(target,
				new TargetConnector.Credentials(DB.username(), DB.password().isEmpty() ? null : DB.password()), true);
				Statement st = session.connection().createStatement();
				ResultSet rs = st.executeQuery("SELECT application_name, current_setting('default_transaction_read_only') "
						+ "FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getString(1)).isEqualTo("tidemark");
			assertThat(rs.getString(2)).isEqualTo("on");
		}
	}
}

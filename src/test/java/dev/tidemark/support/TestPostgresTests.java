package dev.tidemark.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestPostgresTests {

	@Test
	void givesEachCallerItsOwnDatabaseOnARealServer() throws Exception {
		TestPostgres.Database first = TestPostgres.newDatabase("tp");
		TestPostgres.Database second = TestPostgres.newDatabase("tp");
		assertThat(first.name()).isNotEqualTo(second.name());
		try (Connection c = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password());
				ResultSet rs = c.createStatement().executeQuery("SELECT current_database(), current_setting('server_version_num')::int")) {
			rs.next();
			assertThat(rs.getString(1)).isEqualTo(first.name());
			assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(130000);
		}
	}
}

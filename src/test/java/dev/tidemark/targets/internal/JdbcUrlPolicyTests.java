package dev.tidemark.targets.internal;

import dev.tidemark.targets.InvalidTargetException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcUrlPolicyTests {

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:postgresql://db.internal:5432/orders",
			"jdbc:postgresql://a:5432,b:5433/orders?targetServerType=primary&sslmode=verify-full",
			"jdbc:postgresql://[::1]:5432/x?connectTimeout=5", "jdbc:postgresql://localhost/x?" })
	void acceptsPostgresUrlsWithAllowedParameters(String url) {
		assertThatCode(() -> JdbcUrlPolicy.check(url)).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:postgresql://h/x?socketFactory=a", "jdbc:postgresql://h/x?SOCKETFACTORY=a",
			"jdbc:postgresql://h/x?sslmode=require&loggerFile=/tmp/x", "jdbc:postgresql://h/x?password=p",
			"jdbc:postgresql://h/x?socket%46actory=a", "jdbc:postgresql://h/x?sslfactory", "jdbc:mysql://h/x",
			"jdbc:postgresql://h", "jdbc:postgresql:///x", "jdbc:postgresql://h/x#frag" })
	void refusesEverythingElse(String url) {
		assertThatThrownBy(() -> JdbcUrlPolicy.check(url)).isInstanceOf(InvalidTargetException.class)
			.extracting("field").isEqualTo("jdbcUrl");
	}
}

package dev.tidemark.targets.internal;

import dev.tidemark.targets.InvalidTargetException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcUrlPolicyTests {

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:postgresql://db.internal:5432/orders",
			"jdbc:postgresql://a:5432,b:5433/orders?targetServerType=primary&sslmode=verify-full",
			"jdbc:postgresql://[::1]:5432/x?socketTimeout=5", "jdbc:postgresql://localhost/x?" })
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

	@ParameterizedTest
	@ValueSource(strings = { "ApplicationName=not-tidemark", "applicationname=x", "connectTimeout=5", "loginTimeout=5",
			"readOnly=false", "options=-c%20statement_timeout%3D0", "assumeMinServerVersion=9.0",
			"Application%4eame=x" })
	void refusesParametersThatWouldOverrideTidemarksSessionSettingsNamingThem(String parameter) {
		assertThatThrownBy(() -> JdbcUrlPolicy.check("jdbc:postgresql://h/x?sslmode=require&" + parameter))
			.isInstanceOf(InvalidTargetException.class)
			.hasMessageContaining("parameter '" + java.net.URLDecoder.decode(parameter.substring(0, parameter.indexOf('=')),
					java.nio.charset.StandardCharsets.UTF_8) + "'")
			.hasMessageContaining("Tidemark")
			.extracting("field").isEqualTo("jdbcUrl");
	}

	@org.junit.jupiter.api.Test
	void stripsSessionParametersBeforeConnecting() {
		assertThat(JdbcUrlPolicy.withoutSessionParameters(
				"jdbc:postgresql://h/x?ApplicationName=x&sslmode=require&connectTimeout=1&loginTimeout=2"))
			.isEqualTo("jdbc:postgresql://h/x?sslmode=require");
		assertThat(JdbcUrlPolicy.withoutSessionParameters("jdbc:postgresql://h/x?ApplicationName=x"))
			.isEqualTo("jdbc:postgresql://h/x");
		assertThat(JdbcUrlPolicy.withoutSessionParameters("jdbc:postgresql://h/x")).isEqualTo("jdbc:postgresql://h/x");
	}
}

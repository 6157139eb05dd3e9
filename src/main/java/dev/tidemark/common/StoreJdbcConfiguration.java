package dev.tidemark.common;

import java.sql.SQLException;
import java.util.List;

import org.postgresql.util.PGobject;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.repository.config.JdbcConfiguration;

/** Spring Data JDBC's conversions for the store: the dialect's, plus jsonb columns as {@link Jsonb}. */
@Configuration(proxyBeanMethods = false)
class StoreJdbcConfiguration {

	@Bean
	JdbcCustomConversions jdbcCustomConversions(JdbcDialect dialect) {
		return JdbcConfiguration.createCustomConversions(dialect,
				List.of(new JsonbToPgObject(), new PgObjectToJsonb()));
	}

	@WritingConverter
	static final class JsonbToPgObject implements Converter<Jsonb, PGobject> {

		@Override
		public PGobject convert(Jsonb source) {
			PGobject jsonb = new PGobject();
			jsonb.setType("jsonb");
			try {
				jsonb.setValue(source.json());
			}
			catch (SQLException e) {
				throw new IllegalStateException(e);
			}
			return jsonb;
		}
	}

	@ReadingConverter
	static final class PgObjectToJsonb implements Converter<PGobject, Jsonb> {

		@Override
		public Jsonb convert(PGobject source) {
			return new Jsonb(String.valueOf(source.getValue()));
		}
	}
}

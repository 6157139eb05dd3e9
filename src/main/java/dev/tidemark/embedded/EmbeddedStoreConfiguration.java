package dev.tidemark.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded store: one local PostgreSQL server whose data survives restarts, and the store database on it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(EmbeddedDefaultEnvironmentPostProcessor.ENABLED)
@EnableConfigurationProperties(EmbeddedSettings.class)
class EmbeddedStoreConfiguration {

	static final String STORE_DATABASE = "tidemark";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(EmbeddedSettings settings) throws IOException {
		Path pgData = settings.dataDir().toAbsolutePath().resolve("pgdata");
		Files.createDirectories(pgData.getParent());
		log.info("Starting embedded PostgreSQL on 127.0.0.1:{} with data in {}", settings.port(), pgData);
		try {
			return EmbeddedPostgres.builder()
				.setDataDirectory(pgData)
				.setCleanDataDirectory(false)
				.setPort(settings.port())
				.setServerConfig("max_connections", "200")
				// stopped by this bean's close, after everything that writes to the store (the failed sign-ins
				// still counted at shutdown): the library's own JVM hook would stop it at the same time instead
				.setRegisterShutdownHook(false)
				.start();
		}
		catch (IOException | RuntimeException e) {
			throw new IllegalStateException("Embedded PostgreSQL could not start on port " + settings.port()
					+ " (set TIDEMARK_EMBEDDED_PORT to a free port, or TIDEMARK_DB_URL to use your own PostgreSQL)", e);
		}
	}

	@Bean
	DataSource dataSource(EmbeddedPostgres postgres) throws SQLException {
		ensureDatabase(postgres, STORE_DATABASE);
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName("tidemark-store");
		dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", STORE_DATABASE));
		dataSource.setUsername("postgres");
		dataSource.setMaximumPoolSize(10);
		return dataSource;
	}

	/** Creates a database on the embedded server if it is missing; true when it was created now. */
	static boolean ensureDatabase(EmbeddedPostgres postgres, String name) throws SQLException {
		try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
			try (ResultSet rs = st.executeQuery(
					"SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")) {
				if (rs.next()) {
					return false;
				}
			}
			st.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
			return true;
		}
	}
}

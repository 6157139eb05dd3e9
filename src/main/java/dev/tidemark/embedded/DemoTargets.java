package dev.tidemark.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tidemark.checks.Expectations;
import dev.tidemark.checks.Scan;
import dev.tidemark.checks.Scans;
import dev.tidemark.checks.contract.MediaTypeKind;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.TargetDefinition;
import dev.tidemark.targets.TargetOptions;
import dev.tidemark.targets.Targets;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * In the embedded default, creates the demo databases on the embedded server (once: their drift is theirs to
 * repair afterwards), registers them as targets and scans them, so the first findings list a newcomer asks for
 * already shows their drift; then says where the UI is and how to log in.
 */
@Component
@ConditionalOnBooleanProperty(EmbeddedDefaultEnvironmentPostProcessor.ENABLED)
class DemoTargets {

	/** A demo database: target name, database, the scenario folder with its drift and contract, scenario number. */
	record Demo(String targetName, String database, String scenarioFolder, String scenario) {

		String fixture() {
			return "scenarios/" + scenarioFolder + "/drifted.sql";
		}

		String contract() {
			return "scenarios/" + scenarioFolder + "/contract.yaml";
		}
	}

	static final List<Demo> DEMOS = List.of(
			new Demo("demo-chat-platform", "demo_chat_platform", "chat-platform", "2"),
			new Demo("demo-predictive-maintenance", "demo_predictive_maintenance", "predictive-maintenance", "3"),
			new Demo("demo-research-crawler", "demo_research_crawler", "research-crawler", "4"),
			new Demo("demo-word-game", "demo_word_game", "word-game", "5"));

	private static final Logger log = LoggerFactory.getLogger(DemoTargets.class);

	private final EmbeddedPostgres postgres;

	private final Targets targets;

	private final EmbeddedSettings settings;

	private final Expectations expectations;

	private final Scans scans;

	DemoTargets(EmbeddedPostgres postgres, Targets targets, EmbeddedSettings settings, Expectations expectations,
			Scans scans) {
		this.postgres = postgres;
		this.targets = targets;
		this.settings = settings;
		this.expectations = expectations;
		this.scans = scans;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(0)
	void registerDemos(ApplicationReadyEvent event) throws SQLException, IOException {
		if (settings.demoTargets()) {
			for (Demo demo : DEMOS) {
				scan(register(demo));
			}
		}
		int port = event.getApplicationContext() instanceof WebServerApplicationContext web
				? web.getWebServer().getPort() : 8080;
		log.info("""

				  Tidemark is running on its embedded default (PostgreSQL on 127.0.0.1:{}, data in {}).
				  Swagger UI: http://localhost:{}/swagger-ui.html   (Authorize with HTTP Basic)
				  Demo users (demo only!): admin, operator, approver, approver2, viewer; password: tidemark
				  Demo targets: {}
				""", settings.port(), settings.dataDir().toAbsolutePath(), port,
				DEMOS.stream().map(Demo::targetName).toList());
	}

	/** Scanned at every start-up (four small databases, a second or two), so the findings are current. */
	private void scan(Target demo) {
		try {
			Scan scan = scans.run(demo.id(), "tidemark-demo");
			log.info("Scanned demo target {}: {}, {} new finding(s)", demo.name(), scan.status(), scan.newFindings());
		}
		catch (RuntimeException e) {
			// a demo that cannot be scanned must not stop the service; a scan on request shows why
			log.warn("Could not scan demo target {}", demo.name(), e);
		}
	}

	private Target register(Demo demo) throws SQLException, IOException {
		if (EmbeddedStoreConfiguration.ensureDatabase(postgres, demo.database())) {
			try (Connection c = postgres.getDatabase("postgres", demo.database()).getConnection();
					Statement st = c.createStatement()) {
				st.execute(read(demo.fixture()));
			}
			log.info("Created demo database {} (scenario {} of docs/scenarios.md)", demo.database(), demo.scenario());
		}
		String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + demo.database();
		TargetDefinition definition = new TargetDefinition(demo.targetName(), url, "postgres", null, null, null,
				Map.of("demo", "true", "scenario", demo.scenario()), TargetOptions.defaults());
		var existing = targets.findByName(demo.targetName());
		if (existing.isEmpty()) {
			Target target = targets.register(definition, "tidemark-demo", false);
			expectations.putContract(target.id(), read(demo.contract()), MediaTypeKind.YAML, "tidemark-demo");
			return target;
		}
		Target t = existing.get();
		if (!t.jdbcUrl().equals(url)) {
			// the embedded port changed since the last run: follow it
			return targets.replace(t.id(), new TargetDefinition(t.name(), url, t.username(), null,
					t.remediationUsername(), null, t.labels(), t.options()), "tidemark-demo", false);
		}
		return t;
	}

	private static String read(String resource) throws IOException {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}

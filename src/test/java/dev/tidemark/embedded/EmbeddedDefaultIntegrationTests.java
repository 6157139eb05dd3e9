package dev.tidemark.embedded;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import dev.tidemark.TidemarkApplication;
import dev.tidemark.checks.Scan;
import dev.tidemark.checks.Scans;
import dev.tidemark.common.PageRequest;
import dev.tidemark.targets.Target;
import dev.tidemark.targets.Targets;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newcomer's path: no store configured → embedded PostgreSQL, a generated secret key, demo users and a demo
 * target with scenario 5's drift, scanned at start-up; a restart on the same folder keeps everything.
 */
class EmbeddedDefaultIntegrationTests {

	private static final String VIEWER = "Basic " + Base64.getEncoder().encodeToString("viewer:tidemark".getBytes());

	@Test
	void startsOnEmbeddedPostgresWithDemoTargetAndKeepsItsDataAcrossARestart() throws IOException {
		// Under target/, not /tmp: as root the embedded server runs as 'nobody', which must reach the folder.
		Path dataDir = Path.of("target", "embedded-default-" + UUID.randomUUID()).toAbsolutePath();
		String[] args = { "--server.port=0", "--tidemark.store.url=", "--tidemark.embedded.data-dir=" + dataDir,
				"--tidemark.embedded.port=" + freePort() };
		try {
			UUID demoId;
			try (ConfigurableApplicationContext app = SpringApplication.run(TidemarkApplication.class, args)) {
				Target demo = app.getBean(Targets.class).findByName("demo-word-game").orElseThrow();
				demoId = demo.id();
				assertThat(demo.labels()).containsEntry("demo", "true").containsEntry("scenario", "5");
				assertThat(Files.readString(dataDir.resolve("secret.key")).trim()).hasSize(44);

				// scanned at start-up: scenario 5 with its contract, the eleven findings of docs/scenarios.md
				List<Scan> startUpScans = app.getBean(Scans.class).list(demo.id(), new PageRequest(0, 10)).items();
				assertThat(startUpScans).singleElement().satisfies(scan -> {
					assertThat(scan.status()).isEqualTo(Scan.Status.SUCCEEDED);
					assertThat(scan.requestedBy()).isEqualTo("tidemark-demo");
					assertThat(scan.newFindings()).isEqualTo(11);
				});
				assertThat(app.getBean(Targets.class).all()).extracting(Target::name)
					.contains("demo-chat-platform", "demo-predictive-maintenance", "demo-research-crawler");

				int port = ((WebServerApplicationContext) app).getWebServer().getPort();
				RestTestClient client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
				// the newcomer's first findings list already shows every demo's drift
				client.get().uri("/api/v1/findings?size=200")
					.header("Authorization", VIEWER)
					.exchange()
					.expectStatus().isOk()
					.expectBody()
					.jsonPath("$.items[*].targetId")
					.value(ids -> assertThat(ids.toString()).contains(demo.id().toString()))
					.jsonPath("$.totalItems")
					.value(total -> assertThat(((Number) total).intValue()).isGreaterThan(11));
				client.get().uri("/api/v1/targets/{id}/schema", demo.id())
					.header("Authorization", VIEWER)
					.exchange()
					.expectStatus().isOk()
					.expectBody()
					.jsonPath("$.catalog.tables[?(@.name == 'post_reactions')].columns[*].name")
					.value(names -> assertThat(names.toString()).contains("post_id").doesNotContain("is_hidden"));
			}
			try (ConfigurableApplicationContext again = SpringApplication.run(TidemarkApplication.class, args)) {
				assertThat(again.getBean(Targets.class).findByName("demo-word-game").orElseThrow().id()).isEqualTo(demoId);
				// scanned again at this start-up, so its findings are current
				assertThat(again.getBean(Scans.class).list(demoId, new PageRequest(0, 10)).totalItems())
					.isEqualTo(2);
			}
		}
		finally {
			FileSystemUtils.deleteRecursively(dataDir);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}

package dev.tidemark.checks.internal;

import java.util.Map;
import java.util.UUID;

import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A Tidemark that stopped mid-scan left a RUNNING scan; the next start closes it instead of leaving it forever. */
class AbandonedScansIntegrationTests extends ApiIntegrationTest {

	@Autowired
	ScanService scans;

	@Autowired
	JdbcClient store;

	@Test
	void scansLeftRunningByAStoppedTidemarkAreClosedAsInterruptedOnStart() {
		String targetId = (String) as("operator").post().uri("/api/v1/targets").contentType(MediaType.APPLICATION_JSON)
			.body(targetJson(TestPostgres.newDatabase("abandoned"), "abandoned")).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id");
		UUID old = UUID.randomUUID();
		UUID recent = UUID.randomUUID();
		store.sql("INSERT INTO scan (id, target_id, status, requested_by, started_at) VALUES "
				+ "(?, ?::uuid, 'RUNNING', 'test', now() - interval '2 hours'), (?, ?::uuid, 'RUNNING', 'test', now())")
			.params(old, targetId, recent, targetId)
			.update();

		scans.closeAbandonedScans();

		assertThat(scans.get(old).status()).isEqualTo(dev.tidemark.checks.Scan.Status.FAILED);
		assertThat(scans.get(old).error().code()).isEqualTo("interrupted");
		// A scan another replica may still be running is left alone.
		assertThat(scans.get(recent).status()).isEqualTo(dev.tidemark.checks.Scan.Status.RUNNING);
	}
}

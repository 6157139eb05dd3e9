package dev.tidemark.checks.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import dev.tidemark.common.Jsonb;
import dev.tidemark.support.ApiIntegrationTest;
import dev.tidemark.support.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The expectation aggregates carry a version: a write from a stale read is refused and changes nothing. */
class ExpectationVersionsIntegrationTests extends ApiIntegrationTest {

	private static final TestPostgres.Database DB = TestPostgres.newDatabase("expectation_versions");

	@Autowired
	ContractRepository contracts;

	@Autowired
	ReferenceRepository references;

	@Test
	void aContractWrittenFromAStaleReadIsRefusedAndTheNewerOneStays() {
		UUID targetId = register();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		ContractRepository.Row first = contracts.save(new ContractRepository.Row(targetId, "first", "application/yaml",
				new Jsonb("{\"tables\": []}"), now, "alice", 0));
		assertThat(first.version()).as("the first contract stored is version 1").isEqualTo(1);

		ContractRepository.Row second = contracts.save(new ContractRepository.Row(targetId, "second",
				"application/yaml", new Jsonb("{\"tables\": []}"), now, "bob", first.version()));
		assertThat(second.version()).isEqualTo(2);

		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> contracts.save(new ContractRepository.Row(targetId, "stale", "application/yaml",
					new Jsonb("{\"tables\": []}"), now, "carol", first.version())));
		assertThat(contracts.findById(targetId).orElseThrow()).extracting(ContractRepository.Row::source,
				ContractRepository.Row::updatedBy, ContractRepository.Row::version).containsExactly("second", "bob", 2);
	}

	@Test
	void aReferenceStartsAtVersionZeroAndAStaleWriteIsRefused() {
		UUID targetId = register();
		UUID otherId = register();
		UUID thirdId = register();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		ReferenceRepository.Row first = references.save(new ReferenceRepository.Row(targetId, otherId, null, now,
				"alice", null));
		assertThat(first.version()).isZero();
		references.save(new ReferenceRepository.Row(targetId, thirdId, null, now, "bob", first.version()));

		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> references.save(new ReferenceRepository.Row(targetId, otherId, null, now, "carol",
					first.version())));
		assertThat(references.findById(targetId).orElseThrow().referenceTargetId()).isEqualTo(thirdId);
	}

	private UUID register() {
		return UUID.fromString((String) as("operator").post().uri("/api/v1/targets")
			.contentType(MediaType.APPLICATION_JSON).body(targetJson(DB, "versions")).exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id"));
	}
}

package dev.tidemark.checks.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.tidemark.checks.BaselineSetting;
import dev.tidemark.checks.ReferenceSetting;
import dev.tidemark.checks.StoredContract;
import dev.tidemark.checks.contract.Contract;
import dev.tidemark.checks.contract.ContractParser;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Contracts, references and baselines of targets. */
@Repository
class ExpectationStore {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ExpectationStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Serialises the writers of one target's settings until the transaction ends, so a precondition checked after
	 * this still holds when the write lands. NO KEY UPDATE: scans inserting rows that reference the target go on.
	 */
	void lockSettingsOf(UUID targetId) {
		jdbc.sql("SELECT 1 FROM target WHERE id = ? FOR NO KEY UPDATE").param(targetId).query(Integer.class).optional();
	}

	StoredContract saveContract(UUID targetId, String source, String mediaType, Contract contract, String actor,
			Instant now) {
		int version = jdbc.sql("""
				INSERT INTO target_contract (target_id, source, media_type, contract, updated_at, updated_by, version)
				VALUES (?, ?, ?, ?::jsonb, ?, ?, 1)
				ON CONFLICT (target_id) DO UPDATE SET source = EXCLUDED.source, media_type = EXCLUDED.media_type,
				    contract = EXCLUDED.contract, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by,
				    version = target_contract.version + 1
				RETURNING version""")
			.params(targetId, source, mediaType, ContractParser.toJson(contract), Timestamp.from(now), actor)
			.query(Integer.class)
			.single();
		return new StoredContract(source, mediaType, contract, now, actor, version);
	}

	Optional<StoredContract> contract(UUID targetId) {
		return jdbc.sql("SELECT source, media_type, contract::text AS contract, updated_at, updated_by, version "
				+ "FROM target_contract WHERE target_id = ?")
			.param(targetId)
			.query((rs, n) -> new StoredContract(rs.getString("source"), rs.getString("media_type"),
					ContractParser.parseJson(rs.getString("contract")), rs.getTimestamp("updated_at").toInstant(),
					rs.getString("updated_by"), rs.getInt("version")))
			.optional();
	}

	boolean deleteContract(UUID targetId) {
		return jdbc.sql("DELETE FROM target_contract WHERE target_id = ?").param(targetId).update() == 1;
	}

	ReferenceSetting saveReference(UUID targetId, @Nullable UUID referenceTargetId, @Nullable UUID referenceSnapshotId,
			String actor, Instant now) {
		jdbc.sql("""
				INSERT INTO target_reference (target_id, reference_target_id, reference_snapshot_id, updated_at, updated_by)
				VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (target_id) DO UPDATE SET reference_target_id = EXCLUDED.reference_target_id,
				    reference_snapshot_id = EXCLUDED.reference_snapshot_id, updated_at = EXCLUDED.updated_at,
				    updated_by = EXCLUDED.updated_by""")
			.params(targetId, referenceTargetId, referenceSnapshotId, Timestamp.from(now), actor)
			.update();
		return new ReferenceSetting(referenceTargetId, referenceSnapshotId, now, actor);
	}

	Optional<ReferenceSetting> reference(UUID targetId) {
		return jdbc.sql("SELECT reference_target_id, reference_snapshot_id, updated_at, updated_by "
				+ "FROM target_reference WHERE target_id = ?")
			.param(targetId)
			.query((rs, n) -> new ReferenceSetting(rs.getObject("reference_target_id", UUID.class),
					rs.getObject("reference_snapshot_id", UUID.class), rs.getTimestamp("updated_at").toInstant(),
					rs.getString("updated_by")))
			.optional();
	}

	boolean deleteReference(UUID targetId) {
		return jdbc.sql("DELETE FROM target_reference WHERE target_id = ?").param(targetId).update() == 1;
	}

	BaselineSetting saveBaseline(UUID targetId, UUID snapshotId, String actor, Instant now) {
		jdbc.sql("""
				INSERT INTO target_baseline (target_id, snapshot_id, accepted_at, accepted_by) VALUES (?, ?, ?, ?)
				ON CONFLICT (target_id) DO UPDATE SET snapshot_id = EXCLUDED.snapshot_id,
				    accepted_at = EXCLUDED.accepted_at, accepted_by = EXCLUDED.accepted_by""")
			.params(targetId, snapshotId, Timestamp.from(now), actor)
			.update();
		return new BaselineSetting(snapshotId, now, actor);
	}

	Optional<BaselineSetting> baseline(UUID targetId) {
		return jdbc.sql("SELECT snapshot_id, accepted_at, accepted_by FROM target_baseline WHERE target_id = ?")
			.param(targetId)
			.query((rs, n) -> new BaselineSetting(rs.getObject("snapshot_id", UUID.class),
					rs.getTimestamp("accepted_at").toInstant(), rs.getString("accepted_by")))
			.optional();
	}

	boolean deleteBaseline(UUID targetId) {
		return jdbc.sql("DELETE FROM target_baseline WHERE target_id = ?").param(targetId).update() == 1;
	}
}

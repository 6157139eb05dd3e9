package dev.tidemark.checks.internal;

import java.time.Instant;
import java.util.UUID;

import dev.tidemark.checks.StoredContract;
import dev.tidemark.checks.contract.ContractParser;
import dev.tidemark.common.Jsonb;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.ListCrudRepository;

interface ContractRepository extends ListCrudRepository<ContractRepository.Row, UUID> {

	/** A target's contract as stored; {@code version} 0 marks a new one, the first stored is version 1. */
	@Table("target_contract")
	record Row(@Id UUID targetId, String source, String mediaType, Jsonb contract, Instant updatedAt,
			String updatedBy, @Version int version) {

		StoredContract toContract() {
			return new StoredContract(source, mediaType, ContractParser.parseJson(contract.json()), updatedAt,
					updatedBy, version);
		}
	}
}

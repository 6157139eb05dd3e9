package dev.tidemark.checks;

import java.time.Instant;

import dev.tidemark.checks.contract.Contract;

/** A target's contract as last written: the document as sent, its parsed form, and who wrote it when. */
public record StoredContract(String source, String mediaType, Contract contract, Instant updatedAt, String updatedBy,
		int version) {
}

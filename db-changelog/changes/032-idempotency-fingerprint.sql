-- liquibase formatted sql

-- changeset tidemark:032-idempotency-fingerprint
-- SHA-256 of the request's method, path and canonical body: a key reused for a different request is refused
-- instead of replaying the first answer. Rows written before have none and count as a different request.
ALTER TABLE idempotency_key ADD COLUMN fingerprint text;
-- rollback ALTER TABLE idempotency_key DROP COLUMN fingerprint;

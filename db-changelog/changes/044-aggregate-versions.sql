-- liquibase formatted sql

-- changeset tidemark:044-aggregate-versions
-- Optimistic locking for the aggregates Spring Data JDBC stores (its @Version): every update is conditional on the
-- version it read and adds 1, so of two writers holding the same version one wins and the other gets a 409. Existing
-- rows start at 0. (target and target_contract had a version already.)
ALTER TABLE api_token ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE webhook_subscription ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE target_reference ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE target_baseline ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE remediation ADD COLUMN version integer NOT NULL DEFAULT 0;
-- rollback ALTER TABLE remediation DROP COLUMN version; ALTER TABLE target_baseline DROP COLUMN version; ALTER TABLE target_reference DROP COLUMN version; ALTER TABLE webhook_subscription DROP COLUMN version; ALTER TABLE api_token DROP COLUMN version;

-- liquibase formatted sql

-- changeset tidemark:045-scan-phases
-- Where a scan's time went: milliseconds per phase (fingerprint, catalog, rules, serialize, snapshot-write, ...),
-- as a JSON object in the order the phases ran.
ALTER TABLE scan ADD COLUMN phase_millis jsonb;
-- rollback ALTER TABLE scan DROP COLUMN phase_millis;

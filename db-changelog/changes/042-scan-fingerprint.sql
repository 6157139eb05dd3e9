-- liquibase formatted sql

-- changeset tidemark:042-scan-fingerprint
-- What the target's catalog looked like to a scan (a fingerprint, far cheaper than a snapshot), and whether the
-- scan found it unchanged and reused the last snapshot instead of taking a new one.
ALTER TABLE scan ADD COLUMN catalog_fingerprint text;
ALTER TABLE scan ADD COLUMN catalog_unchanged boolean NOT NULL DEFAULT false;
-- rollback ALTER TABLE scan DROP COLUMN catalog_unchanged; ALTER TABLE scan DROP COLUMN catalog_fingerprint;

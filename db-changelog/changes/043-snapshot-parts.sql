-- liquibase formatted sql

-- changeset tidemark:043-snapshot-parts
-- Snapshots as content-addressed parts: one part per catalog object (its exact JSON bytes), chunk parts listing
-- object hashes in list order, and a root part per snapshot (scalar fields plus each list's chunk hashes). A scan
-- after a small change writes only the new objects, the chunks around them and a root. Old rows keep their jsonb
-- content and are read as before; new rows have content NULL and parts_root set. Object parts are stored deflated
-- (zlib): most are under the 2 kB toast threshold, so PostgreSQL would store them uncompressed; the hash is that of
-- the JSON bytes. Chunks (hashes, incompressible) and roots (small JSON, read by the pruning SQL) are stored as is.
CREATE TABLE snapshot_part (
    hash       bytea       PRIMARY KEY,
    kind       text        NOT NULL,
    content    bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT snapshot_part_kind_check CHECK (kind IN ('root', 'chunk', 'object'))
);
ALTER TABLE snapshot ALTER COLUMN content DROP NOT NULL;
ALTER TABLE snapshot ADD COLUMN parts_root bytea;
ALTER TABLE snapshot ADD CONSTRAINT snapshot_content_or_parts CHECK (num_nonnulls(content, parts_root) = 1);
-- rollback ALTER TABLE snapshot DROP CONSTRAINT snapshot_content_or_parts; DELETE FROM snapshot WHERE content IS NULL; ALTER TABLE snapshot DROP COLUMN parts_root; ALTER TABLE snapshot ALTER COLUMN content SET NOT NULL; DROP TABLE snapshot_part;

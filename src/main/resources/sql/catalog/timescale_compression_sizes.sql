-- timescale_compression_sizes: per hypertable, what its compressed chunks take on disk now and took before
-- compression (heap + toast + indexes).
-- Minimum server version: PostgreSQL 13 (TimescaleDB 2.13).
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, compressed_bytes, uncompressed_bytes (hypertables without compressed
--   chunks have no row)
-- The only query that reads TimescaleDB's internal catalog beyond _timescaledb_catalog.hypertable:
-- compression_chunk_size (one row per compressed chunk, removed on decompression) and chunk(id, hypertable_id,
-- dropped). hypertable_compression_stats() would be the public way, but it is per hypertable and lives in the
-- extension's schema, which the reader's search_path (pg_catalog) does not name. Internal tables change between
-- releases (chunk lost schema_name and table_name in 2.29), so the reader runs this one best effort, inside a
-- savepoint: where it fails, the sizes are unknown (0) and the snapshot is complete otherwise.
SELECT ht.schema_name::text AS schema_name,
       ht.table_name::text AS table_name,
       sum(s.compressed_heap_size + s.compressed_toast_size + s.compressed_index_size) AS compressed_bytes,
       sum(s.uncompressed_heap_size + s.uncompressed_toast_size + s.uncompressed_index_size) AS uncompressed_bytes
FROM _timescaledb_catalog.compression_chunk_size s
JOIN _timescaledb_catalog.chunk ch ON ch.id = s.chunk_id AND NOT ch.dropped
JOIN _timescaledb_catalog.hypertable ht ON ht.id = ch.hypertable_id
JOIN pg_namespace n ON n.nspname = ht.schema_name
WHERE n.nspname !~ ?
GROUP BY ht.schema_name, ht.table_name
ORDER BY 1, 2;

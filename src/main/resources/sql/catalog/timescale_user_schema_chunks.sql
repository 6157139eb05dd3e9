-- timescale_user_schema_chunks: chunks (plain and compressed) that TimescaleDB keeps outside the excluded schemas,
-- as create_hypertable(..., associated_schema_name => 'app') places them; they are not tables of the snapshot.
-- Minimum server version: PostgreSQL 13 (TimescaleDB 2.13; _timescaledb_catalog.chunk keeps schema_name and
--   table_name through 2.29).
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name
-- Normally empty: chunks live in _timescaledb_internal, which the excluded-schema regex already hides.
SELECT n.nspname AS schema_name,
       ch.table_name::text AS table_name
FROM _timescaledb_catalog.chunk ch
JOIN pg_namespace n ON n.nspname = ch.schema_name
WHERE n.nspname !~ ?
ORDER BY 1, 2;

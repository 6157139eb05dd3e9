-- timescale_continuous_aggregates: every continuous aggregate and the hypertable it is built on.
-- Minimum server version: PostgreSQL 13 (TimescaleDB 2.13).
-- Parameters: every ? is the excluded-schema regex (applied to the view's schema).
-- Output columns: schema_name, view_name, source_schema, source_table (the hypertable it aggregates),
--   materialized_only, compression_enabled
-- The materialization hypertable lives in _timescaledb_internal and is deliberately not reported.
SELECT n.nspname AS schema_name,
       a.view_name::text AS view_name,
       a.hypertable_schema::text AS source_schema,
       a.hypertable_name::text AS source_table,
       a.materialized_only,
       a.compression_enabled
FROM timescaledb_information.continuous_aggregates a
JOIN pg_namespace n ON n.nspname = a.view_schema
WHERE n.nspname !~ ?
ORDER BY n.nspname, a.view_name;

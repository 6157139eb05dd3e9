-- timescale_dimensions: every dimension of every hypertable: the time column and any space partitioning.
-- Minimum server version: PostgreSQL 13 (TimescaleDB 2.13).
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, dimension_number, column_name, column_type (format_type text),
--   dimension_type (Time or Space), chunk_interval (text: the time interval, or the integer interval of an
--   integer-time dimension; null for space dimensions), partitions (hash partitions of a space dimension)
SELECT n.nspname AS schema_name,
       d.hypertable_name::text AS table_name,
       d.dimension_number,
       d.column_name::text AS column_name,
       format_type(d.column_type, NULL) AS column_type,
       d.dimension_type,
       coalesce(d.time_interval::text, d.integer_interval::text) AS chunk_interval,
       d.num_partitions::int AS partitions
FROM timescaledb_information.dimensions d
JOIN pg_namespace n ON n.nspname = d.hypertable_schema
WHERE n.nspname !~ ?
  AND EXISTS (SELECT 1 FROM timescaledb_information.hypertables h
              WHERE h.hypertable_schema = d.hypertable_schema AND h.hypertable_name = d.hypertable_name)
ORDER BY n.nspname, d.hypertable_name, d.dimension_number;

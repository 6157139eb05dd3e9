-- timescale_hypertables: every hypertable with its chunk count, time range and compression settings.
-- Minimum server version: PostgreSQL 13 (TimescaleDB 2.13; only timescaledb_information views).
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, compression_enabled, chunk_count, compressed_chunks,
--   range_start, range_end (text: the oldest chunk start and newest chunk end, timestamps in the session
--   TimeZone, which the reader pins to UTC; integer-time hypertables print numbers), segment_by (text[]),
--   order_by (text[]: column plus DESC / NULLS FIRST / NULLS LAST where not the default)
-- compression_settings (one row per column) is used rather than hypertable_compression_settings: the latter
-- only exists from 2.15. Continuous-aggregate materialization hypertables are not in the hypertables view.
-- The chunks view is read once and grouped by hypertable: the view numbers every chunk's dimensions with a
-- window function, so no filter reaches inside it, and a per-hypertable LATERAL re-read all chunks of the
-- database for each hypertable (100 hypertables x 1,000 chunks: 10 million chunk rows).
-- The compressed sizes come from timescale_compression_sizes.sql, read apart and best effort.
SELECT n.nspname AS schema_name,
       h.hypertable_name::text AS table_name,
       h.compression_enabled,
       coalesce(c.chunk_count, 0) AS chunk_count,
       coalesce(c.compressed_chunks, 0) AS compressed_chunks,
       c.range_start,
       c.range_end,
       ARRAY(SELECT s.attname::text FROM timescaledb_information.compression_settings s
             WHERE s.hypertable_schema = h.hypertable_schema AND s.hypertable_name = h.hypertable_name
               AND s.segmentby_column_index IS NOT NULL
             ORDER BY s.segmentby_column_index) AS segment_by,
       ARRAY(SELECT s.attname::text
                    || CASE WHEN s.orderby_asc THEN '' ELSE ' DESC' END
                    || CASE WHEN s.orderby_nullsfirst <> s.orderby_asc THEN ''
                            WHEN s.orderby_nullsfirst THEN ' NULLS FIRST' ELSE ' NULLS LAST' END
             FROM timescaledb_information.compression_settings s
             WHERE s.hypertable_schema = h.hypertable_schema AND s.hypertable_name = h.hypertable_name
               AND s.orderby_column_index IS NOT NULL
             ORDER BY s.orderby_column_index) AS order_by
FROM timescaledb_information.hypertables h
JOIN pg_namespace n ON n.nspname = h.hypertable_schema
LEFT JOIN (
	SELECT ch.hypertable_schema, ch.hypertable_name,
	       count(*) AS chunk_count,
	       count(*) FILTER (WHERE ch.is_compressed) AS compressed_chunks,
	       coalesce(min(ch.range_start)::text, min(ch.range_start_integer)::text) AS range_start,
	       coalesce(max(ch.range_end)::text, max(ch.range_end_integer)::text) AS range_end
	FROM timescaledb_information.chunks ch
	GROUP BY ch.hypertable_schema, ch.hypertable_name
) c ON c.hypertable_schema = h.hypertable_schema AND c.hypertable_name = h.hypertable_name
WHERE n.nspname !~ ?
ORDER BY n.nspname, h.hypertable_name;

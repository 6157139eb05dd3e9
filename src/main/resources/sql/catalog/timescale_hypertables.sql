-- timescale_hypertables: every hypertable with its chunk count, time range and compression settings.
-- Minimum server version: PostgreSQL 13 (TimescaleDB 2.13; only timescaledb_information views).
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, compression_enabled, chunk_count, compressed_chunks,
--   range_start, range_end (text: the oldest chunk start and newest chunk end, timestamps in the session
--   TimeZone, which the reader pins to UTC; integer-time hypertables print numbers), segment_by (text[]),
--   order_by (text[]: column plus DESC / NULLS FIRST / NULLS LAST where not the default),
--   compressed_bytes, uncompressed_bytes (the compressed chunks' heap + toast + index bytes now, and before
--   compression; 0 without compressed chunks)
-- compression_settings (one row per column) is used rather than hypertable_compression_settings: the latter
-- only exists from 2.15. Continuous-aggregate materialization hypertables are not in the hypertables view.
-- The chunks view is read once and grouped by hypertable: the view numbers every chunk's dimensions with a
-- window function, so no filter reaches inside it, and a per-hypertable LATERAL re-read all chunks of the
-- database for each hypertable (100 hypertables x 1,000 chunks: 10 million chunk rows).
-- The sizes come from _timescaledb_catalog.compression_chunk_size (one row per compressed chunk, removed on
-- decompression), grouped once: hypertable_compression_stats() is per hypertable and lives in the extension's
-- schema, which the reader's search_path (pg_catalog) does not name. It reads only chunk(id, hypertable_id,
-- dropped) and hypertable(id, schema_name, table_name), which 2.29 kept.
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
             ORDER BY s.orderby_column_index) AS order_by,
       coalesce(z.compressed_bytes, 0) AS compressed_bytes,
       coalesce(z.uncompressed_bytes, 0) AS uncompressed_bytes
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
LEFT JOIN (
	SELECT ht.schema_name, ht.table_name,
	       sum(s.compressed_heap_size + s.compressed_toast_size + s.compressed_index_size) AS compressed_bytes,
	       sum(s.uncompressed_heap_size + s.uncompressed_toast_size + s.uncompressed_index_size) AS uncompressed_bytes
	FROM _timescaledb_catalog.compression_chunk_size s
	JOIN _timescaledb_catalog.chunk ch ON ch.id = s.chunk_id AND NOT ch.dropped
	JOIN _timescaledb_catalog.hypertable ht ON ht.id = ch.hypertable_id
	GROUP BY ht.schema_name, ht.table_name
) z ON z.schema_name = h.hypertable_schema AND z.table_name = h.hypertable_name
WHERE n.nspname !~ ?
ORDER BY n.nspname, h.hypertable_name;

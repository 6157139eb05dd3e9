-- timescale_chunk_index_gaps: per unique index of a hypertable, the chunks that lack a matching unique index.
-- Minimum server version: PostgreSQL 13 (TimescaleDB 2.13; pg_catalog and the hypertables view only, so it
-- survives the removal of chunk_index in 2.22 and the chunk_constraint view of 2.28).
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, index_name (on the hypertable), key_columns (text[]),
--   missing_chunks (text[] of schema.chunk, sorted)
-- A chunk matches when it has a valid unique index with the same key column NAMES in order, the same key
-- options and the same partial-ness (postgres-catalog.md 3.5): chunks may have other attnums after a dropped
-- column. A chunk without it breaks FKs to the hypertable ("index for constraint not found on chunk") and
-- upserts ("could not find arbiter index"). Chunks are the relkind 'r' children; tiered chunks are foreign.
-- Cost is linear in chunks: the hypertables' unique indexes are MATERIALIZED, so their key names are found once
-- and not again for every chunk, and key names are scalar index lookups (expression keys, attnum 0, skipped as
-- an inner join would). The join to ht_idx alone picks the chunks: an IN (ht) filter compared every chunk with
-- every hypertable. A chunk's class (is it a plain table?) and name are looked up only when it lacks the index
-- (MATERIALIZED), not for every chunk.
WITH ht AS (
	SELECT c.oid AS ht_oid, n.nspname AS schema_name, c.relname AS table_name
	FROM timescaledb_information.hypertables h
	JOIN pg_namespace n ON n.nspname = h.hypertable_schema
	JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = h.hypertable_name
	WHERE n.nspname !~ ?
), ht_idx AS MATERIALIZED (
	SELECT ht.*, i.relname AS index_name,
	       ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = ix.indrelid AND a.attnum = k.attnum)
	             FROM unnest((ix.indkey::int2[])[0:ix.indnkeyatts - 1]) WITH ORDINALITY k(attnum, ord)
	             WHERE k.attnum <> 0 ORDER BY k.ord) AS key_cols,
	       (ix.indoption::int2[])[0:ix.indnkeyatts - 1] AS key_opts,
	       ix.indpred IS NOT NULL AS partial
	FROM ht
	JOIN pg_index ix ON ix.indrelid = ht.ht_oid AND ix.indisunique
	JOIN pg_class i ON i.oid = ix.indexrelid
), missing AS MATERIALIZED (
	SELECT hi.schema_name, hi.table_name, hi.index_name, hi.key_cols, inh.inhrelid AS chunk_oid
	FROM ht_idx hi
	JOIN pg_inherits inh ON inh.inhparent = hi.ht_oid
	WHERE NOT EXISTS (
		SELECT 1 FROM pg_index cix
		WHERE cix.indrelid = inh.inhrelid AND cix.indisunique AND cix.indisvalid
		  AND (cix.indpred IS NOT NULL) = hi.partial
		  AND (cix.indoption::int2[])[0:cix.indnkeyatts - 1] = hi.key_opts
		  AND ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = cix.indrelid AND a.attnum = k.attnum)
		            FROM unnest((cix.indkey::int2[])[0:cix.indnkeyatts - 1]) WITH ORDINALITY k(attnum, ord)
		            WHERE k.attnum <> 0 ORDER BY k.ord) = hi.key_cols)
)
SELECT m.schema_name, m.table_name, m.index_name, m.key_cols AS key_columns,
       array_agg(cn.nspname || '.' || c.relname ORDER BY cn.nspname, c.relname) AS missing_chunks
FROM missing m
JOIN pg_class c ON c.oid = m.chunk_oid AND c.relkind = 'r'
JOIN pg_namespace cn ON cn.oid = c.relnamespace
GROUP BY m.schema_name, m.table_name, m.index_name, m.key_cols
ORDER BY m.schema_name, m.table_name, m.index_name;

-- indexes: every index on a table, partitioned table or materialized view, including INVALID ones left by a
-- failed CREATE INDEX CONCURRENTLY.
-- Minimum server version: PostgreSQL 13 (indnkeyatts needs 11).
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, index_name, method (pg_am.amname), is_unique, is_primary,
--   key_columns (text[]: the column name, or the deparsed expression, per key position), included_columns
--   (text[]: INCLUDE columns), predicate (WHERE clause of a partial index, else null), is_valid, is_ready,
--   constraint_name (the PRIMARY KEY / UNIQUE / EXCLUDE constraint the index backs), definition
--   (pg_get_indexdef's text)
-- definition is built here, as pg_get_indexdef prints it, for the common index: plain key columns with their own
-- collation and the type's default opclass, no predicate, no storage options, no NULLS NOT DISTINCT. Only the
-- others call pg_get_indexdef, which builds a deparse context per index, and so a relcache entry for its table
-- (benchmark scale 1, 6,000 indexes, all built here: 280-300 ms of server CPU before, 150-160 ms after).
-- Plain columns use attname (unquoted, as in constraints.sql); expressions use pg_get_indexdef(oid, k, true),
-- which prints only the expression, without opclass or ordering: those are in definition. Deparsing takes an
-- AccessShareLock on the table, so run this under lock_timeout. No pg_relation_size: it waits behind locks.
-- A key column's name is one index lookup in pg_attribute; a join made the planner hash every column of the
-- table once per index (measured 6,000 indexes: 255 ms with the join, 220 ms with the lookup).
-- The tables come first, MATERIALIZED, already filtered by schema, and their indexes are looked up from them: with
-- the schema filter last, the planner looked up every index's class and constraint, TimescaleDB chunks' included,
-- and dropped the excluded ones only at the end (10 hypertables x 1,000 chunks on PGlite: 190 ms of server CPU
-- before, 40-80 ms after, for the same 36 rows). The indexes are looked up per table (LATERAL ... OFFSET 0): left
-- to the planner, which cannot know how few tables the schema filter leaves, it merge-joined every index of the
-- database with its class, each chunk's two indexes included.
WITH t AS MATERIALIZED (
	SELECT c.oid, c.relname, n.nspname
	FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relkind IN ('r', 'p', 'm')
	  AND n.nspname !~ ?
	  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
	  AND c.oid NOT IN (SELECT d.objid FROM pg_depend d
	                    WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_class'::regclass
	                      AND d.deptype = 'e')
)
SELECT t.nspname AS schema_name,
       t.relname AS table_name,
       ix.relname AS index_name,
       am.amname AS method,
       ix.indisunique AS is_unique,
       ix.indisprimary AS is_primary,
       keys.key_columns,
       incl.included_columns,
       pg_get_expr(ix.indpred, ix.indrelid, true) AS predicate,
       ix.indisvalid AS is_valid,
       ix.indisready AS is_ready,
       con.conname AS constraint_name,
       CASE WHEN keys.plain_keys IS NULL OR ix.indpred IS NOT NULL OR ix.reloptions IS NOT NULL
                 -- PostgreSQL 15+ only; to_jsonb reads it without naming it, so the query still runs on 13
                 OR (ix.indisunique AND (to_jsonb(ix) ->> 'indnullsnotdistinct')::boolean)
            THEN pg_get_indexdef(ix.indexrelid)
            ELSE 'CREATE ' || CASE WHEN ix.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || quote_ident(ix.relname)
                 || ' ON ' || CASE WHEN ix.relkind = 'I' THEN 'ONLY ' ELSE '' END
                 || quote_ident(t.nspname) || '.' || quote_ident(t.relname) || ' USING ' || quote_ident(am.amname)
                 || ' (' || keys.plain_keys
                 || CASE WHEN ix.indnatts > ix.indnkeyatts THEN ') INCLUDE (' || incl.plain_included ELSE '' END
                 || ')' END AS definition
FROM t
CROSS JOIN LATERAL (SELECT ix.*, i.relname, i.relam, i.relkind, i.reloptions
                    FROM pg_index ix
                    JOIN pg_class i ON i.oid = ix.indexrelid
                    WHERE ix.indrelid = t.oid
                    OFFSET 0) ix
-- per key position: the column name, or the deparsed expression; plain_keys is the key list as pg_get_indexdef
-- prints it, null unless every key is a plain column with the column's collation, the type's default opclass
-- and default ordering (then pg_get_indexdef prints no decoration)
CROSS JOIN LATERAL (
	SELECT array_agg(CASE WHEN k.attnum <> 0 THEN a.attname::text
	                      ELSE pg_get_indexdef(ix.indexrelid, k.n, true) END ORDER BY k.n) AS key_columns,
	       CASE WHEN bool_and(k.attnum <> 0 AND (k.coll = 0 OR k.coll = a.attcollation)
	                          -- the default opclass of a varchar column under btree is text_ops
	                          AND opc.opcdefault AND (opc.opcintype = a.atttypid
	                                                  OR (a.atttypid = 'varchar'::regtype AND opc.opcintype = 'text'::regtype
	                                                      AND ix.relam = (SELECT oid FROM pg_am WHERE amname = 'btree'))))
	            THEN string_agg(quote_ident(a.attname)
	                            -- indoption bit 1 is DESC, bit 2 NULLS FIRST; only an ordering AM accepts either
	                            || CASE WHEN k.opt & 1 = 1 THEN CASE WHEN k.opt & 2 = 2 THEN ' DESC' ELSE ' DESC NULLS LAST' END
	                                    WHEN k.opt & 2 = 2 THEN ' NULLS FIRST' ELSE '' END,
	                            ', ' ORDER BY k.n) END AS plain_keys
	FROM (SELECT n, ix.indkey[n - 1] AS attnum, ix.indoption[n - 1] AS opt, ix.indcollation[n - 1] AS coll,
	             ix.indclass[n - 1] AS opclass
	      FROM generate_series(1, ix.indnkeyatts) n) k
	LEFT JOIN LATERAL (SELECT a.attname, a.attcollation, a.atttypid FROM pg_attribute a
	                   WHERE a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum <> 0 OFFSET 0) a ON true
	-- a join: pg_opclass is hashed once for all indexes (looked up per key, it was scanned per key: 60 ms)
	LEFT JOIN pg_opclass opc ON opc.oid = k.opclass) keys
CROSS JOIN LATERAL (
	SELECT ARRAY(SELECT a.attname::text
	             FROM generate_series(ix.indnkeyatts + 1, ix.indnatts) k
	             JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1]
	             ORDER BY k) AS included_columns) incl0
CROSS JOIN LATERAL (SELECT incl0.included_columns,
                           (SELECT string_agg(quote_ident(c), ', ' ORDER BY o)
                            FROM unnest(incl0.included_columns) WITH ORDINALITY u(c, o)) AS plain_included) incl
JOIN pg_am am ON am.oid = ix.relam
LEFT JOIN pg_constraint con ON con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid
                            AND con.contype IN ('p', 'u', 'x')
ORDER BY t.nspname, ix.relname;

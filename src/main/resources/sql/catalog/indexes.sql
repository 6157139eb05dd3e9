-- indexes: every index on a table, partitioned table or materialized view, including INVALID ones left by a
-- failed CREATE INDEX CONCURRENTLY.
-- Minimum server version: PostgreSQL 13 (indnkeyatts needs 11).
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, index_name, method (pg_am.amname), is_unique, is_primary,
--   key_columns (text[]: the column name, or the deparsed expression, per key position), included_columns
--   (text[]: INCLUDE columns), predicate (WHERE clause of a partial index, else null), is_valid, is_ready,
--   constraint_name (the PRIMARY KEY / UNIQUE / EXCLUDE constraint the index backs), definition
--   (pg_get_indexdef)
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
       ARRAY(SELECT CASE WHEN ix.indkey[k - 1] <> 0
                             THEN (SELECT a.attname::text FROM pg_attribute a
                                   WHERE a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1])
                         ELSE pg_get_indexdef(ix.indexrelid, k, true) END
             FROM generate_series(1, ix.indnkeyatts) k
             ORDER BY k) AS key_columns,
       ARRAY(SELECT a.attname::text
             FROM generate_series(ix.indnkeyatts + 1, ix.indnatts) k
             JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1]
             ORDER BY k) AS included_columns,
       pg_get_expr(ix.indpred, ix.indrelid, true) AS predicate,
       ix.indisvalid AS is_valid,
       ix.indisready AS is_ready,
       con.conname AS constraint_name,
       pg_get_indexdef(ix.indexrelid) AS definition
FROM t
CROSS JOIN LATERAL (SELECT ix.*, i.relname, i.relam
                    FROM pg_index ix
                    JOIN pg_class i ON i.oid = ix.indexrelid
                    WHERE ix.indrelid = t.oid
                    OFFSET 0) ix
JOIN pg_am am ON am.oid = ix.relam
LEFT JOIN pg_constraint con ON con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid
                            AND con.contype IN ('p', 'u', 'x')
ORDER BY t.nspname, ix.relname;

-- timescale_referencing_foreign_keys: foreign keys from other tables that reference a hypertable, and what
-- they reference: a PRIMARY KEY/UNIQUE constraint or a plain unique index.
-- Minimum server version: PostgreSQL 13 (TimescaleDB 2.16 allows such keys; on older versions: no rows).
-- Parameters: every ? is the excluded-schema regex (applied to the hypertable's schema).
-- Output columns: hypertable_schema, hypertable_name, schema_name, table_name, constraint_name, columns
--   (text[], in key order), via (CONSTRAINT or UNIQUE_INDEX), referenced_index (index name on the hypertable)
-- conparentid = 0 keeps the parent keys, not the clones TimescaleDB puts on every chunk. Before 2.26 a key
-- referencing a unique index (not a constraint) fails on every new chunk (issue #8082).
-- Cost is linear: the hypertables and the foreign keys are each read once (MATERIALIZED) and then joined. Left to
-- the planner, a native 2.28 scanned all of pg_constraint (every chunk's constraints) once per hypertable
-- (100 x 300 chunks: 1.44 s). The foreign keys still include one per chunk of a hypertable that has a key of its
-- own (those are not clones), so the hypertables view is not read again for each of them either.
WITH ht AS MATERIALIZED (
	SELECT c.oid AS ht_oid, n.nspname AS schema_name, c.relname AS table_name
	FROM timescaledb_information.hypertables h
	JOIN pg_namespace n ON n.nspname = h.hypertable_schema
	JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = h.hypertable_name
	WHERE n.nspname !~ ?
), fk AS MATERIALIZED (
	SELECT con.conname, con.conrelid, con.confrelid, con.conkey, con.conindid
	FROM pg_constraint con
	WHERE con.contype = 'f'
	  AND con.conparentid = 0
)
SELECT ht.schema_name AS hypertable_schema,
       ht.table_name AS hypertable_name,
       n.nspname AS schema_name,
       t.relname AS table_name,
       fk.conname AS constraint_name,
       ARRAY(SELECT a.attname::text FROM unnest(fk.conkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = fk.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
       CASE WHEN EXISTS (SELECT 1 FROM pg_constraint u WHERE u.conrelid = fk.confrelid
                         AND u.conindid = fk.conindid AND u.contype IN ('p', 'u'))
            THEN 'CONSTRAINT' ELSE 'UNIQUE_INDEX' END AS via,
       i.relname AS referenced_index
FROM fk
JOIN ht ON ht.ht_oid = fk.confrelid
JOIN pg_class t ON t.oid = fk.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_class i ON i.oid = fk.conindid
ORDER BY ht.schema_name, ht.table_name, n.nspname, t.relname, fk.conname;

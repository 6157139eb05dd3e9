-- timescale_referencing_foreign_keys: foreign keys from other tables that reference a hypertable, and what
-- they reference: a PRIMARY KEY/UNIQUE constraint or a plain unique index.
-- Minimum server version: PostgreSQL 13 (TimescaleDB 2.16 allows such keys; on older versions: no rows).
-- Parameters: every ? is the excluded-schema regex (applied to the hypertable's schema).
-- Output columns: hypertable_schema, hypertable_name, schema_name, table_name, constraint_name, columns
--   (text[], in key order), via (CONSTRAINT or UNIQUE_INDEX), referenced_index (index name on the hypertable)
-- conparentid = 0 keeps the parent keys, not the clones TimescaleDB puts on every chunk. Before 2.26 a key
-- referencing a unique index (not a constraint) fails on every new chunk (issue #8082).
SELECT hn.nspname AS hypertable_schema,
       hc.relname AS hypertable_name,
       n.nspname AS schema_name,
       t.relname AS table_name,
       con.conname AS constraint_name,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
       CASE WHEN EXISTS (SELECT 1 FROM pg_constraint u WHERE u.conindid = con.conindid
                         AND u.conrelid = con.confrelid AND u.contype IN ('p', 'u'))
            THEN 'CONSTRAINT' ELSE 'UNIQUE_INDEX' END AS via,
       i.relname AS referenced_index
FROM pg_constraint con
JOIN pg_class hc ON hc.oid = con.confrelid
JOIN pg_namespace hn ON hn.oid = hc.relnamespace
JOIN timescaledb_information.hypertables h ON h.hypertable_schema = hn.nspname AND h.hypertable_name = hc.relname
JOIN pg_class t ON t.oid = con.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_class i ON i.oid = con.conindid
WHERE con.contype = 'f'
  AND con.conparentid = 0
  AND hn.nspname !~ ?
ORDER BY hn.nspname, hc.relname, n.nspname, t.relname, con.conname;

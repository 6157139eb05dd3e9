-- tables: every table, partitioned table and foreign table, partitions included.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, kind (TABLE, PARTITIONED_TABLE, FOREIGN_TABLE),
--   persistence (permanent, unlogged, temporary), owner,
--   partition_of_schema, partition_of_table (the direct parent when the table is a partition, else null)
-- Columns come from columns.sql (partitions have none of their own). Inheritance children that are not
-- partitions are listed as plain tables; TimescaleDB chunks live in excluded schemas, or are taken out by the
-- reader (timescale_user_schema_chunks.sql) when a hypertable put them in a user schema.
-- The tables come first, MATERIALIZED, already filtered by schema; then the partitions' parents are joined:
-- with the schema filter last, every TimescaleDB chunk's inheritance row was joined to its parent before being
-- dropped (100 x 1,000 chunks on PGlite: 0.8 s before, 0.4 s after).
WITH c AS MATERIALIZED (
	SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.relowner, c.relispartition, n.nspname
	FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relkind IN ('r', 'p', 'f')
	  AND n.nspname !~ ?
	  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
	  AND c.oid NOT IN (SELECT d.objid FROM pg_depend d
	                    WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_class'::regclass
	                      AND d.deptype = 'e')
)
SELECT c.nspname AS schema_name,
       c.relname AS table_name,
       CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'PARTITIONED_TABLE' WHEN 'f' THEN 'FOREIGN_TABLE' END AS kind,
       CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 'u' THEN 'unlogged' WHEN 't' THEN 'temporary' END
           AS persistence,
       pg_get_userbyid(c.relowner) AS owner,
       pn.nspname AS partition_of_schema,
       pc.relname AS partition_of_table
FROM c
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
ORDER BY c.nspname, c.relname;

-- partman_config: pg_partman's settings per partition set (part_config), when the extension is installed.
-- Minimum server version: PostgreSQL 13 (pg_partman 4.x and 5.x).
-- Parameters: every ? is the excluded-schema regex (applied to the parent's schema).
-- Output columns: schema_name, table_name (the parent, matched to pg_class), partition_interval (text as
--   pg_partman keeps it: '1 mon', '7 days', '1 day', or an integer for id-based sets), premake (partitions kept
--   ahead of now), partition_type (4.x: native/partman, 5.x: range/list), automatic_maintenance (on/off)
-- No rows when pg_partman is not installed or this role may not read part_config (USAGE on its schema and
-- SELECT on the table). part_config lives in the schema chosen at CREATE EXTENSION, so it is read through
-- query_to_xml with that schema quoted (%I) and unpacked with XMLTABLE: one statement, no name resolution
-- that could fail. parent_table is pg_partman's 'schema.table' text, split at the first dot.
WITH cfg AS (
	SELECT query_to_xml(format('SELECT parent_table, partition_interval, premake, partition_type, '
	                           'automatic_maintenance FROM %I.part_config', n.nspname), false, false, '') AS doc
	FROM pg_extension e
	JOIN pg_namespace n ON n.oid = e.extnamespace
	JOIN pg_class pc ON pc.relnamespace = n.oid AND pc.relname = 'part_config' AND pc.relkind IN ('r', 'p')
	WHERE e.extname = 'pg_partman'
	  AND has_schema_privilege(n.oid, 'USAGE')
	  AND has_table_privilege(pc.oid, 'SELECT')
), rows AS (
	SELECT x.*
	FROM cfg,
	     XMLTABLE('/table/row' PASSING cfg.doc
	              COLUMNS parent_table text PATH 'parent_table',
	                      partition_interval text PATH 'partition_interval',
	                      premake int PATH 'premake',
	                      partition_type text PATH 'partition_type',
	                      automatic_maintenance text PATH 'automatic_maintenance') x
)
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       rows.partition_interval,
       rows.premake,
       rows.partition_type,
       rows.automatic_maintenance
FROM rows
JOIN pg_namespace n ON n.nspname = split_part(rows.parent_table, '.', 1)
JOIN pg_class c ON c.relnamespace = n.oid
               AND c.relname = substr(rows.parent_table, length(split_part(rows.parent_table, '.', 1)) + 2)
WHERE n.nspname !~ ?
ORDER BY n.nspname, c.relname;

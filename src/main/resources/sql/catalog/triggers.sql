-- triggers: every user trigger (NOT tgisinternal: FK and deferred-unique triggers are left out).
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, trigger_name, function_schema, function_name, enabled (ENABLED,
--   DISABLED, REPLICA, ALWAYS), definition (pg_get_triggerdef)
-- A trigger on a partitioned table is cloned onto every partition (tgparentid <> 0); the clones are listed
-- under the partitions, as the catalog has them.
-- The tables come first, filtered by schema, and their triggers are looked up per table: joined the other way,
-- every trigger's class was read first, each TimescaleDB chunk's included.
WITH c AS MATERIALIZED (
	SELECT c.oid, c.relname, n.nspname
	FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm')
	  AND n.nspname !~ ?
	  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
	  AND c.oid NOT IN (SELECT d.objid FROM pg_depend d
	                    WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_class'::regclass
	                      AND d.deptype = 'e')
)
SELECT c.nspname AS schema_name,
       c.relname AS table_name,
       t.tgname AS trigger_name,
       fn.nspname AS function_schema,
       p.proname AS function_name,
       CASE t.tgenabled WHEN 'O' THEN 'ENABLED' WHEN 'D' THEN 'DISABLED' WHEN 'R' THEN 'REPLICA'
                        WHEN 'A' THEN 'ALWAYS' END AS enabled,
       pg_get_triggerdef(t.oid, true) AS definition
FROM c
CROSS JOIN LATERAL (SELECT t.oid, t.tgname, t.tgfoid, t.tgenabled
                    FROM pg_trigger t
                    WHERE t.tgrelid = c.oid AND NOT t.tgisinternal
                    OFFSET 0) t
JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_namespace fn ON fn.oid = p.pronamespace
ORDER BY c.nspname, c.relname, t.tgname;

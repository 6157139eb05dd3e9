-- triggers: every user trigger (NOT tgisinternal: FK and deferred-unique triggers are left out).
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, trigger_name, function_schema, function_name, enabled (ENABLED,
--   DISABLED, REPLICA, ALWAYS), definition (pg_get_triggerdef)
-- A trigger on a partitioned table is cloned onto every partition (tgparentid <> 0); the clones are listed
-- under the partitions, as the catalog has them.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       t.tgname AS trigger_name,
       fn.nspname AS function_schema,
       p.proname AS function_name,
       CASE t.tgenabled WHEN 'O' THEN 'ENABLED' WHEN 'D' THEN 'DISABLED' WHEN 'R' THEN 'REPLICA'
                        WHEN 'A' THEN 'ALWAYS' END AS enabled,
       pg_get_triggerdef(t.oid, true) AS definition
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_namespace fn ON fn.oid = p.pronamespace
WHERE NOT t.tgisinternal
  AND n.nspname !~ ?
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname, t.tgname;

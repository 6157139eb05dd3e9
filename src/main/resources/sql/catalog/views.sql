-- views: every view and materialized view. Columns come from columns.sql.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, view_name, materialized, owner, populated (matviews only, else null),
--   has_unique_index (matviews only: a valid, non-partial, expression-free unique index, which
--   REFRESH MATERIALIZED VIEW CONCURRENTLY needs; else null), definition_hash (md5 of pg_get_viewdef)
-- pg_get_viewdef keeps an AccessShareLock on the view and every table it reads until the transaction ends
-- (measured: 200 views over 200 tables, 417 relation locks). With very many views, read them in batches (see
-- postgres-catalog.md section 0).
SELECT n.nspname AS schema_name,
       c.relname AS view_name,
       c.relkind = 'm' AS materialized,
       pg_get_userbyid(c.relowner) AS owner,
       CASE WHEN c.relkind = 'm' THEN c.relispopulated END AS populated,
       CASE WHEN c.relkind = 'm' THEN EXISTS (
           SELECT 1 FROM pg_index ix
           WHERE ix.indrelid = c.oid AND ix.indisunique AND ix.indisvalid
             AND ix.indpred IS NULL AND ix.indexprs IS NULL) END AS has_unique_index,
       md5(pg_get_viewdef(c.oid, true)) AS definition_hash
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname !~ ?
  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
  AND c.oid NOT IN (SELECT d.objid FROM pg_depend d
                    WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_class'::regclass
                      AND d.deptype = 'e')
ORDER BY n.nspname, c.relname;

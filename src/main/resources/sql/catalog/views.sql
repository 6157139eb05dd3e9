-- views: every view and materialized view. Columns come from columns.sql.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, view_name, materialized, owner, populated (matviews only, else null),
--   has_unique_index (matviews only: a valid, non-partial, expression-free unique index, which
--   REFRESH MATERIALIZED VIEW CONCURRENTLY needs; else null), definition_hash (md5 of pg_get_viewdef),
--   definition (pg_get_viewdef, pretty), depends_on (text[]: the relations, views and functions the view's
--   rewrite rule depends on in pg_depend, schema-qualified, functions with their identity arguments, sorted;
--   the view itself and objects in excluded schemas left out), comment (pg_description, null without one),
--   rule_names and rule_definitions (text[], in the same order, by name: the view's rewrite rules other than
--   _RETURN, pg_get_ruledef not pretty; one index lookup per view, pg_get_ruledef only for those rare rules)
-- The dependencies are a correlated subquery per view over pg_rewrite and pg_depend (index lookups), inside this
-- one query: never a query per view. The user schemas are matched against the regex once (ns), not once per
-- dependency (500 views over 4,000 dependencies: 120 ms of regex matching before, none after).
-- pg_get_viewdef keeps an AccessShareLock on the view and every table it reads until the transaction ends
-- (measured: 200 views over 200 tables, 417 relation locks). With very many views, read them in batches (see
-- postgres-catalog.md section 0).
WITH ns AS MATERIALIZED (
	SELECT n.oid, n.nspname FROM pg_namespace n WHERE n.nspname !~ ?
)
SELECT n.nspname AS schema_name,
       c.relname AS view_name,
       c.relkind = 'm' AS materialized,
       pg_get_userbyid(c.relowner) AS owner,
       CASE WHEN c.relkind = 'm' THEN c.relispopulated END AS populated,
       CASE WHEN c.relkind = 'm' THEN EXISTS (
           SELECT 1 FROM pg_index ix
           WHERE ix.indrelid = c.oid AND ix.indisunique AND ix.indisvalid
             AND ix.indpred IS NULL AND ix.indexprs IS NULL) END AS has_unique_index,
       md5(def.definition) AS definition_hash,
       def.definition,
       ARRAY(SELECT DISTINCT dep.name COLLATE "C"
             FROM pg_rewrite r
             JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
             CROSS JOIN LATERAL (
                 SELECT rn.nspname || '.' || rc.relname AS name
                 FROM pg_class rc
                 JOIN ns rn ON rn.oid = rc.relnamespace
                 WHERE d.refclassid = 'pg_class'::regclass AND rc.oid = d.refobjid AND rc.oid <> c.oid
                 UNION ALL
                 SELECT pn.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
                 FROM pg_proc p
                 JOIN ns pn ON pn.oid = p.pronamespace
                 WHERE d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid) dep
             WHERE r.ev_class = c.oid
             ORDER BY 1) AS depends_on,
       ds.description AS comment,
       ARRAY(SELECT r.rulename FROM pg_rewrite r
             WHERE r.ev_class = c.oid AND r.rulename <> '_RETURN'
             ORDER BY r.rulename COLLATE "C") AS rule_names,
       ARRAY(SELECT pg_get_ruledef(r.oid) FROM pg_rewrite r
             WHERE r.ev_class = c.oid AND r.rulename <> '_RETURN'
             ORDER BY r.rulename COLLATE "C") AS rule_definitions
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
-- deparsed once for both the hash and the text: OFFSET 0 keeps the planner from pulling the subquery up,
-- which copied the pg_get_viewdef call into both output columns
CROSS JOIN LATERAL (SELECT pg_get_viewdef(c.oid, true) AS definition OFFSET 0) def
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
WHERE c.relkind IN ('v', 'm')
  AND n.nspname !~ ?
  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
  AND c.oid NOT IN (SELECT d.objid FROM pg_depend d
                    WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_class'::regclass
                      AND d.deptype = 'e')
ORDER BY n.nspname, c.relname;

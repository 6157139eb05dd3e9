-- functions: every function, procedure, aggregate and window function in user schemas.
-- Minimum server version: PostgreSQL 13 (prokind needs 11).
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, function_name, arguments (pg_get_function_identity_arguments: overloads differ
--   here), kind (FUNCTION, PROCEDURE, AGGREGATE, WINDOW), returns (pg_get_function_result; null for
--   procedures), language, volatility (IMMUTABLE, STABLE, VOLATILE), security_definer, body_hash,
--   definition (pg_get_functiondef: the whole CREATE OR REPLACE statement; null for aggregates),
--   comment (pg_description, null without one), owner (pg_get_userbyid of proowner)
-- body_hash is the md5 of pg_get_functiondef, which raises an error for aggregates; for those it hashes the
-- aggregate's parts from pg_aggregate instead. Functions owned by an extension (pg_trgm's, citext's) are left
-- out with the anti-join on pg_depend deptype 'e'; so are functions a type made for itself (a range type's
-- constructors, deptype 'i' on the type), which come and go with the type.
SELECT n.nspname AS schema_name,
       p.proname AS function_name,
       pg_get_function_identity_arguments(p.oid) AS arguments,
       CASE p.prokind WHEN 'f' THEN 'FUNCTION' WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE'
                      WHEN 'w' THEN 'WINDOW' END AS kind,
       CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END AS returns,
       l.lanname AS language,
       CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' WHEN 'v' THEN 'VOLATILE' END
           AS volatility,
       p.prosecdef AS security_definer,
       md5(CASE WHEN p.prokind = 'a' THEN
               (SELECT concat_ws('|', ag.aggkind, ag.aggtransfn::regprocedure, format_type(ag.aggtranstype, NULL),
                                 ag.agginitval, ag.aggfinalfn::regprocedure, ag.aggcombinefn::regprocedure,
                                 ag.aggsortop::regoperator, ag.aggmtransfn::regprocedure)
                FROM pg_aggregate ag WHERE ag.aggfnoid = p.oid)
           ELSE def.definition END) AS body_hash,
       def.definition,
       d.description AS comment,
       pg_get_userbyid(p.proowner) AS owner
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
-- deparsed once for both the hash and the text: OFFSET 0 keeps the planner from pulling the subquery up,
-- which copied the pg_get_functiondef call into both output columns
CROSS JOIN LATERAL (SELECT CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS definition OFFSET 0) def
LEFT JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0
WHERE n.nspname !~ ?
  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
  AND p.oid NOT IN (SELECT d.objid FROM pg_depend d
                    WHERE d.classid = 'pg_proc'::regclass
                      AND (d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
                           OR d.refclassid = 'pg_type'::regclass AND d.deptype = 'i'))
ORDER BY n.nspname, p.proname, 3;

-- policies: every row-level security policy on a table in a user schema.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, policy_name, permissive, command (ALL, SELECT, INSERT, UPDATE,
--   DELETE), roles (text[]: role names sorted, 'public' for PUBLIC, oid 0), using_expression, with_check
--   (pg_get_expr of polqual and polwithcheck; null when absent)
-- Whether the table enforces row security (relrowsecurity, relforcerowsecurity) comes from tables.sql. Policies
-- of TimescaleDB chunks in user schemas are taken out by the reader with the chunks. The tables come first,
-- filtered by schema, and their policies are looked up per table. No locks beyond catalog reads.
WITH c AS MATERIALIZED (
	SELECT c.oid, c.relname, n.nspname
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
       p.polname AS policy_name,
       p.polpermissive AS permissive,
       CASE p.polcmd WHEN '*' THEN 'ALL' WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                     WHEN 'd' THEN 'DELETE' END AS command,
       ARRAY(SELECT r.name
             FROM (SELECT CASE WHEN u.oid = 0 THEN 'public' ELSE pg_get_userbyid(u.oid)::text END AS name
                   FROM unnest(p.polroles) AS u(oid)) r
             ORDER BY r.name COLLATE "C") AS roles,
       pg_get_expr(p.polqual, p.polrelid) AS using_expression,
       pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
FROM c
CROSS JOIN LATERAL (SELECT p.polname, p.polpermissive, p.polcmd, p.polroles, p.polqual, p.polwithcheck, p.polrelid
                    FROM pg_policy p
                    WHERE p.polrelid = c.oid
                    OFFSET 0) p
ORDER BY c.nspname, c.relname, p.polname;

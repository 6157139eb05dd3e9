-- privileges: what each grantee may do with each object in user schemas, from the objects' ACLs.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: object_kind (SCHEMA, TABLE, COLUMN, SEQUENCE, FUNCTION, TYPE), schema_name (the object's
--   schema; a schema's own name for SCHEMA), relation_name (the table of a TABLE or COLUMN row, so the reader
--   can take TimescaleDB chunks out; else null), object_name (as findings name it: app, app.orders,
--   app.orders.email, app.f(x integer)), grantee (role name, PUBLIC for oid 0), privileges (text[]: the
--   privilege types as aclexplode prints them, sorted), grantable (text[]: those held WITH GRANT OPTION, sorted;
--   null when none)
-- An object without an ACL has its default one (acldefault), so a function's implicit EXECUTE for PUBLIC and a
-- type's USAGE for PUBLIC are listed. TABLE covers tables, partitioned tables, views, materialized views and
-- foreign tables; COLUMN rows come only from columns with an ACL of their own (attacl), whose default is empty;
-- FUNCTION covers procedures and aggregates; TYPE covers enums, domains, composite types (relkind 'c') and
-- ranges. The owner's own privileges are left out (grantee = owner), as are objects owned by an extension
-- (pg_depend deptype 'e'). One row per (object, grantee): grants of one privilege by several grantors count
-- once. One query for all kinds; the relations come first, MATERIALIZED and filtered by schema, and column ACLs
-- are looked up per relation (as in columns.sql). No locks beyond catalog reads.
-- A table or sequence without an ACL (relacl null) is skipped: its default ACL names only the owner, whose rows
-- are left out anyway (9,900 relations at benchmark scale 2: one acldefault and aclexplode each before).
WITH ext AS MATERIALIZED (
	-- extension members, and functions a type made for itself (range constructors), as functions.sql
	SELECT d.classid, d.objid FROM pg_depend d
	WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
	   OR d.refclassid = 'pg_type'::regclass AND d.deptype = 'i' AND d.classid = 'pg_proc'::regclass
), rel AS MATERIALIZED (
	SELECT c.oid, c.relname, c.relkind, c.relowner, c.relacl, n.nspname
	FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
	  AND n.nspname !~ ?
	  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
	  AND c.oid NOT IN (SELECT ext.objid FROM ext WHERE ext.classid = 'pg_class'::regclass)
), obj AS (
	SELECT 'SCHEMA' AS object_kind, n.nspname AS schema_name, NULL::name AS relation_name,
	       n.nspname::text AS object_name, n.nspowner AS owner, coalesce(n.nspacl, acldefault('n', n.nspowner)) AS acl
	FROM pg_namespace n
	WHERE n.nspname !~ ?
	  AND n.oid NOT IN (SELECT ext.objid FROM ext WHERE ext.classid = 'pg_namespace'::regclass)
	UNION ALL
	SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.nspname, c.relname,
	       c.nspname || '.' || c.relname, c.relowner,
	       c.relacl
	FROM rel c
	WHERE c.relacl IS NOT NULL
	UNION ALL
	SELECT 'COLUMN', c.nspname, c.relname, c.nspname || '.' || c.relname || '.' || a.attname, c.relowner, a.attacl
	FROM rel c
	CROSS JOIN LATERAL (SELECT a.attname, a.attacl
	                    FROM pg_attribute a
	                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
	                    OFFSET 0) a
	WHERE c.relkind <> 'S'
	UNION ALL
	SELECT 'FUNCTION', n.nspname, NULL,
	       n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', p.proowner,
	       coalesce(p.proacl, acldefault('f', p.proowner))
	FROM pg_proc p
	JOIN pg_namespace n ON n.oid = p.pronamespace
	WHERE n.nspname !~ ?
	  AND p.oid NOT IN (SELECT ext.objid FROM ext WHERE ext.classid = 'pg_proc'::regclass)
	UNION ALL
	SELECT 'TYPE', n.nspname, NULL, n.nspname || '.' || t.typname, t.typowner,
	       coalesce(t.typacl, acldefault('T', t.typowner))
	FROM pg_type t
	JOIN pg_namespace n ON n.oid = t.typnamespace
	WHERE t.typtype IN ('e', 'd', 'c', 'r')
	  -- composite types: a hashed list of the few relkind 'c' relations, not a hash of all of pg_class
	  AND (t.typtype <> 'c' OR t.typrelid IN (SELECT tr.oid FROM pg_class tr WHERE tr.relkind = 'c'))
	  AND n.nspname !~ ?
	  AND t.oid NOT IN (SELECT ext.objid FROM ext WHERE ext.classid = 'pg_type'::regclass)
)
SELECT o.object_kind,
       o.schema_name,
       o.relation_name,
       o.object_name,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END AS grantee,
       array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type) AS privileges,
       array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type) FILTER (WHERE a.is_grantable) AS grantable
FROM obj o
CROSS JOIN LATERAL aclexplode(o.acl) a
WHERE a.grantee <> o.owner
GROUP BY o.object_kind, o.schema_name, o.relation_name, o.object_name, a.grantee
ORDER BY o.object_kind, o.object_name, 5;

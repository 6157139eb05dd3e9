-- default_privileges: ALTER DEFAULT PRIVILEGES entries (pg_default_acl), per role, schema, object type and
-- grantee.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: role_name (whose new objects the entry covers), schema_name (null for an entry without
--   IN SCHEMA, defaclnamespace = 0), object_type (tables, sequences, functions, types, schemas), grantee (role
--   name, PUBLIC for oid 0), privileges (text[]: privilege types as aclexplode prints them, sorted), grantable
--   (text[]: those WITH GRANT OPTION, sorted; null when none)
-- An entry without IN SCHEMA holds the whole ACL new objects get, the role's own privileges included (that is
-- how a REVOKE ... FROM PUBLIC shows: PUBLIC is missing); an IN SCHEMA entry holds only what it adds. Entries
-- of excluded schemas are left out. No locks beyond catalog reads.
SELECT pg_get_userbyid(d.defaclrole) AS role_name,
       n.nspname AS schema_name,
       CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                            WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' END AS object_type,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END AS grantee,
       array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type) AS privileges,
       array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type) FILTER (WHERE a.is_grantable) AS grantable
FROM pg_default_acl d
LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
CROSS JOIN LATERAL aclexplode(d.defaclacl) a
WHERE d.defaclnamespace = 0 OR n.nspname !~ ?
GROUP BY d.defaclrole, n.nspname, d.defaclobjtype, a.grantee
ORDER BY 1, 2 NULLS FIRST, 3, 4;

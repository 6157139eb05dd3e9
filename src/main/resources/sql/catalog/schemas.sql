-- schemas: every user schema with its owner.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, owner
-- Schemas created by an extension's script (pg_depend deptype 'e') are left out with the extension.
SELECT n.nspname AS schema_name,
       pg_get_userbyid(n.nspowner) AS owner
FROM pg_namespace n
WHERE n.nspname !~ ?
  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
  AND n.oid NOT IN (SELECT d.objid FROM pg_depend d
                    WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_namespace'::regclass
                      AND d.deptype = 'e')
ORDER BY n.nspname;

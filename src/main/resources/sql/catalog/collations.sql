-- collations: every user-defined collation in user schemas.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, collation_name, provider (libc, icu, default, builtin), locale (an ICU or builtin
--   collation's locale; else null), lc_collate, lc_ctype (a libc collation's; else null), deterministic
-- The ICU locale moved between columns: collcollate up to PostgreSQL 14, colliculocale in 15 and 16, colllocale
-- from 17. The row is read through to_jsonb so one text serves every version without naming a column that
-- might not exist. Collations owned by an extension (pg_depend deptype 'e') are left out. No locks beyond
-- catalog reads.
SELECT n.nspname AS schema_name,
       co.collname AS collation_name,
       CASE co.collprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' WHEN 'd' THEN 'default' WHEN 'b' THEN 'builtin'
       END AS provider,
       CASE WHEN co.collprovider IN ('i', 'b')
            THEN coalesce(to_jsonb(co) ->> 'colllocale', to_jsonb(co) ->> 'colliculocale', co.collcollate) END
           AS locale,
       CASE WHEN co.collprovider = 'c' THEN co.collcollate END AS lc_collate,
       CASE WHEN co.collprovider = 'c' THEN co.collctype END AS lc_ctype,
       co.collisdeterministic AS deterministic
FROM pg_collation co
JOIN pg_namespace n ON n.oid = co.collnamespace
WHERE n.nspname !~ ?
  -- extension members, looked up from the extension (few rows), not per object
  AND co.oid NOT IN (SELECT d.objid FROM pg_depend d
                     WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_collation'::regclass
                       AND d.deptype = 'e')
ORDER BY n.nspname, co.collname;

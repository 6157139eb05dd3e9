-- types: every user-defined enum, domain, composite type and range type in user schemas.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, type_name, kind (ENUM, DOMAIN, COMPOSITE, RANGE), enum_values (text[] in
--   enumsortorder; null unless an enum), base_type (format_type of a domain's base type with its typmod, or of a
--   range's subtype; else null), default_expression (a domain's default, pg_get_expr), not_null (a domain's
--   NOT NULL), constraints (text[]: a domain's CHECK constraints as 'name: pg_get_constraintdef', by name),
--   attribute_names, attribute_types, attribute_collations (text[] each, in attnum order: a composite type's
--   attributes, format_type, and the collation when not the type's default, else null), collation (a domain's
--   collation when not its base type's default, quoted as in SQL, schema-qualified unless in pg_catalog),
--   comment (pg_description, null without one), subtype_diff (a range's difference function, regproc text; else null),
--   owner (pg_get_userbyid of typowner)
-- Left out: array types (typtype 'b'), multiranges (typtype 'm', implied by their range), the row types of
-- tables, views, sequences and other relations (a composite type is listed only when its pg_class row has
-- relkind 'c'), and types owned by an extension (pg_depend deptype 'e'). No locks beyond catalog reads.
SELECT n.nspname AS schema_name,
       t.typname AS type_name,
       CASE t.typtype WHEN 'e' THEN 'ENUM' WHEN 'd' THEN 'DOMAIN' WHEN 'c' THEN 'COMPOSITE' WHEN 'r' THEN 'RANGE' END
           AS kind,
       CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text FROM pg_enum e
                                            WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) END AS enum_values,
       CASE t.typtype WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod)
                      WHEN 'r' THEN (SELECT format_type(rg.rngsubtype, NULL) FROM pg_range rg
                                     WHERE rg.rngtypid = t.oid) END AS base_type,
       CASE WHEN t.typtype = 'd' THEN pg_get_expr(t.typdefaultbin, 0) END AS default_expression,
       t.typtype = 'd' AND t.typnotnull AS not_null,
       CASE WHEN t.typtype = 'd' THEN ARRAY(SELECT con.conname || ': ' || pg_get_constraintdef(con.oid)
                                            FROM pg_constraint con
                                            WHERE con.contypid = t.oid AND con.contype = 'c'
                                            ORDER BY con.conname COLLATE "C") END AS constraints,
       attr.names AS attribute_names,
       attr.types AS attribute_types,
       attr.collations AS attribute_collations,
       CASE WHEN t.typtype <> 'd' OR co.oid IS NULL OR t.typcollation = bt.typcollation THEN NULL
            WHEN con.nspname = 'pg_catalog' THEN quote_ident(co.collname)
            ELSE quote_ident(con.nspname) || '.' || quote_ident(co.collname) END AS collation,
       ds.description AS comment,
       CASE WHEN t.typtype = 'r' THEN (SELECT NULLIF(rg.rngsubdiff, 0)::regproc::text FROM pg_range rg
                                       WHERE rg.rngtypid = t.oid) END AS subtype_diff,
       pg_get_userbyid(t.typowner) AS owner
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_collation co ON co.oid = t.typcollation
LEFT JOIN pg_namespace con ON con.oid = co.collnamespace
LEFT JOIN LATERAL (
	SELECT array_agg(a.attname::text ORDER BY a.attnum) AS names,
	       array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum) AS types,
	       array_agg(CASE WHEN ac.oid IS NULL OR a.attcollation = at.typcollation THEN NULL
	                      WHEN acn.nspname = 'pg_catalog' THEN quote_ident(ac.collname)
	                      ELSE quote_ident(acn.nspname) || '.' || quote_ident(ac.collname) END ORDER BY a.attnum)
	           AS collations
	FROM pg_attribute a
	JOIN pg_type at ON at.oid = a.atttypid
	LEFT JOIN pg_collation ac ON ac.oid = a.attcollation
	LEFT JOIN pg_namespace acn ON acn.oid = ac.collnamespace
	WHERE t.typtype = 'c' AND a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
) attr ON true
LEFT JOIN pg_description ds ON ds.objoid = t.oid AND ds.classoid = 'pg_type'::regclass AND ds.objsubid = 0
WHERE t.typtype IN ('e', 'd', 'c', 'r')
  -- composite types: a hashed list of the few relkind 'c' relations, not a hash of all of pg_class
  AND (t.typtype <> 'c' OR t.typrelid IN (SELECT rel.oid FROM pg_class rel WHERE rel.relkind = 'c'))
  AND n.nspname !~ ?
  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
  AND t.oid NOT IN (SELECT d.objid FROM pg_depend d
                    WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_type'::regclass
                      AND d.deptype = 'e')
ORDER BY n.nspname, t.typname;

-- catalog_fingerprint: one row that changes whenever the DDL or a cheap non-DDL value a snapshot holds changes.
-- No parameters. Output columns: ddl (text), estimates (text), sequences (text), roles (text).
-- ddl: per system catalog, count(*) and sum(xmin). Every INSERT or UPDATE of a catalog row writes a tuple whose
--   xmin is newer than any xmin already there, so the sum grows; a pure DELETE lowers the count. Hence any DDL,
--   GRANT, COMMENT or ALTER ... changes it (xmin is kept when tuples are frozen, PostgreSQL 9.4+). Rows of
--   temporary objects are left out, so sessions that use temp tables do not defeat the fingerprint.
-- estimates: ANALYZE and VACUUM update pg_class.reltuples in place (xmin unchanged), so the values themselves.
-- sequences: nextval changes no catalog row; last values read like sequences.sql does (same privilege guard).
-- roles: owners and grantees are shown by name, and renaming a role changes only the shared pg_authid.
WITH temp_ns AS (
	SELECT oid FROM pg_namespace WHERE nspname ~ '^pg_(toast_)?temp_'
), temp_rel AS (
	SELECT oid FROM pg_class WHERE relnamespace IN (SELECT oid FROM temp_ns)
), temp_obj (classid, objid) AS (
	SELECT 'pg_class'::regclass, oid FROM temp_rel
	UNION ALL SELECT 'pg_type'::regclass, oid FROM pg_type WHERE typnamespace IN (SELECT oid FROM temp_ns)
	UNION ALL SELECT 'pg_constraint'::regclass, oid FROM pg_constraint WHERE connamespace IN (SELECT oid FROM temp_ns)
	UNION ALL SELECT 'pg_attrdef'::regclass, oid FROM pg_attrdef WHERE adrelid IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_trigger'::regclass, oid FROM pg_trigger WHERE tgrelid IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_rewrite'::regclass, oid FROM pg_rewrite WHERE ev_class IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_namespace'::regclass, oid FROM temp_ns
), stamps (catalog_name, n, xmins) AS (
	SELECT 'pg_namespace', count(*), sum(xmin::text::bigint) FROM pg_namespace WHERE oid NOT IN (SELECT oid FROM temp_ns)
	UNION ALL SELECT 'pg_class', count(*), sum(xmin::text::bigint) FROM pg_class WHERE relnamespace NOT IN (SELECT oid FROM temp_ns)
	UNION ALL SELECT 'pg_attribute', count(*), sum(xmin::text::bigint) FROM pg_attribute WHERE attrelid NOT IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_attrdef', count(*), sum(xmin::text::bigint) FROM pg_attrdef WHERE adrelid NOT IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_constraint', count(*), sum(xmin::text::bigint) FROM pg_constraint WHERE connamespace NOT IN (SELECT oid FROM temp_ns)
	UNION ALL SELECT 'pg_index', count(*), sum(xmin::text::bigint) FROM pg_index WHERE indrelid NOT IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_inherits', count(*), sum(xmin::text::bigint) FROM pg_inherits
	UNION ALL SELECT 'pg_partitioned_table', count(*), sum(xmin::text::bigint) FROM pg_partitioned_table
	UNION ALL SELECT 'pg_proc', count(*), sum(xmin::text::bigint) FROM pg_proc
	UNION ALL SELECT 'pg_trigger', count(*), sum(xmin::text::bigint) FROM pg_trigger WHERE tgrelid NOT IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_type', count(*), sum(xmin::text::bigint) FROM pg_type WHERE typnamespace NOT IN (SELECT oid FROM temp_ns)
	UNION ALL SELECT 'pg_enum', count(*), sum(xmin::text::bigint) FROM pg_enum
	UNION ALL SELECT 'pg_collation', count(*), sum(xmin::text::bigint) FROM pg_collation
	UNION ALL SELECT 'pg_policy', count(*), sum(xmin::text::bigint) FROM pg_policy
	UNION ALL SELECT 'pg_default_acl', count(*), sum(xmin::text::bigint) FROM pg_default_acl
	UNION ALL SELECT 'pg_extension', count(*), sum(xmin::text::bigint) FROM pg_extension
	UNION ALL SELECT 'pg_description', count(*), sum(xmin::text::bigint) FROM pg_description WHERE (classoid, objoid) NOT IN (SELECT classid, objid FROM temp_obj)
	UNION ALL SELECT 'pg_rewrite', count(*), sum(xmin::text::bigint) FROM pg_rewrite WHERE ev_class NOT IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_sequence', count(*), sum(xmin::text::bigint) FROM pg_sequence WHERE seqrelid NOT IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_opclass', count(*), sum(xmin::text::bigint) FROM pg_opclass
	UNION ALL SELECT 'pg_depend', count(*), sum(xmin::text::bigint) FROM pg_depend
	    WHERE (classid, objid) NOT IN (SELECT classid, objid FROM temp_obj)
	      AND (refclassid, refobjid) NOT IN (SELECT classid, objid FROM temp_obj)
)
SELECT (SELECT string_agg(catalog_name || ':' || n || ':' || coalesce(xmins, 0), ',' ORDER BY catalog_name)
        FROM stamps) AS ddl,
       (SELECT md5(coalesce(string_agg(oid::text || ':' || reltuples || ':' || relpages, ',' ORDER BY oid), ''))
        FROM pg_class WHERE relkind IN ('r', 'p', 'm', 'f') AND relnamespace NOT IN (SELECT oid FROM temp_ns))
           AS estimates,
       (SELECT md5(coalesce(string_agg(s.seqrelid::text || ':' || coalesce(
                   CASE WHEN has_sequence_privilege(s.seqrelid, 'SELECT,USAGE')
                        THEN pg_sequence_last_value(s.seqrelid) END::text, '-'), ',' ORDER BY s.seqrelid), ''))
        FROM pg_sequence s WHERE s.seqrelid NOT IN (SELECT oid FROM temp_rel)) AS sequences,
       (SELECT md5(string_agg(oid::text || ':' || rolname, ',' ORDER BY oid)) FROM pg_roles) AS roles

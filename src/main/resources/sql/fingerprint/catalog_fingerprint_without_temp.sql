-- catalog_fingerprint_without_temp: one row that changes whenever the DDL a snapshot holds changes.
-- No parameters. Output columns: ddl (text), not_valid and default_partitions (counts: the reader skips the
--   violation and default-partition probes when they are 0).
-- ddl: the database's datfrozenxid, then per system catalog: count(*), the sum of xmin - datfrozenxid + 1 over
--   rows no older than datfrozenxid (which no new xid is older than), and the newest such xmin's offset. Every
--   INSERT or UPDATE of a catalog row writes a tuple whose xmin is newer than the version it replaces, so the sum
--   grows; a pure DELETE lowers the count. Hence any DDL, GRANT, COMMENT or ALTER ... changes it (xmin is kept when
--   tuples are frozen, PostgreSQL 9.4+). The newest offset also catches changes whose sums would cancel (a
--   transaction older than the last fingerprint committing after it, beside a newer one). The sum is taken as
--   n * b - sum(least(age(xmin), b)) with b = age(datfrozenxid) + 1, which is the same number: age() is an int
--   subtraction, twice as fast as xmin::text::bigint on 140,000 pg_attribute rows, and wraps like xids do. Rows
--   older than datfrozenxid (bootstrap rows, whose age() is the maximum, and frozen ones) count as b and so add 0,
--   without a per-row filter (the filters cost 12-16% of the query). When VACUUM advances datfrozenxid, rows it
--   passed drop to 0: datfrozenxid is part of the value, so the next scan reads the catalog again rather than
--   miss a change those drops cancel. Rows of temporary objects are left out, so sessions that use temp tables do
--   not defeat the fingerprint.
-- What changes without a new row version (row estimates, sequence values, role names) is read by volatile_state.sql.
WITH horizon (frozen, b) AS (
	SELECT datfrozenxid, age(datfrozenxid)::bigint + 1 FROM pg_database WHERE datname = current_database()
), temp_ns AS (
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
), stamps (catalog_name, n, ages, youngest) AS (
	SELECT 'pg_namespace', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_namespace WHERE oid NOT IN (SELECT oid FROM temp_ns)
	UNION ALL SELECT 'pg_class', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_class WHERE relnamespace NOT IN (SELECT oid FROM temp_ns)
	UNION ALL SELECT 'pg_attribute', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_attribute WHERE attrelid NOT IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_attrdef', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_attrdef WHERE adrelid NOT IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_constraint', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_constraint WHERE connamespace NOT IN (SELECT oid FROM temp_ns)
	UNION ALL SELECT 'pg_index', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_index WHERE indrelid NOT IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_inherits', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_inherits
	UNION ALL SELECT 'pg_partitioned_table', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_partitioned_table
	UNION ALL SELECT 'pg_proc', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_proc
	UNION ALL SELECT 'pg_trigger', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_trigger WHERE tgrelid NOT IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_type', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_type WHERE typnamespace NOT IN (SELECT oid FROM temp_ns)
	UNION ALL SELECT 'pg_enum', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_enum
	UNION ALL SELECT 'pg_collation', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_collation
	UNION ALL SELECT 'pg_policy', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_policy
	UNION ALL SELECT 'pg_default_acl', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_default_acl
	UNION ALL SELECT 'pg_extension', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_extension
	UNION ALL SELECT 'pg_description', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_description WHERE (classoid, objoid) NOT IN (SELECT classid, objid FROM temp_obj)
	UNION ALL SELECT 'pg_rewrite', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_rewrite WHERE ev_class NOT IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_sequence', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_sequence WHERE seqrelid NOT IN (SELECT oid FROM temp_rel)
	UNION ALL SELECT 'pg_opclass', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_opclass
	UNION ALL SELECT 'pg_depend', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_depend
	    -- by oid alone (hashable, unlike a row comparison): at worst a row of another catalog with the same oid
	    -- as a live temp object is left out too, while that temp object exists
	    WHERE objid NOT IN (SELECT objid FROM temp_obj) AND refobjid NOT IN (SELECT objid FROM temp_obj)
)
SELECT (SELECT frozen FROM horizon) || '|' || (SELECT string_agg(catalog_name || ':' || n || ':'
               || (n * (SELECT b FROM horizon) - coalesce(ages, 0)) || ':'
               || greatest((SELECT b FROM horizon) - coalesce(youngest, 2147483647), 0), ',' ORDER BY catalog_name)
        FROM stamps) AS ddl,
       (SELECT count(*) FROM pg_constraint WHERE NOT convalidated) AS not_valid,
       (SELECT count(*) FROM pg_partitioned_table WHERE partdefid <> 0) AS default_partitions

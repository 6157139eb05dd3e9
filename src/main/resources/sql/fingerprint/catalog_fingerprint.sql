-- catalog_fingerprint: the catalog stamp of catalog_fingerprint_without_temp.sql, read without its per-row
-- filters, which cost a quarter of the query: when the database holds no temporary object (temp_objects = 0) every
-- row those filters would drop is absent, so both queries give the same row. The reader runs the filtered query
-- only when temp_objects > 0. Namespaces are still filtered here: a pg_temp_N schema outlives its objects.
-- Same output columns as catalog_fingerprint_without_temp.sql (whose comment says what each means), plus
-- temp_objects: objects in temporary schemas.
WITH horizon (frozen, b) AS (
	SELECT datfrozenxid, age(datfrozenxid)::bigint + 1 FROM pg_database WHERE datname = current_database()
), stamps (catalog_name, n, ages, youngest) AS (
	SELECT 'pg_namespace', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_namespace WHERE nspname !~ '^pg_(toast_)?temp_'
	UNION ALL SELECT 'pg_class', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_class
	UNION ALL SELECT 'pg_attribute', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_attribute
	UNION ALL SELECT 'pg_attrdef', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_attrdef
	UNION ALL SELECT 'pg_constraint', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_constraint
	UNION ALL SELECT 'pg_index', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_index
	UNION ALL SELECT 'pg_inherits', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_inherits
	UNION ALL SELECT 'pg_partitioned_table', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_partitioned_table
	UNION ALL SELECT 'pg_proc', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_proc
	UNION ALL SELECT 'pg_trigger', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_trigger
	UNION ALL SELECT 'pg_type', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_type
	UNION ALL SELECT 'pg_enum', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_enum
	UNION ALL SELECT 'pg_collation', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_collation
	UNION ALL SELECT 'pg_policy', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_policy
	UNION ALL SELECT 'pg_default_acl', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_default_acl
	UNION ALL SELECT 'pg_extension', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_extension
	UNION ALL SELECT 'pg_description', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_description
	UNION ALL SELECT 'pg_rewrite', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_rewrite
	UNION ALL SELECT 'pg_sequence', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_sequence
	UNION ALL SELECT 'pg_opclass', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_opclass
	UNION ALL SELECT 'pg_depend', count(*), sum(least(age(xmin), (SELECT b FROM horizon))), min(age(xmin)) FROM pg_depend
)
SELECT (SELECT frozen FROM horizon) || '|' || (SELECT string_agg(catalog_name || ':' || n || ':'
               || (n * (SELECT b FROM horizon) - coalesce(ages, 0)) || ':'
               || greatest((SELECT b FROM horizon) - coalesce(youngest, 2147483647), 0), ',' ORDER BY catalog_name)
        FROM stamps) AS ddl,
       (SELECT count(*) FROM pg_constraint WHERE NOT convalidated) AS not_valid,
       (SELECT count(*) FROM pg_partitioned_table WHERE partdefid <> 0) AS default_partitions,
       -- every object in a schema depends on it (indexed by refobjid), so this finds any temporary object
       (SELECT count(*) FROM pg_depend d JOIN pg_namespace n ON d.refobjid = n.oid
        WHERE d.refclassid = 'pg_namespace'::regclass AND n.nspname ~ '^pg_(toast_)?temp_') AS temp_objects

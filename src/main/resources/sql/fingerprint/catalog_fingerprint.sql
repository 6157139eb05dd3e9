-- catalog_fingerprint: the catalog stamp of catalog_fingerprint_without_temp.sql, read without its per-row
-- filters, which cost a quarter of the query: when the database holds no temporary object (temp_objects = 0) every
-- row those filters would drop is absent, so both queries give the same row. The reader runs the filtered query
-- only when temp_objects > 0. Namespaces are still filtered here: a pg_temp_N schema outlives its objects.
-- Same output columns as catalog_fingerprint_without_temp.sql (whose comment says what each means), plus
-- temp_objects: objects in temporary schemas.
WITH stamps (catalog_name, n, normal, ages) AS (
	SELECT 'pg_namespace', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_namespace WHERE nspname !~ '^pg_(toast_)?temp_'
	UNION ALL SELECT 'pg_class', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_class
	UNION ALL SELECT 'pg_attribute', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_attribute
	UNION ALL SELECT 'pg_attrdef', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_attrdef
	UNION ALL SELECT 'pg_constraint', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_constraint
	UNION ALL SELECT 'pg_index', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_index
	UNION ALL SELECT 'pg_inherits', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_inherits
	UNION ALL SELECT 'pg_partitioned_table', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_partitioned_table
	UNION ALL SELECT 'pg_proc', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_proc
	UNION ALL SELECT 'pg_trigger', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_trigger
	UNION ALL SELECT 'pg_type', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_type
	UNION ALL SELECT 'pg_enum', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_enum
	UNION ALL SELECT 'pg_collation', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_collation
	UNION ALL SELECT 'pg_policy', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_policy
	UNION ALL SELECT 'pg_default_acl', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_default_acl
	UNION ALL SELECT 'pg_extension', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_extension
	UNION ALL SELECT 'pg_description', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_description
	UNION ALL SELECT 'pg_rewrite', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_rewrite
	UNION ALL SELECT 'pg_sequence', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_sequence
	UNION ALL SELECT 'pg_opclass', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_opclass
	UNION ALL SELECT 'pg_depend', count(*), count(*) FILTER (WHERE xmin NOT IN ('1', '2')), sum(age(xmin)::bigint) FILTER (WHERE xmin NOT IN ('1', '2')) FROM pg_depend
)
SELECT (SELECT string_agg(catalog_name || ':' || n || ':' || (normal * age('3'::xid) - coalesce(ages, 0)), ','
                          ORDER BY catalog_name)
        FROM stamps) AS ddl,
       (SELECT count(*) FROM pg_constraint WHERE NOT convalidated) AS not_valid,
       (SELECT count(*) FROM pg_partitioned_table WHERE partdefid <> 0) AS default_partitions,
       -- every object in a schema depends on it (indexed by refobjid), so this finds any temporary object
       (SELECT count(*) FROM pg_depend d JOIN pg_namespace n ON d.refobjid = n.oid
        WHERE d.refclassid = 'pg_namespace'::regclass AND n.nspname ~ '^pg_(toast_)?temp_') AS temp_objects

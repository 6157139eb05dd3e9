-- default_partition_rows: for every DEFAULT partition, whether it holds at least one row, exactly.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex (applied to the parent's schema).
-- Output columns: parent_schema, parent_table, default_partition_schema, default_partition_name,
--   has_rows (null when the role may not SELECT from it; then only reltuples could estimate it)
-- One statement: query_to_xml runs one EXISTS probe per default partition (identifiers quoted with %I), which
-- reads at most one row each. Rows in DEFAULT block creating the partition they belong to.
SELECT n.nspname AS parent_schema,
       p.relname AS parent_table,
       dn.nspname AS default_partition_schema,
       d.relname AS default_partition_name,
       CASE WHEN has_table_privilege(d.oid, 'SELECT') THEN
           (xpath('/row/x/text()',
                  query_to_xml(format('SELECT EXISTS (SELECT 1 FROM %I.%I) AS x', dn.nspname, d.relname),
                               false, true, '')))[1]::text::boolean END AS has_rows
FROM pg_partitioned_table pt
JOIN pg_class p ON p.oid = pt.partrelid
JOIN pg_namespace n ON n.oid = p.relnamespace
JOIN pg_class d ON d.oid = pt.partdefid
JOIN pg_namespace dn ON dn.oid = d.relnamespace
WHERE n.nspname !~ ?
  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
  AND p.oid NOT IN (SELECT dep.objid FROM pg_depend dep
                    WHERE dep.refclassid = 'pg_extension'::regclass AND dep.classid = 'pg_class'::regclass
                      AND dep.deptype = 'e')
ORDER BY n.nspname, p.relname;

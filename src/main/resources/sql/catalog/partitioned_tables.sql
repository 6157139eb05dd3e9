-- partitioned_tables: every declaratively partitioned table (sub-partitioned partitions included) with its
-- strategy and key. Its partitions come from partitions.sql, default-partition rows from
-- default_partition_rows.sql.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, strategy (RANGE, LIST, HASH), partition_key (pg_get_partkeydef),
--   key_columns (text[]: the plain key columns in key order; expression keys are only in partition_key),
--   key_type (format_type of each key part, comma-separated; for an expression, the opclass input type),
--   default_partition_schema, default_partition_name (null without a DEFAULT partition)
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       CASE pt.partstrat WHEN 'r' THEN 'RANGE' WHEN 'l' THEN 'LIST' WHEN 'h' THEN 'HASH' END AS strategy,
       pg_get_partkeydef(c.oid) AS partition_key,
       ARRAY(SELECT a.attname::text
             FROM generate_series(0, pt.partnatts - 1) k
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[k]
             ORDER BY k) AS key_columns,
       (SELECT string_agg(CASE WHEN pt.partattrs[k] <> 0 THEN format_type(a.atttypid, a.atttypmod)
                               ELSE format_type(opc.opcintype, NULL) END, ', ' ORDER BY k)
        FROM generate_series(0, pt.partnatts - 1) k
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[k]
        LEFT JOIN pg_opclass opc ON opc.oid = pt.partclass[k]) AS key_type,
       dn.nspname AS default_partition_schema,
       d.relname AS default_partition_name
FROM pg_partitioned_table pt
JOIN pg_class c ON c.oid = pt.partrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class d ON d.oid = pt.partdefid
LEFT JOIN pg_namespace dn ON dn.oid = d.relnamespace
WHERE n.nspname !~ ?
  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
  AND c.oid NOT IN (SELECT dep.objid FROM pg_depend dep
                    WHERE dep.refclassid = 'pg_extension'::regclass AND dep.classid = 'pg_class'::regclass
                      AND dep.deptype = 'e')
ORDER BY n.nspname, c.relname;

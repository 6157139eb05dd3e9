-- partitions: every direct partition of every partitioned table, with its bound.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex (applied to the parent's schema).
-- Output columns: parent_schema, parent_table, partition_schema, partition_name, bound
--   (pg_get_expr(relpartbound): FOR VALUES FROM (...) TO (...), FOR VALUES IN (...),
--   FOR VALUES WITH (...) or DEFAULT), range_from, range_to (RANGE bounds only; a single quoted literal is
--   unquoted, MINVALUE/MAXVALUE and multi-column bounds are kept as printed), subpartitioned
-- Bound literals are printed in the session TimeZone: the reader pins it to UTC. pg_inherits also links
-- partitioned INDEXES, hence the relkind filter.
-- The bound is deparsed without the relation (relid 0), as in tables.sql: a bound holds only constants, and
-- opening each partition for a deparse context built a relcache entry per partition.
-- Both CTEs are MATERIALIZED: inlined, every use of m re-ran regexp_match and pg_get_expr (about 7 deparses per
-- partition; measured 2,400 partitions: 220 ms inlined, 70 ms materialized).
-- Partitions are found from the partitioned tables (relkind 'p', filtered by schema first): found from every
-- child in pg_inherits, each TimescaleDB chunk was looked up too.
WITH pt AS MATERIALIZED (
	SELECT pc.oid, pc.relname, pn.nspname
	FROM pg_class pc
	JOIN pg_namespace pn ON pn.oid = pc.relnamespace
	WHERE pc.relkind = 'p'
	  AND pn.nspname !~ ?
	  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
	  AND pc.oid NOT IN (SELECT d.objid FROM pg_depend d
	                     WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_class'::regclass
	                       AND d.deptype = 'e')
), p AS MATERIALIZED (
	SELECT pt.nspname AS parent_schema, pt.relname AS parent_table,
	       n.nspname AS partition_schema, c.relname AS partition_name,
	       pg_get_expr(c.relpartbound, 0) AS bound,
	       c.relkind = 'p' AS subpartitioned
	FROM pt
	CROSS JOIN LATERAL (SELECT i.inhrelid FROM pg_inherits i WHERE i.inhparent = pt.oid OFFSET 0) i
	JOIN pg_class c ON c.oid = i.inhrelid AND c.relispartition AND c.relkind IN ('r', 'p', 'f')
	JOIN pg_namespace n ON n.oid = c.relnamespace
), r AS MATERIALIZED (
	SELECT p.*, regexp_match(p.bound, '^FOR VALUES FROM \((.*)\) TO \((.*)\)$') AS m FROM p
)
SELECT parent_schema, parent_table, partition_schema, partition_name, bound,
       CASE WHEN m[1] ~ '^''([^'']|'''')*''$' THEN replace(substr(m[1], 2, length(m[1]) - 2), '''''', '''')
            ELSE m[1] END AS range_from,
       CASE WHEN m[2] ~ '^''([^'']|'''')*''$' THEN replace(substr(m[2], 2, length(m[2]) - 2), '''''', '''')
            ELSE m[2] END AS range_to,
       subpartitioned
FROM r
ORDER BY parent_schema, parent_table, partition_schema, partition_name;

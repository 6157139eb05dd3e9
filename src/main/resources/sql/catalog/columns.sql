-- columns: the columns of every table, partitioned table, foreign table, view and materialized view, in one
-- query. Partitions are left out: their columns come from the parent.
-- Minimum server version: PostgreSQL 13 (attgenerated needs 12).
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, relation_name, relkind, position (1..n over live columns, so a dropped column
--   leaves no gap and equal schemas give equal positions), column_name, data_type (format_type; with
--   search_path = pg_catalog user types come out schema-qualified), not_null, column_default, identity
--   (ALWAYS, BY DEFAULT or null), generated_expression, collation (null for the type's default collation;
--   quoted as in SQL, schema-qualified unless in pg_catalog), comment (col_description: pg_description of the
--   column, null without one), statistics_target (SET STATISTICS; null for the default: -1 before PostgreSQL 17,
--   NULL since), storage (PLAIN, EXTERNAL, EXTENDED or MAIN; null while the column keeps its type's), type_storage
--   (the type's storage, always: what a default storage is spelled as, and what tells a snapshot that read these
--   from an older one)
-- A default is deparsed without the relation (relid 0): a DEFAULT cannot reference a column, so the text is the
-- same, and no deparse context (relation_open, column names) is built per default; a generation expression
-- reads columns and keeps its relation.
-- pg_attrdef.adbin holds both the default and the generation expression; attgenerated tells them apart. It is
-- looked up only for a column with atthasdef (42,700 columns, 14,000 with a default: a join probed pg_attrdef
-- for every column).
-- The window partitions by (schema, name), unique per relation like the oid, so one sort serves both the window
-- and the ORDER BY (measured 42,700 columns: 270 ms with two sorts, 200 ms with one).
-- The columns are computed in a subquery (OFFSET 0) and sorted afterwards: sorted first, every row carried its
-- raw adbin expression tree through the sort, which spilled more (85,400 columns at benchmark scale 2: 29 MB to
-- disk before, 19 MB after; about 10% faster).
-- The relations are fed to the column lookup sorted by (schema, name): the final sort then gets its input almost in
-- order (85,400 columns at benchmark scale 2: 350 -> 280 ms of server CPU).
-- The relations come first, MATERIALIZED and filtered by schema, and their columns are looked up per relation
-- (LATERAL ... OFFSET 0 keeps the planner from hashing every column of the database instead: it cannot know how
-- few relations the schema filter leaves, and TimescaleDB chunks add ~10 pg_attribute rows each).
WITH rel AS MATERIALIZED (
	SELECT c.oid, c.relname, c.relkind, n.nspname
	FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm')
	  AND NOT c.relispartition
	  AND n.nspname !~ ?
	  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
	  AND c.oid NOT IN (SELECT d.objid FROM pg_depend d
	                    WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_class'::regclass
	                      AND d.deptype = 'e')
)
SELECT x.schema_name, x.relation_name, x.relkind,
       row_number() OVER (PARTITION BY x.schema_name, x.relation_name ORDER BY x.attnum)::int AS position,
       x.column_name, x.data_type, x.not_null, x.column_default, x.identity, x.generated_expression, x.collation,
       x.comment, x.statistics_target, x.storage, x.type_storage
FROM (
SELECT c.nspname AS schema_name,
       c.relname AS relation_name,
       c.relkind::text AS relkind,
       a.attnum,
       a.attname AS column_name,
       format_type(a.atttypid, a.atttypmod) AS data_type,
       a.attnotnull AS not_null,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(a.adbin, 0, true) END AS column_default,
       CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END AS identity,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(a.adbin, a.attrelid, true) END AS generated_expression,
       -- looked up only where the column's collation is not its type's (two joins probed every column)
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN
           (SELECT CASE WHEN con.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                        ELSE quote_ident(con.nspname) || '.' || quote_ident(co.collname) END
            FROM pg_collation co JOIN pg_namespace con ON con.oid = co.collnamespace
            WHERE co.oid = a.attcollation) END AS collation,
       d.description AS comment,
       nullif(a.attstattarget, -1)::int AS statistics_target,
       CASE WHEN a.attstorage <> t.typstorage THEN
           CASE a.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'x' THEN 'EXTENDED' WHEN 'm' THEN 'MAIN' END END
           AS storage,
       CASE t.typstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'x' THEN 'EXTENDED' WHEN 'm' THEN 'MAIN' END
           AS type_storage
FROM (SELECT * FROM rel ORDER BY nspname, relname) c
CROSS JOIN LATERAL (SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull, a.attgenerated,
                           a.attidentity, a.attcollation, a.attstattarget, a.attstorage,
                           CASE WHEN a.atthasdef THEN (SELECT ad.adbin FROM pg_attrdef ad
                                                       WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum) END AS adbin
                    FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                    OFFSET 0) a
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
OFFSET 0) x
ORDER BY x.schema_name, x.relation_name, x.attnum;

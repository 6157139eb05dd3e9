-- constraints: every PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY and EXCLUDE constraint on a table.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, constraint_name, constraint_type (PRIMARY_KEY, UNIQUE, CHECK,
--   FOREIGN_KEY, EXCLUDE), columns (text[], conkey order), referenced_schema, referenced_table,
--   referenced_columns (text[], confkey order; null unless FOREIGN_KEY), on_delete, on_update (NO ACTION,
--   RESTRICT, CASCADE, SET NULL, SET DEFAULT; null unless FOREIGN_KEY), deferrable, initially_deferred,
--   validated (false after ADD ... NOT VALID), inherited (cloned from a partitioned parent: conparentid <> 0),
--   index_name (the backing index of PRIMARY KEY, UNIQUE and EXCLUDE), definition (pg_get_constraintdef's text)
-- definition is built here, as pg_get_constraintdef prints it, for a PRIMARY KEY without INCLUDE and a FOREIGN KEY
-- without SET NULL / SET DEFAULT column lists; the others call pg_get_constraintdef, which opens pg_constraint
-- and scans it by oid per call (benchmark scale 1, 2,000 of each: 130 -> 70-100 ms of server CPU with the
-- lookups below).
-- An FK that references a partitioned table gets one hidden clone per referenced partition on the SAME table
-- and with the SAME name; those clones are implementation detail and are left out. NOT NULL (PG18 'n') and
-- constraint triggers ('t') are not listed here.
-- The tables come first, MATERIALIZED, already filtered by schema (constraints only exist on tables: r, p, f),
-- and their constraints are looked up from them: with the schema filter last, the planner looked up the class
-- of every constraint, TimescaleDB chunks' included, and dropped the excluded ones only at the end. The clone
-- test only runs for conparentid <> 0: as a bare NOT EXISTS it became an anti-join the planner estimated at one
-- row, and it then scanned the table list once per constraint (100,000 chunks: 3.3 s instead of 0.3 s).
WITH v AS MATERIALIZED (
	-- PostgreSQL 18 adds NOT ENFORCED and WITHOUT OVERLAPS / PERIOD to keys: from 18 on every definition is
	-- pg_get_constraintdef's
	SELECT current_setting('server_version_num')::int < 180000 AS plain
),
cl AS MATERIALIZED (
	SELECT c.oid, c.relname, n.nspname
	FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relkind IN ('r', 'p', 'f')
	  AND n.nspname !~ ?
	  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
	  AND c.oid NOT IN (SELECT d.objid FROM pg_depend d
	                    WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_class'::regclass
	                      AND d.deptype = 'e')
)
SELECT cl.nspname AS schema_name,
       cl.relname AS table_name,
       con.conname AS constraint_name,
       CASE con.contype WHEN 'p' THEN 'PRIMARY_KEY' WHEN 'u' THEN 'UNIQUE' WHEN 'c' THEN 'CHECK'
                        WHEN 'f' THEN 'FOREIGN_KEY' WHEN 'x' THEN 'EXCLUDE' END AS constraint_type,
       k.columns,
       r.nspname AS referenced_schema,
       r.relname AS referenced_table,
       CASE WHEN con.contype = 'f' THEN rk.columns END AS referenced_columns,
       CASE WHEN con.contype = 'f' THEN
           CASE con.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
                                WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END END AS on_delete,
       CASE WHEN con.contype = 'f' THEN
           CASE con.confupdtype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
                                WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END END AS on_update,
       con.condeferrable AS deferrable,
       con.condeferred AS initially_deferred,
       con.convalidated AS validated,
       con.conparentid <> 0 AS inherited,
       ic.relname AS index_name,
       CASE WHEN con.contype = 'p' AND ic.relnatts = cardinality(con.conkey) AND (SELECT plain FROM v)
                THEN 'PRIMARY KEY (' || k.quoted || ')' || suffix.text
            WHEN con.contype = 'f' AND con.confdeltype NOT IN ('n', 'd') AND (SELECT plain FROM v)
                THEN 'FOREIGN KEY (' || k.quoted || ') REFERENCES ' || quote_ident(r.nspname) || '.'
                     || quote_ident(r.relname) || '(' || rk.quoted || ')'
                     || CASE con.confmatchtype WHEN 'f' THEN ' MATCH FULL' WHEN 'p' THEN ' MATCH PARTIAL' ELSE '' END
                     || CASE con.confupdtype WHEN 'a' THEN ''
                             ELSE ' ON UPDATE' || CASE con.confupdtype WHEN 'r' THEN ' RESTRICT' WHEN 'c' THEN ' CASCADE'
                                                      WHEN 'n' THEN ' SET NULL' WHEN 'd' THEN ' SET DEFAULT' END END
                     || CASE con.confdeltype WHEN 'a' THEN ''
                             ELSE ' ON DELETE' || CASE con.confdeltype WHEN 'r' THEN ' RESTRICT' WHEN 'c' THEN ' CASCADE' END END
                     || suffix.text
            ELSE pg_get_constraintdef(con.oid, true) END AS definition
FROM cl
JOIN pg_constraint con ON con.conrelid = cl.oid
-- column names: one index lookup per key (a join hashed all of the table's columns once per constraint)
CROSS JOIN LATERAL (
	SELECT ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
	             JOIN LATERAL (SELECT a.attname FROM pg_attribute a
	                           WHERE a.attrelid = con.conrelid AND a.attnum = k.attnum OFFSET 0) a ON true
	             ORDER BY k.ord) AS columns) k0
CROSS JOIN LATERAL (SELECT k0.columns, array_to_string(ARRAY(SELECT quote_ident(c) FROM unnest(k0.columns) WITH ORDINALITY u(c, o) ORDER BY o), ', ') AS quoted) k
CROSS JOIN LATERAL (
	SELECT ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
	             JOIN LATERAL (SELECT a.attname FROM pg_attribute a
	                           WHERE a.attrelid = con.confrelid AND a.attnum = k.attnum OFFSET 0) a ON true
	             WHERE con.contype = 'f'
	             ORDER BY k.ord) AS columns) rk0
CROSS JOIN LATERAL (SELECT rk0.columns, array_to_string(ARRAY(SELECT quote_ident(c) FROM unnest(rk0.columns) WITH ORDINALITY u(c, o) ORDER BY o), ', ') AS quoted) rk
-- the referenced table and the backing index, looked up per constraint (joins hashed all of pg_class twice)
LEFT JOIN LATERAL (SELECT rc.relname, rn.nspname FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                   WHERE con.contype = 'f' AND rc.oid = con.confrelid OFFSET 0) r ON true
LEFT JOIN LATERAL (SELECT ic.relname, ic.relnatts FROM pg_class ic
                   WHERE con.contype IN ('p', 'u', 'x') AND ic.oid = con.conindid OFFSET 0) ic ON true
CROSS JOIN LATERAL (SELECT CASE WHEN con.condeferrable THEN ' DEFERRABLE' ELSE '' END
                           || CASE WHEN con.condeferred THEN ' INITIALLY DEFERRED' ELSE '' END
                           || CASE WHEN con.convalidated THEN '' ELSE ' NOT VALID' END AS text) suffix
WHERE con.contype IN ('p', 'u', 'c', 'f', 'x')
  AND (con.conparentid = 0
       OR NOT EXISTS (SELECT 1 FROM pg_constraint parent
                      WHERE parent.oid = con.conparentid AND parent.conrelid = con.conrelid))
ORDER BY cl.nspname, cl.relname, con.conname;

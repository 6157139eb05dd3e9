-- constraint_violations: for every NOT VALID foreign key and CHECK constraint, how many existing rows break it
-- (for a foreign key: orphaned rows), counted exactly up to a cap.
-- Minimum server version: PostgreSQL 13.
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, table_name, constraint_name (the same constraints constraints.sql lists),
--   violating_rows (bigint, at most 10001: 10001 means "more than 10,000"; null when the role may not SELECT
--   from the tables involved or row-level security could hide rows)
-- One statement: query_to_xml runs one probe per constraint, every identifier quoted with %I. A probe stops at
-- 10,001 rows, but finding few or none still scans the whole table (an anti-join for a foreign key), so it
-- costs about what VALIDATE CONSTRAINT costs, under AccessShareLock only. A foreign key compares with its own
-- equality operators (conpfeqop, schema-qualified), so citext and cross-type keys count like the server
-- checks them. MATCH SIMPLE ignores rows with a NULL in any key column; MATCH FULL counts a partly NULL key.
-- A CHECK counts rows where its expression is false (NULL passes, as in the server). The reader runs this in
-- a savepoint: a CHECK expression that raises an error on an existing row, or a statement timeout, leaves every
-- count unknown (null) rather than failing the snapshot.
WITH con AS (
	SELECT n.nspname, cl.relname, con.conname, con.contype, con.confmatchtype, con.oid,
	       con.conrelid, con.confrelid, con.conkey, con.confkey, con.conpfeqop, con.conbin,
	       cl.relrowsecurity AS child_rls
	FROM pg_constraint con
	JOIN pg_class cl ON cl.oid = con.conrelid
	JOIN pg_namespace n ON n.oid = cl.relnamespace
	WHERE NOT con.convalidated
	  AND con.contype IN ('f', 'c')
	  AND n.nspname !~ ?
	  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
	  AND cl.oid NOT IN (SELECT d.objid FROM pg_depend d
	                     WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_class'::regclass
	                       AND d.deptype = 'e')
	  AND NOT EXISTS (SELECT 1 FROM pg_constraint parent
	                  WHERE parent.oid = con.conparentid AND parent.conrelid = con.conrelid)
), fk AS (
	SELECT con.oid,
	       format('SELECT count(*) AS x FROM (SELECT 1 FROM %I.%I c WHERE %s LIMIT 10001) v',
	              con.nspname, con.relname,
	              CASE WHEN con.confmatchtype = 'f'
	                   THEN format('NOT (%s) AND (NOT (%s) OR NOT EXISTS (SELECT 1 FROM %I.%I p WHERE %s))',
	                               k.all_null, k.none_null, pn.nspname, pc.relname, k.matches)
	                   ELSE format('%s AND NOT EXISTS (SELECT 1 FROM %I.%I p WHERE %s)',
	                               k.none_null, pn.nspname, pc.relname, k.matches) END) AS probe,
	       has_table_privilege(con.conrelid, 'SELECT') AND has_table_privilege(con.confrelid, 'SELECT')
	           AND NOT con.child_rls AND NOT pc.relrowsecurity AS countable
	FROM con
	JOIN pg_class pc ON pc.oid = con.confrelid
	JOIN pg_namespace pn ON pn.oid = pc.relnamespace
	CROSS JOIN LATERAL (
		SELECT string_agg(format('c.%I IS NOT NULL', ca.attname), ' AND ' ORDER BY k.ord) AS none_null,
		       string_agg(format('c.%I IS NULL', ca.attname), ' AND ' ORDER BY k.ord) AS all_null,
		       string_agg(format('p.%I OPERATOR(%I.%s) c.%I', pa.attname, opn.nspname, op.oprname, ca.attname),
		                  ' AND ' ORDER BY k.ord) AS matches
		FROM unnest(con.conkey, con.confkey) WITH ORDINALITY k(child_att, parent_att, ord)
		JOIN pg_attribute ca ON ca.attrelid = con.conrelid AND ca.attnum = k.child_att
		JOIN pg_attribute pa ON pa.attrelid = con.confrelid AND pa.attnum = k.parent_att
		JOIN pg_operator op ON op.oid = con.conpfeqop[k.ord]
		JOIN pg_namespace opn ON opn.oid = op.oprnamespace
	) k
	WHERE con.contype = 'f'
), ck AS (
	SELECT con.oid,
	       format('SELECT count(*) AS x FROM (SELECT 1 FROM %I.%I WHERE NOT (%s) LIMIT 10001) v',
	              con.nspname, con.relname, pg_get_expr(con.conbin, con.conrelid)) AS probe,
	       has_table_privilege(con.conrelid, 'SELECT') AND NOT con.child_rls AS countable
	FROM con
	WHERE con.contype = 'c'
), probes AS (
	SELECT * FROM fk UNION ALL SELECT * FROM ck
)
SELECT con.nspname AS schema_name,
       con.relname AS table_name,
       con.conname AS constraint_name,
       CASE WHEN probes.countable THEN
           (xpath('/row/x/text()', query_to_xml(probes.probe, false, true, '')))[1]::text::bigint END
           AS violating_rows
FROM con
JOIN probes ON probes.oid = con.oid
ORDER BY con.nspname, con.relname, con.conname;

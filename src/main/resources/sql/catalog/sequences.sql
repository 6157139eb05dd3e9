-- sequences: every sequence with its owning column and how much of its range is used.
-- Minimum server version: PostgreSQL 13 (pg_sequence needs 10).
-- Parameters: every ? is the excluded-schema regex.
-- Output columns: schema_name, sequence_name, data_type, increment, min_value, max_value, cycle, last_value
--   (null when never used OR when the role lacks SELECT/USAGE on the sequence), owned_by_schema,
--   owned_by_table, owned_by_column (serial/OWNED BY deptype 'a', identity deptype 'i'), column_type,
--   effective_max (the lower of the sequence maximum and what the owning column's type holds: a bigserial
--   narrowed to int keeps a bigint sequence), percent_used (numeric, 2 decimals; mirrored for descending
--   sequences; null when last_value is null), start_value, cache, identity (the sequence belongs to an
--   identity column: owned through deptype 'i'), owner (pg_get_userbyid of relowner)
-- last_value is read by OID like the pg_sequences view does, with the same privilege guard, so an unreadable
-- sequence gives null instead of an error. pg_sequence_last_value keeps an AccessShareLock on every sequence
-- until the transaction ends (measured: 2,000 sequences, 2,016 relation locks): compare the count with
-- max_locks_per_transaction x max_connections before reading a database with many thousands in one go.
WITH seq AS (
	SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL) AS data_type,
	       s.seqincrement, s.seqmin, s.seqmax, s.seqcycle, s.seqstart, s.seqcache,
	       coalesce(dep.deptype = 'i', false) AS is_identity,
	       CASE WHEN has_sequence_privilege(c.oid, 'SELECT,USAGE') THEN pg_sequence_last_value(c.oid) END
	           AS last_value,
	       tn.nspname AS owned_by_schema, tc.relname AS owned_by_table, col.attname AS owned_by_column,
	       format_type(col.atttypid, NULL) AS column_type,
	       pg_get_userbyid(c.relowner) AS owner
	FROM pg_sequence s
	JOIN pg_class c ON c.oid = s.seqrelid
	JOIN pg_namespace n ON n.oid = c.relnamespace
	LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = s.seqrelid
	                       AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
	LEFT JOIN pg_class tc ON tc.oid = dep.refobjid
	LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
	LEFT JOIN pg_attribute col ON col.attrelid = dep.refobjid AND col.attnum = dep.refobjsubid
	WHERE n.nspname !~ ?
	  -- extension members, looked up from the extension (few rows), not per object (chunks have many)
	  AND c.oid NOT IN (SELECT d.objid FROM pg_depend d
	                    WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_class'::regclass
	                      AND d.deptype = 'e')
), lim AS (
	SELECT seq.*,
	       LEAST(seqmax, CASE column_type WHEN 'smallint' THEN 32767 WHEN 'integer' THEN 2147483647
	                                      ELSE 9223372036854775807 END)::numeric AS effective_max,
	       GREATEST(seqmin, CASE column_type WHEN 'smallint' THEN -32768 WHEN 'integer' THEN -2147483648
	                                         ELSE -9223372036854775808 END)::numeric AS effective_min
	FROM seq
)
SELECT nspname AS schema_name,
       relname AS sequence_name,
       data_type,
       seqincrement AS increment,
       seqmin AS min_value,
       seqmax AS max_value,
       seqcycle AS cycle,
       last_value,
       owned_by_schema,
       owned_by_table,
       owned_by_column,
       column_type,
       effective_max,
       CASE WHEN last_value IS NULL THEN NULL
            WHEN seqincrement > 0
                THEN round(100 * (last_value - seqmin)::numeric / NULLIF(effective_max - seqmin, 0), 2)
            ELSE round(100 * (seqmax - last_value)::numeric / NULLIF(seqmax - effective_min, 0), 2)
       END AS percent_used,
       seqstart AS start_value,
       seqcache AS cache,
       is_identity AS identity,
       owner
FROM lim
ORDER BY nspname, relname;

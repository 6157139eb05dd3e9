-- migration_prisma: one Prisma _prisma_migrations table, summarized per migration name.
-- Minimum server version: PostgreSQL 13.
-- Parameters: none. {{table}} is replaced by the schema-qualified, quoted table name found by
--   migration_tables.sql (never by user input).
-- Output columns: lock_held (pg_advisory_lock(72707369), Prisma's migration lock, is held in this database
--   right now; on every row), migration_name (null when the table is empty), attempts, applied (a row with
--   finished_at set and rolled_back_at null), unresolved_failure (a row with both null: migrate deploy stops
--   with P3009), last_started_at, finished_at (of the applied attempt)
-- A "failure" while lock_held is true may be a migration that is still running.
WITH lock AS (
	SELECT EXISTS (SELECT 1 FROM pg_locks l
	               WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = 72707369 AND l.objsubid = 1
	                 AND l.granted
	                 AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()))
	       AS lock_held
), m AS (
	SELECT migration_name,
	       count(*)::int AS attempts,
	       bool_or(finished_at IS NOT NULL AND rolled_back_at IS NULL) AS applied,
	       bool_or(finished_at IS NULL AND rolled_back_at IS NULL) AS unresolved_failure,
	       max(started_at) AS last_started_at,
	       max(finished_at) FILTER (WHERE rolled_back_at IS NULL) AS finished_at
	FROM {{table}}
	GROUP BY migration_name
)
SELECT lock.lock_held, m.migration_name, m.attempts, m.applied, m.unresolved_failure, m.last_started_at,
       m.finished_at
FROM lock
LEFT JOIN m ON true
ORDER BY m.migration_name;

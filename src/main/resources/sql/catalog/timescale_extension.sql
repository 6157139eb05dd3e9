-- timescale_extension: the installed TimescaleDB version and license; read only when pg_extension has it.
-- Minimum server version: PostgreSQL 13 (TimescaleDB 2.13).
-- Parameters: none (database-wide).
-- Output columns: version (extversion), schema_name (where its API lives), license (timescale or apache;
--   null when the setting is unreadable)
-- Compression and the policy jobs are TSL features: an apache build has none of them.
SELECT e.extversion AS version,
       n.nspname AS schema_name,
       current_setting('timescaledb.license', true) AS license
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'timescaledb'
ORDER BY e.extversion;

-- migration_flyway: one Flyway flyway_schema_history (or pre-5 schema_version) table, summarized.
-- Minimum server version: PostgreSQL 13.
-- Parameters: none. {{table}} is replaced by the schema-qualified, quoted table name found by
--   migration_tables.sql.
-- Output columns: total_rows, latest_version, latest_description (the successful versioned row with the highest
--   installed_rank; by rank, not by comparing version strings), then one row per failed migration
--   (success = false): failed_rank, failed_version, failed_description, failed_script; these are null on the
--   single row returned when nothing failed
-- On PostgreSQL a failed transactional migration leaves no row, so success = false only comes from
-- non-transactional migrations (CREATE INDEX CONCURRENTLY), which may have half-changed the schema.
WITH latest AS (
	SELECT version, description
	FROM {{table}}
	WHERE success AND version IS NOT NULL
	ORDER BY installed_rank DESC
	LIMIT 1
)
SELECT (SELECT count(*) FROM {{table}}) AS total_rows,
       latest.version AS latest_version,
       latest.description AS latest_description,
       f.installed_rank AS failed_rank,
       f.version AS failed_version,
       f.description AS failed_description,
       f.script AS failed_script
FROM (SELECT 1) one
LEFT JOIN latest ON true
LEFT JOIN {{table}} f ON NOT f.success
ORDER BY f.installed_rank;

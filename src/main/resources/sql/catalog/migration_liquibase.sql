-- migration_liquibase: one Liquibase databasechangelog table, summarized.
-- Minimum server version: PostgreSQL 13.
-- Parameters: none. {{table}} is replaced by the schema-qualified, quoted table name found by
--   migration_tables.sql.
-- Output columns: changesets (row count), latest_id, latest_author, latest_filename, latest_executed_at (the
--   row with the highest orderexecuted; null when the table is empty)
-- Liquibase writes no row for a FAILED changeset, so failures show up elsewhere (an INVALID index, a missing
-- object), not here.
WITH latest AS (
	SELECT id, author, filename, dateexecuted
	FROM {{table}}
	ORDER BY orderexecuted DESC, dateexecuted DESC, id DESC
	LIMIT 1
)
SELECT (SELECT count(*) FROM {{table}}) AS changesets,
       latest.id AS latest_id,
       latest.author AS latest_author,
       latest.filename AS latest_filename,
       latest.dateexecuted AS latest_executed_at
FROM (SELECT 1) one
LEFT JOIN latest ON true
ORDER BY 1;

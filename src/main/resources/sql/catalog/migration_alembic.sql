-- migration_alembic: the heads recorded in one Alembic alembic_version table.
-- Minimum server version: PostgreSQL 13.
-- Parameters: none. {{table}} is replaced by the schema-qualified, quoted table name found by
--   migration_tables.sql.
-- Output columns: version_num (one row per head; several rows = several branch heads; none = at base)
SELECT version_num
FROM {{table}}
ORDER BY version_num;

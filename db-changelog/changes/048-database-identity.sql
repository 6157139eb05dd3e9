-- liquibase formatted sql

-- changeset tidemark:048-scan-database-identity
-- Which database a scan reached: the server's system identifier and the database's OID ("<sysid>/<oid>"), NULL where
-- the target's role may not read pg_control_system(). Targets whose URLs differ but reach one database share it.
ALTER TABLE scan ADD COLUMN database_identity text;
-- rollback ALTER TABLE scan DROP COLUMN database_identity;

-- changeset tidemark:048-remediation-database-identity
-- The database the plan was made for (its target's latest scan's identity). Executing, reconciling and rolling back
-- compare it with the database the session reached: a URL whose name now resolves to another server, with the same
-- drift, cannot carry the plan there. NULL (proposed before, or unknown): only the target binding is checked.
ALTER TABLE remediation ADD COLUMN database_identity text;
-- rollback ALTER TABLE remediation DROP COLUMN database_identity;

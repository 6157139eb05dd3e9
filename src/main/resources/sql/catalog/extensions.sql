-- extensions: every installed extension, and every one available on this server's disk but not installed (a
-- few dozen rows: what a repair may CREATE EXTENSION here; a short list of well-known ones left hstore out and
-- made its repair look impossible).
-- Minimum server version: PostgreSQL 13.
-- Parameters: none (extensions are database-wide; plpgsql lives in pg_catalog and is listed too).
-- Output columns: extension_name, schema_name (null when not installed), installed_version (null when not
--   installed), default_version (null when the control file is missing on the server)
-- pg_available_extensions reads the control files of THIS server: a replica or a new node can differ.
SELECT coalesce(e.extname, av.name) AS extension_name,
       en.nspname AS schema_name,
       e.extversion AS installed_version,
       av.default_version AS default_version
FROM pg_extension e
FULL JOIN pg_available_extensions av ON av.name = e.extname
LEFT JOIN pg_namespace en ON en.oid = e.extnamespace
ORDER BY 1;

-- server: the server version and the few settings that change how schema objects behave.
-- Minimum server version: PostgreSQL 13.
-- Parameters: none.
-- Output columns: one row per setting; the first three repeat on every row:
--   version (version()), version_num (server_version_num), database_name (current_database()),
--   setting_name, setting_value
-- Settings are reset_val, so a session-level SET by the caller does not leak into the snapshot. lc_collate and
-- lc_ctype come from pg_database because PostgreSQL 16 removed them from pg_settings. Settings the role may not
-- read (shared_preload_libraries needs pg_read_all_settings) are simply absent.
SELECT version() AS version,
       current_setting('server_version_num')::int AS version_num,
       current_database() AS database_name,
       s.setting_name,
       s.setting_value
FROM (
	SELECT ps.name AS setting_name, ps.reset_val AS setting_value
	FROM pg_settings ps
	WHERE ps.name IN ('server_version', 'server_encoding', 'max_locks_per_transaction', 'max_connections',
	                  'shared_preload_libraries', 'default_transaction_isolation', 'block_size',
	                  'max_identifier_length', 'standard_conforming_strings', 'data_checksums')
	UNION ALL
	SELECT 'lc_collate', d.datcollate FROM pg_database d WHERE d.datname = current_database()
	UNION ALL
	SELECT 'lc_ctype', d.datctype FROM pg_database d WHERE d.datname = current_database()
) s
ORDER BY s.setting_name;

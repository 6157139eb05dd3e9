-- migration_liquibase_lock: the lock row of one Liquibase databasechangeloglock table, and whether its holder
-- still has a session.
-- Minimum server version: PostgreSQL 13.
-- Parameters: none. {{table}} is replaced by the schema-qualified, quoted table name found by
--   migration_tables.sql.
-- Output columns: locked, lock_granted (timestamp without time zone, written with NOW() in the Liquibase
--   session's zone), locked_by, lock_holder_alive
-- Liveness, best effort: Liquibase writes lockedby as '<hostname> (<ip>)'. The holder counts as alive when
-- another client session in this database comes from that address (host(client_addr) inside the
-- parentheses) or from that host name (client_hostname, only set with log_hostname). Null when unlocked, and
-- null when this role cannot see other roles' client addresses (it needs pg_read_all_stats). A holder behind
-- a connection pooler, on a Unix socket or with an IPv6 address printed differently looks dead, and another
-- client on the same host looks alive: a rule must combine this with the age of lock_granted.
SELECT l.locked,
       l.lockgranted AS lock_granted,
       l.lockedby AS locked_by,
       CASE WHEN NOT l.locked OR l.lockedby IS NULL THEN NULL
            WHEN NOT pg_has_role('pg_read_all_stats', 'USAGE') THEN NULL
            ELSE EXISTS (
                SELECT 1 FROM pg_stat_activity a
                WHERE a.pid <> pg_backend_pid()
                  AND a.datname = current_database()
                  AND a.backend_type = 'client backend'
                  AND ((a.client_addr IS NOT NULL AND strpos(l.lockedby, '(' || host(a.client_addr) || ')') > 0)
                       OR (a.client_hostname IS NOT NULL AND l.lockedby LIKE a.client_hostname || ' (%')))
       END AS lock_holder_alive
FROM {{table}} l
ORDER BY l.id
LIMIT 1;

-- roles: every role of the server, so a comparison can tell a grant or owner it cannot repeat (the role is
-- missing) from one it can.
-- Minimum server version: PostgreSQL 13.
-- Parameters: none (roles belong to the server, not to a schema).
-- Output columns: role_name, can_login
-- pg_roles, never pg_authid: it shows no password and needs no privilege. PostgreSQL's predefined roles
-- (pg_monitor, ...) are listed too: objects can be granted to them. One row per role, no locks.
SELECT r.rolname AS role_name,
       r.rolcanlogin AS can_login
FROM pg_roles r
ORDER BY r.rolname;

-- volatile_state: what a snapshot holds that changes without a committed transaction, plus the transaction
-- snapshot that tells whether any transaction committed since an earlier fingerprint.
-- Parameters: 1 the excluded-schema regex, 2 the target's include list (text[], empty: every schema), 3 its
--   exclude list (text[]). Estimates and sequences are read in those schemas only: the snapshot keeps tables and
--   sequences by their own schema, so one schema's target in a database of many reads only its own.
-- Output columns:
-- snapshot: pg_current_snapshot() (xmin:xmax:in-progress xids, 64-bit, so it never wraps) and the server's start
--   time. Every commit or abort anywhere in the cluster changes it, so an equal value later means the same
--   committed rows are visible: every catalog row, migration history and table row of the snapshot is as it was.
--   A restart (crash recovery, a restore, a failover) changes the start time. A standby builds its snapshots from
--   the transaction ids it has seen in the WAL, so a commit there need not change them: on a standby the WAL
--   position replayed is part of the value too (any replayed commit moves it).
-- estimates: ANALYZE and VACUUM update pg_class.reltuples in place (xmin unchanged; VACUUM takes no xid).
-- sequences: nextval changes no catalog row and commits nothing; last values read like sequences.sql does (same
--   privilege guard).
-- roles: owners and grantees are shown by name; renaming a role changes only the shared pg_authid.
-- Estimates and sequences are summed 64-bit hashes of each row (with the count), not an md5 of the rows sorted:
--   no sort, and no text for the estimates (the query takes 4.6 instead of 6.3 ms at 4,450 tables). A changed row
--   changes its hash, and so the sum, unless two 64-bit hashes collide.
-- Temporary relations (relpersistence t) are left out, as the catalog stamp leaves them out.
WITH arg (excluded, include, exclude) AS (
	SELECT ?::text, ?::text[], ?::text[]
), scope AS (
	SELECT n.oid FROM pg_namespace n, arg
	WHERE n.nspname !~ arg.excluded AND (cardinality(arg.include) = 0 OR n.nspname = ANY (arg.include))
	  AND NOT n.nspname = ANY (arg.exclude)
)
SELECT pg_current_snapshot()::text || '@' || pg_postmaster_start_time()
           || CASE WHEN pg_is_in_recovery() THEN '@' || pg_last_wal_replay_lsn()::text ELSE '' END AS snapshot,
       (SELECT count(*) || ':' || coalesce(sum(hashint8extended(relpages::bigint, oid::bigint)
                                               # hashfloat4extended(reltuples, oid::bigint)), 0)
        FROM pg_class
        WHERE relkind IN ('r', 'p', 'm', 'f') AND relpersistence <> 't' AND relnamespace IN (SELECT oid FROM scope))
           AS estimates,
       (SELECT count(*) || ':' || coalesce(sum(hashtextextended(s.seqrelid::text || ':' || coalesce(
                   CASE WHEN has_sequence_privilege(s.seqrelid, 'SELECT,USAGE')
                        THEN pg_sequence_last_value(s.seqrelid) END::text, '-'), 0)), 0)
        FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
        WHERE c.relpersistence <> 't' AND c.relnamespace IN (SELECT oid FROM scope)) AS sequences,
       (SELECT md5(string_agg(oid::text || ':' || rolname, ',' ORDER BY oid)) FROM pg_roles) AS roles

-- Seeds the finding table for bench/findings-load.sh: :findings rows spread evenly over the targets whose name
-- starts with 'bench-' (registered through the API first), in ONE set-based INSERT ... SELECT generate_series.
--
-- Deterministic: every per-row choice comes from the bytes of md5(n), so two runs hold the same mix (only the
-- target ids, which the API generates, differ). The mix, by design:
--   20 rule ids, each with a fixed severity -> CRITICAL 10 %, HIGH 20 %, MEDIUM 30 %, LOW 25 %, INFO 15 %
--   status: OPEN ~80 %, RESOLVED ~15 %, SUPPRESSED ~5 % (suppressed until 30 days from now, so nothing reopens)
--   fingerprint: 32 hex characters (like Fingerprints.of), unique per target
--   object: table / column / index / constraint objects over 4 schemas and 400 tables, object_text consistent
--   evidence: a jsonb object of roughly 300-400 bytes; repair: automatic for about half the rules
--   first_seen_at within the last 90 days, last_seen_at within the last 3 days (scans run daily-ish)
-- severity_rank is the Severity ordinal (CRITICAL 0 .. INFO 4), as FindingStore writes it.
--
-- Usage: psql -v findings=100000 -f bench/findings-seed.sql

\set ON_ERROR_STOP on

BEGIN;

WITH targets AS (
    SELECT id, (row_number() OVER (ORDER BY name) - 1)::int AS ti, count(*) OVER () AS n_targets
    FROM target
    WHERE name LIKE 'bench-%'
),
rules (ri, rule_id, severity, severity_rank, kind, automatic, summary, instead) AS (
    VALUES
        ( 0, 'column-type-changed',          'CRITICAL', 0, 'column',     false, 'Changing a column type rewrites the table', 'Plan a migration with a shadow column'),
        ( 1, 'not-null-without-default',     'CRITICAL', 0, 'column',     false, 'Existing writers would fail', 'Add a default first, then the constraint'),
        ( 2, 'missing-primary-key',          'HIGH',     1, 'table',      false, 'Choosing a key needs a person', 'Add a primary key in a migration'),
        ( 3, 'missing-foreign-key',          'HIGH',     1, 'constraint', true,  'Add the foreign key NOT VALID, then validate', null),
        ( 4, 'unexpected-column',            'HIGH',     1, 'column',     true,  'Drop the column that is not in the contract', null),
        ( 5, 'missing-column',               'HIGH',     1, 'column',     true,  'Add the column from the contract', null),
        ( 6, 'missing-index',                'MEDIUM',   2, 'index',      true,  'CREATE INDEX CONCURRENTLY from the reference', null),
        ( 7, 'unindexed-foreign-key',        'MEDIUM',   2, 'index',      true,  'Index the referencing columns', null),
        ( 8, 'check-constraint-differs',     'MEDIUM',   2, 'constraint', false, 'The expressions differ', 'Compare the check with the reference'),
        ( 9, 'default-differs',              'MEDIUM',   2, 'column',     true,  'Set the default from the reference', null),
        (10, 'collation-differs',            'MEDIUM',   2, 'column',     false, 'Changing a collation may reorder indexes', 'Reindex after changing it'),
        (11, 'sequence-near-exhaustion',     'MEDIUM',   2, 'table',      false, 'The sequence is over 75 % used', 'Move the column to bigint'),
        (12, 'duplicate-index',              'LOW',      3, 'index',      true,  'Drop the duplicate index', null),
        (13, 'unused-index',                 'LOW',      3, 'index',      false, 'Usage statistics may be incomplete', 'Check pg_stat_user_indexes on every replica'),
        (14, 'index-invalid',                'LOW',      3, 'index',      true,  'REINDEX CONCURRENTLY', null),
        (15, 'table-without-comment',        'LOW',      3, 'table',      true,  'Add the comment from the contract', null),
        (16, 'extension-version-differs',    'LOW',      3, 'table',      false, 'Extension upgrades need a window', 'ALTER EXTENSION ... UPDATE in a window'),
        (17, 'naming-convention',            'INFO',     4, 'constraint', false, 'Renaming is a team decision', 'Rename when the table is next migrated'),
        (18, 'column-order-differs',         'INFO',     4, 'column',     false, 'Column order cannot be changed in place', 'Ignore, or rebuild the table'),
        (19, 'statistics-target-differs',    'INFO',     4, 'column',     true,  'ALTER COLUMN ... SET STATISTICS', null)
),
rows AS (
    SELECT n, decode(md5(n::text), 'hex') AS h
    FROM generate_series(0, :findings - 1) AS n
),
picked AS (
    SELECT r.n, t.id AS target_id, ru.*,
           (ARRAY['public', 'app', 'billing', 'audit'])[1 + get_byte(r.h, 2) % 4] AS schema_name,
           'table_' || lpad(((get_byte(r.h, 3) * 256 + get_byte(r.h, 4)) % 400)::text, 3, '0') AS table_name,
           'col_' || get_byte(r.h, 5) % 40 AS column_name,
           get_byte(r.h, 1) AS status_byte,
           now() - make_interval(days => 3 + get_byte(r.h, 6) % 87, mins => get_byte(r.h, 7)) AS first_seen,
           now() - make_interval(mins => (get_byte(r.h, 8) * 256 + get_byte(r.h, 9)) % 4320) AS last_seen
    FROM rows r
    JOIN targets t ON t.ti = r.n % t.n_targets
    JOIN rules ru ON ru.ri = get_byte(r.h, 0) % 20
),
shaped AS (
    SELECT p.*,
           CASE WHEN status_byte < 205 THEN 'OPEN' WHEN status_byte < 243 THEN 'RESOLVED' ELSE 'SUPPRESSED' END AS status,
           CASE kind WHEN 'column' THEN column_name
                     WHEN 'index' THEN table_name || '_' || column_name || '_idx'
                     WHEN 'constraint' THEN table_name || '_' || column_name || '_fkey'
                     ELSE NULL END AS part
    FROM picked p
)
INSERT INTO finding (id, target_id, fingerprint, rule_id, severity, severity_rank, status, object_kind, object_text,
                     object, message, evidence, repair, first_seen_at, last_seen_at, resolved_at, first_scan_id,
                     last_scan_id, suppression_reason, suppressed_by, suppressed_at, suppressed_until)
SELECT md5('finding:' || n)::uuid,
       target_id,
       md5('fingerprint:' || n),                        -- n is unique, so the fingerprint is unique per target
       rule_id,
       severity,
       severity_rank,
       status,
       kind,
       schema_name || '.' || table_name || coalesce('.' || part, ''),
       jsonb_build_object('kind', kind, 'schema', schema_name, 'name', table_name, 'part', part),
       rule_id || ' on ' || schema_name || '.' || table_name || coalesce('.' || part, '')
           || ': the live schema differs from the reference',
       jsonb_build_object(
           'expected', jsonb_build_object('type', 'bigint', 'nullable', false, 'default', 'nextval(''' || table_name || '_id_seq''::regclass)'),
           'actual', jsonb_build_object('type', 'integer', 'nullable', true, 'default', null),
           'reference', 'target bench-reference, snapshot ' || md5('snapshot:' || n % 97)::uuid,
           'detectedBy', 'catalog',
           'ddl', 'ALTER TABLE ' || schema_name || '.' || table_name || ' ALTER COLUMN ' || column_name
               || ' TYPE bigint USING ' || column_name || '::bigint',
           'rows', (n * 7919) % 5000000,
           'note', 'Seen in ' || (1 + n % 12) || ' consecutive scans'),
       jsonb_build_object('automatic', automatic, 'summary', summary, 'instead', instead),
       first_seen,
       last_seen,
       CASE WHEN status = 'RESOLVED' THEN last_seen + interval '1 hour' END,
       NULL,
       NULL,
       CASE WHEN status = 'SUPPRESSED' THEN 'Accepted until the Q3 migration' END,
       CASE WHEN status = 'SUPPRESSED' THEN 'operator' END,
       CASE WHEN status = 'SUPPRESSED' THEN last_seen END,
       CASE WHEN status = 'SUPPRESSED' THEN now() + interval '30 days' END
FROM shaped;

COMMIT;

-- A freshly bulk-loaded table has no visibility map and no statistics; VACUUM (ANALYZE) gives the steady state a
-- long-running store reaches through autovacuum, and makes runs repeatable (autovacuum would otherwise kick in
-- at a random moment during the measurement).
VACUUM (ANALYZE) finding;

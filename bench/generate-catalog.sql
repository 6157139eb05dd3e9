-- Generates the benchmark catalog in schema "bench" of the current database, for psql variable :scale.
-- Scale 1: 2,000 tables x 20 columns with a PRIMARY KEY, two indexes and one FOREIGN KEY each; 50 range-
-- partitioned tables x 48 monthly partitions; 500 views; 200 functions. Counts are round(n * scale).
-- Usage: psql -v ON_ERROR_STOP=1 -v scale=1 -f bench/generate-catalog.sql
-- Each statement is built by one generate_series query and run by \gexec, one autocommit statement at a time,
-- so no transaction holds thousands of locks while generating.

SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;

SELECT round(2000 * :scale)::int AS n_tables,
       round(50 * :scale)::int AS n_partitioned,
       round(500 * :scale)::int AS n_views,
       round(200 * :scale)::int AS n_functions
\gset

-- Tables t_00001..: 20 columns of mixed types, some defaults and NOT NULLs, a PK and two indexes.
SELECT format($sql$
CREATE TABLE bench.t_%1$s (
    id bigint PRIMARY KEY,
    parent_id bigint,
    code varchar(40) NOT NULL DEFAULT '',
    name text NOT NULL,
    status smallint NOT NULL DEFAULT 0,
    amount numeric(12, 2),
    quantity integer DEFAULT 1,
    ratio double precision,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz,
    due_date date,
    note text,
    tags text[],
    attrs jsonb DEFAULT '{}'::jsonb,
    ext_id uuid,
    score real,
    flags bit varying(16),
    span interval,
    version integer NOT NULL DEFAULT 1
);
CREATE INDEX t_%1$s_parent_idx ON bench.t_%1$s (parent_id);
CREATE INDEX t_%1$s_code_created_idx ON bench.t_%1$s (code, created_at DESC)$sql$, lpad(i::text, 5, '0'))
FROM generate_series(1, :n_tables) i
\gexec

-- One FOREIGN KEY per table, to the next table (the last one to the first): a ring over every table.
SELECT format('ALTER TABLE bench.t_%s ADD CONSTRAINT t_%s_parent_fk FOREIGN KEY (parent_id) REFERENCES bench.t_%s (id)',
              lpad(i::text, 5, '0'), lpad(i::text, 5, '0'), lpad((i % :n_tables + 1)::text, 5, '0'))
FROM generate_series(1, :n_tables) i
\gexec

-- Range-partitioned tables p_0001.. with 48 monthly partitions each (2022-01 .. 2025-12).
SELECT format($sql$
CREATE TABLE bench.p_%1$s (
    id bigint NOT NULL,
    created_at timestamptz NOT NULL,
    device text,
    reading double precision
) PARTITION BY RANGE (created_at)$sql$, lpad(i::text, 4, '0'))
FROM generate_series(1, :n_partitioned) i
\gexec

SELECT format('CREATE TABLE bench.p_%1$s_%2$s PARTITION OF bench.p_%1$s FOR VALUES FROM (%3$L) TO (%4$L)',
              lpad(i::text, 4, '0'), to_char(m, 'YYYYMM'), m::date, (m + interval '1 month')::date)
FROM generate_series(1, :n_partitioned) i,
     generate_series(timestamp '2022-01-01', timestamp '2025-12-01', interval '1 month') m
\gexec

-- Views v_00001..: each joins a table to its FK parent.
SELECT format($sql$
CREATE VIEW bench.v_%1$s AS
SELECT c.id, c.code, c.name, c.amount, p.name AS parent_name
FROM bench.t_%2$s c JOIN bench.t_%3$s p ON p.id = c.parent_id
WHERE c.active$sql$,
              lpad(i::text, 5, '0'), lpad(t::text, 5, '0'), lpad((t % :n_tables + 1)::text, 5, '0'))
FROM generate_series(1, :n_views) i, LATERAL (SELECT (i - 1) % :n_tables + 1 AS t) x
\gexec

-- Functions f_00001..: half SQL, half PL/pgSQL, each reading one table.
SELECT CASE WHEN i % 2 = 0 THEN format($sql$
CREATE FUNCTION bench.f_%1$s(p_min bigint) RETURNS bigint LANGUAGE sql STABLE AS
$body$ SELECT count(*) FROM bench.t_%2$s WHERE id >= p_min $body$$sql$, lpad(i::text, 5, '0'), lpad(t::text, 5, '0'))
       ELSE format($sql$
CREATE FUNCTION bench.f_%1$s(p_id bigint, p_name text DEFAULT NULL) RETURNS integer LANGUAGE plpgsql AS
$body$
BEGIN
    UPDATE bench.t_%2$s SET name = coalesce(p_name, name), version = version + 1 WHERE id = p_id;
    RETURN 1;
END
$body$$sql$, lpad(i::text, 5, '0'), lpad(t::text, 5, '0')) END
FROM generate_series(1, :n_functions) i, LATERAL (SELECT (i - 1) % :n_tables + 1 AS t) x
\gexec

-- Fresh statistics, catalogs included, as on a settled server where autovacuum has run; done here so that
-- autovacuum does not start in the middle of a measurement.
VACUUM ANALYZE;

-- covers: mixed: schema app, partitions missing/extra, sequence, policy, materialized view, schema privilege, function attributes
-- tests: drift inside a non-public schema across partitions, sequences, RLS policies, a materialized view, a schema grant and a function
DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE SCHEMA app;
CREATE SEQUENCE app.event_no_seq CACHE 50;
CREATE TABLE app.events (
    event_no bigint NOT NULL DEFAULT nextval('app.event_no_seq'),
    tenant text NOT NULL,
    occurred_at date NOT NULL,
    kind text NOT NULL
) PARTITION BY RANGE (occurred_at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE app.events ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_tenant ON app.events USING (tenant = current_setting('app.tenant', true));
CREATE FUNCTION app.purge_events(cutoff date) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = app, pg_temp AS $$
DECLARE n integer;
BEGIN
    DELETE FROM app.events WHERE occurred_at < cutoff;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
CREATE MATERIALIZED VIEW app.event_daily AS SELECT occurred_at, kind, count(*) AS n FROM app.events GROUP BY occurred_at, kind;
GRANT USAGE ON SCHEMA app TO conv_reader;

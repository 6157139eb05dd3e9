DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE SCHEMA app;
CREATE SEQUENCE app.event_no_seq CACHE 1;
CREATE TABLE app.events (
    event_no bigint NOT NULL DEFAULT nextval('app.event_no_seq'),
    tenant text NOT NULL,
    occurred_at date NOT NULL,
    kind text NOT NULL
) PARTITION BY RANGE (occurred_at);
CREATE TABLE app.events_2023 PARTITION OF app.events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE app.events ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION app.purge_events(cutoff date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    DELETE FROM app.events WHERE occurred_at < cutoff;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
INSERT INTO app.events (tenant, occurred_at, kind) VALUES ('t1', '2023-06-01', 'login'), ('t1', '2024-02-01', 'login'), ('t2', '2024-03-01', 'logout');

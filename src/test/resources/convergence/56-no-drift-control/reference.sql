-- covers: control: identical definitions across many kinds (identity, serial, partitions, RLS, grants, hostile names)
-- tests: identical target and reference must produce no findings (no false positives from identity/serial sequences, PK/unique indexes, extension members, default ACLs)
DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE conv_writer NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA "Ünïcode ""q"" Schema";
CREATE TYPE public.state AS ENUM ('on', 'off');
CREATE DOMAIN public.percent AS numeric CHECK (VALUE BETWEEN 0 AND 100);
CREATE SEQUENCE public.batch_seq INCREMENT BY 5 CACHE 10;
CREATE TABLE public."Order" (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code citext NOT NULL UNIQUE,
    state public.state NOT NULL DEFAULT 'on',
    rate public.percent,
    qty integer NOT NULL DEFAULT 1 CHECK (qty > 0),
    total numeric GENERATED ALWAYS AS (qty * 2) STORED,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE public."Order" IS 'orders';
COMMENT ON COLUMN public."Order".code IS 'business key';
CREATE TABLE "Ünïcode ""q"" Schema".lines (id serial PRIMARY KEY, order_id bigint NOT NULL REFERENCES public."Order" (id) ON DELETE CASCADE, "select" text);
CREATE INDEX lines_order_idx ON "Ünïcode ""q"" Schema".lines (order_id) WHERE "select" IS NOT NULL;
CREATE TABLE public.events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE public.events_2024 PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.events_rest PARTITION OF public.events DEFAULT;
CREATE VIEW public.open_orders AS SELECT id, code FROM public."Order" WHERE state = 'on';
CREATE MATERIALIZED VIEW public.order_count AS SELECT count(*) AS n FROM public."Order";
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;
CREATE TRIGGER order_touch BEFORE UPDATE ON public."Order" FOR EACH ROW EXECUTE FUNCTION public.touch();
ALTER TABLE public."Order" ENABLE ROW LEVEL SECURITY;
CREATE POLICY order_read ON public."Order" FOR SELECT TO conv_reader USING (state = 'on');
GRANT SELECT ON public."Order" TO conv_reader;
GRANT SELECT (id, code) ON public."Order" TO conv_writer;
GRANT USAGE ON SCHEMA "Ünïcode ""q"" Schema" TO conv_reader;
GRANT USAGE ON SEQUENCE public.batch_seq TO conv_writer;

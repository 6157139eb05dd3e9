-- covers: privilege table, column privilege, PUBLIC grant
-- tests: table grant missing, extra PUBLIC grant, grant with extra privilege types, column grant missing
DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE conv_writer NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE public.customers (id integer PRIMARY KEY, status text, email text);
CREATE TABLE public.orders (id integer PRIMARY KEY, total numeric);
GRANT SELECT ON public.orders TO conv_reader;
GRANT SELECT, INSERT ON public.orders TO conv_writer;
GRANT SELECT (id, status) ON public.customers TO conv_reader;

DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE conv_writer NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE public.customers (id integer PRIMARY KEY, status text, email text);
CREATE TABLE public.orders (id integer PRIMARY KEY, total numeric);
GRANT SELECT, INSERT, DELETE ON public.orders TO conv_writer;
GRANT SELECT ON public.customers TO PUBLIC;
GRANT SELECT (id) ON public.customers TO conv_reader;
INSERT INTO public.customers VALUES (1, 'active', 'ada@example.org');
INSERT INTO public.orders VALUES (1, 10);

CREATE TABLE public.items (id integer PRIMARY KEY, name text);
CREATE TABLE public.queue (id integer PRIMARY KEY, job text) WITH (autovacuum_vacuum_scale_factor = 0.01);
CREATE TABLE public.hot (id integer PRIMARY KEY) WITH (autovacuum_enabled = false);
INSERT INTO public.items VALUES (1, 'bolt'), (2, 'nut');
INSERT INTO public.queue VALUES (1, 'send');
INSERT INTO public.hot VALUES (1);

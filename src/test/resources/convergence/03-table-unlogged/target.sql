CREATE UNLOGGED TABLE public.events (id integer PRIMARY KEY, payload text);
CREATE TABLE public.cache_entries (key text PRIMARY KEY, value text);
INSERT INTO public.events VALUES (1, 'a'), (2, 'b');
INSERT INTO public.cache_entries VALUES ('k1', 'v1');

CREATE EXTENSION citext;
CREATE TABLE public.products (id integer PRIMARY KEY, name text);
INSERT INTO public.products VALUES (1, 'Bolt'), (2, 'Nut');

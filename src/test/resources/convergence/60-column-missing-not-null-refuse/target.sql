CREATE TABLE public.stores (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO public.stores VALUES (1, 'Berlin'), (2, 'Paris');

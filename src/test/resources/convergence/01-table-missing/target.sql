CREATE TABLE public.customers (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO public.customers VALUES (1, 'Ada'), (2, 'Grace');

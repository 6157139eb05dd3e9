CREATE TABLE public.products (id integer PRIMARY KEY, code varchar(100), qty bigint, price numeric(12,4), note text);
INSERT INTO public.products VALUES (1, 'A-1', 5, 1.2500, 'x'), (2, 'B-2', 7, 0.1000, 'y');

CREATE TABLE public.products (id integer PRIMARY KEY, code varchar(20), title varchar(200), price numeric(8,2), stock integer);
INSERT INTO public.products VALUES (1, 'A-1', 'Bolt', 1.25, 100), (2, 'B-2', 'Nut', 0.10, 2000);

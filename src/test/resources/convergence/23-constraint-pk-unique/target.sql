CREATE TABLE public.products (id integer NOT NULL, sku text, vendor integer, vendor_ref text, name text);
INSERT INTO public.products VALUES (1, 'S1', 10, 'x1', 'Bolt'), (2, 'S2', 10, 'x2', 'Nut');

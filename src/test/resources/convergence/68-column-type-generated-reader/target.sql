CREATE TABLE public.prices (id integer PRIMARY KEY, price numeric(10,2), label varchar(10), gross numeric GENERATED ALWAYS AS (price * 1.2) STORED);
INSERT INTO public.prices (id, price, label) VALUES (1, 10, 'ten');

CREATE TABLE public.customers (id integer PRIMARY KEY, name varchar(50));
CREATE VIEW public.customer_names AS SELECT id, name FROM public.customers;
INSERT INTO public.customers VALUES (1, 'Ada'), (2, 'Grace');

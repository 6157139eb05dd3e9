CREATE TABLE public.customers (id integer PRIMARY KEY, name text, active boolean NOT NULL DEFAULT true);
CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer, total numeric);
CREATE VIEW public.order_totals AS SELECT customer_id, sum(total) AS total FROM public.orders GROUP BY customer_id;
CREATE VIEW public.old_report AS SELECT id, name FROM public.customers;
INSERT INTO public.customers VALUES (1, 'Ada', true), (2, 'Grace', false);
INSERT INTO public.orders VALUES (1, 1, 10), (2, 1, 5);

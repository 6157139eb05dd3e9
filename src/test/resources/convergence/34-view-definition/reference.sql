-- covers: view definition
-- tests: a view's WHERE differs; another view has an extra output column
CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer, total numeric, status text);
CREATE VIEW public.big_orders AS SELECT id, total FROM public.orders WHERE total > 100;
CREATE VIEW public.order_summary AS SELECT id, total, status FROM public.orders;

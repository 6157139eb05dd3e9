-- covers: view
-- tests: a view missing in the target and another extra in the target
CREATE TABLE public.customers (id integer PRIMARY KEY, name text, active boolean NOT NULL DEFAULT true);
CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer, total numeric);
CREATE VIEW public.order_totals AS SELECT customer_id, sum(total) AS total FROM public.orders GROUP BY customer_id;
CREATE VIEW public.active_customers AS SELECT id, name FROM public.customers WHERE active;

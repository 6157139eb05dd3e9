CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer, total numeric, status text);
CREATE VIEW public.big_orders AS SELECT id, total FROM public.orders WHERE total > 1000;
CREATE VIEW public.order_summary AS SELECT id, total FROM public.orders;
INSERT INTO public.orders VALUES (1, 1, 50, 'new'), (2, 1, 5000, 'paid');

CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer, placed_on date, total numeric);
INSERT INTO public.orders VALUES (1, 1, '2024-01-01', 10), (2, 2, '2024-01-01', 20), (3, 1, '2024-01-02', 5);
CREATE MATERIALIZED VIEW public.daily_totals AS SELECT placed_on, count(*) AS total FROM public.orders GROUP BY placed_on;
CREATE MATERIALIZED VIEW public.stale_stats AS SELECT count(*) AS n FROM public.orders;

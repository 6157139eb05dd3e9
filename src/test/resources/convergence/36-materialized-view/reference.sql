-- covers: materialized view
-- tests: matview missing, matview definition differs, matview extra
CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer, placed_on date, total numeric);
CREATE MATERIALIZED VIEW public.daily_totals AS SELECT placed_on, sum(total) AS total FROM public.orders GROUP BY placed_on;
CREATE MATERIALIZED VIEW public.customer_counts AS SELECT customer_id, count(*) AS orders FROM public.orders GROUP BY customer_id;

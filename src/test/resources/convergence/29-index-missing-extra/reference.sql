-- covers: index
-- tests: one index missing in the target, one extra in the target
CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer, status text, placed_at timestamptz);
CREATE INDEX orders_customer_idx ON public.orders (customer_id);
CREATE INDEX orders_placed_idx ON public.orders (placed_at);

-- covers: index method, INCLUDE, sort order
-- tests: hash vs btree, INCLUDE list differs, DESC vs ASC
CREATE TABLE public.sessions (id integer PRIMARY KEY, token text NOT NULL);
CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer, total numeric, status text, placed_at timestamptz);
CREATE INDEX sessions_token_idx ON public.sessions USING hash (token);
CREATE INDEX orders_customer_idx ON public.orders (customer_id) INCLUDE (total, status);
CREATE INDEX orders_placed_idx ON public.orders (placed_at DESC);

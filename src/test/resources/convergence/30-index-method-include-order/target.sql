CREATE TABLE public.sessions (id integer PRIMARY KEY, token text NOT NULL);
CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer, total numeric, status text, placed_at timestamptz);
CREATE INDEX sessions_token_idx ON public.sessions USING btree (token);
CREATE INDEX orders_customer_idx ON public.orders (customer_id) INCLUDE (total);
CREATE INDEX orders_placed_idx ON public.orders (placed_at);
INSERT INTO public.sessions VALUES (1, 'abc'), (2, 'def');
INSERT INTO public.orders VALUES (1, 1, 10, 'new', '2024-01-01');

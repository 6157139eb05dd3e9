-- covers: table
-- tests: a table with an index and an FK exists only in the reference
CREATE TABLE public.customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES public.customers (id),
    placed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_customer_idx ON public.orders (customer_id);

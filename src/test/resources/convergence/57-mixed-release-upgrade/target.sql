DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TYPE public.order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE public.customers (id integer PRIMARY KEY, name text NOT NULL, email varchar(100));
CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL CONSTRAINT orders_customer_fk REFERENCES public.customers (id),
    status public.order_status NOT NULL DEFAULT 'new',
    total numeric(10,2) NOT NULL,
    placed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_customer_idx ON public.orders (customer_id);
CREATE VIEW public.order_overview AS
    SELECT o.id, c.name, o.total FROM public.orders o JOIN public.customers c ON c.id = o.customer_id;
CREATE FUNCTION public.order_total(p_order integer) RETURNS numeric LANGUAGE sql STABLE AS $$
    SELECT total FROM public.orders WHERE id = p_order
$$;
INSERT INTO public.customers VALUES (1, 'Ada', 'ada@example.org'), (2, 'Grace', NULL);
INSERT INTO public.orders (id, customer_id, status, total) VALUES (10, 1, 'paid', 99.90), (11, 2, 'new', 5.00);

-- covers: mixed: column missing/widened, enum value added, table, index, view, function, privilege
-- tests: the target is the previous release; the reference is the next release (a typical forward migration)
DO $$ BEGIN CREATE ROLE conv_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TYPE public.order_status AS ENUM ('new', 'paid', 'shipped', 'refunded');
CREATE TABLE public.customers (
    id integer PRIMARY KEY,
    name text NOT NULL,
    email varchar(255),
    marketing_opt_in boolean NOT NULL DEFAULT false
);
CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL CONSTRAINT orders_customer_fk REFERENCES public.customers (id),
    status public.order_status NOT NULL DEFAULT 'new',
    total numeric(12,2) NOT NULL,
    placed_at timestamptz NOT NULL DEFAULT now(),
    currency char(3) NOT NULL DEFAULT 'EUR'
);
CREATE INDEX orders_customer_idx ON public.orders (customer_id);
CREATE INDEX orders_status_idx ON public.orders (status) WHERE status <> 'shipped';
CREATE TABLE public.refunds (
    id integer PRIMARY KEY,
    order_id integer NOT NULL REFERENCES public.orders (id),
    amount numeric(12,2) NOT NULL CHECK (amount > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE VIEW public.order_overview AS
    SELECT o.id, c.name, o.total, o.currency FROM public.orders o JOIN public.customers c ON c.id = o.customer_id;
CREATE FUNCTION public.order_total(p_order integer) RETURNS numeric LANGUAGE sql STABLE AS $$
    SELECT o.total - coalesce((SELECT sum(r.amount) FROM public.refunds r WHERE r.order_id = o.id), 0)
    FROM public.orders o WHERE o.id = p_order
$$;
GRANT SELECT ON public.order_overview TO conv_reader;

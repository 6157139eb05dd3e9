CREATE TABLE public.orders (id integer PRIMARY KEY, customer_id integer, status text, placed_at timestamptz);
CREATE INDEX orders_customer_idx ON public.orders (customer_id);
CREATE INDEX orders_status_idx ON public.orders (status);
INSERT INTO public.orders VALUES (1, 1, 'new', '2024-01-01'), (2, 2, 'paid', '2024-01-02');

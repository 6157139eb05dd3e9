CREATE TABLE public.customers (id integer PRIMARY KEY);
CREATE TABLE public.invoices (id integer PRIMARY KEY);
CREATE TABLE public.payments (id integer PRIMARY KEY);
CREATE TABLE public.refunds (id integer PRIMARY KEY);
COMMENT ON TABLE public.customers IS 'Customers';
COMMENT ON TABLE public.payments IS 'temporary, remove';
COMMENT ON TABLE public.refunds IS 'Refunds issued';
INSERT INTO public.customers VALUES (1);
INSERT INTO public.invoices VALUES (1);

-- covers: table, comment
-- tests: table comment differs, is missing, is extra
CREATE TABLE public.customers (id integer PRIMARY KEY);
CREATE TABLE public.invoices (id integer PRIMARY KEY);
CREATE TABLE public.payments (id integer PRIMARY KEY);
CREATE TABLE public.refunds (id integer PRIMARY KEY);
COMMENT ON TABLE public.customers IS 'Customer master data';
COMMENT ON TABLE public.invoices IS 'Issued invoices';
COMMENT ON TABLE public.refunds IS 'Refunds issued';

-- covers: view, column type change under a view
-- tests: a column under a view changes varchar(50)->text; the view's text is the same, so only the column is a finding
CREATE TABLE public.customers (id integer PRIMARY KEY, name text);
CREATE VIEW public.customer_names AS SELECT id, name FROM public.customers;

-- covers: column
-- tests: two columns with data exist only in the target
CREATE TABLE public.customers (id integer PRIMARY KEY, name text NOT NULL);

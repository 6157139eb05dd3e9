-- covers: table
-- tests: a table with rows, an identity column and an index exists only in the target
CREATE TABLE public.customers (id integer PRIMARY KEY, name text NOT NULL);

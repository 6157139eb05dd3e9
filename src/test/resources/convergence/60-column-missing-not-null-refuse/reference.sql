-- covers: column NOT NULL without default, refuse
-- tests: a NOT NULL column without a default is missing on a table with rows: reported and refused
CREATE TABLE public.stores (id integer PRIMARY KEY, name text NOT NULL, region text NOT NULL);

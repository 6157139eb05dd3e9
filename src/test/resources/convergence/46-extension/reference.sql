-- covers: extension (hstore, citext), column using an extension type
-- tests: hstore missing with a column of type hstore; citext extra
CREATE EXTENSION hstore;
CREATE TABLE public.products (id integer PRIMARY KEY, name text, attrs public.hstore);

-- covers: column type (widening)
-- tests: varchar(20)->varchar(100), varchar->text, numeric precision raised, int->bigint
CREATE TABLE public.products (id integer PRIMARY KEY, code varchar(100), title text, price numeric(12,2), stock bigint);

-- covers: column type (narrowing), refuse
-- tests: narrowing varchar, bigint->integer and numeric scale reduction are reported and refused
CREATE TABLE public.products (id integer PRIMARY KEY, code varchar(20), qty integer, price numeric(8,2), note text);

-- covers: column type change under a generated column
-- tests: numeric(10,2) to numeric(12,2) on a column a STORED generated column reads (refused); another column of
-- the table widened (repaired)
CREATE TABLE public.prices (id integer PRIMARY KEY, price numeric(12,2), label varchar(20), gross numeric GENERATED ALWAYS AS (price * 1.2) STORED);

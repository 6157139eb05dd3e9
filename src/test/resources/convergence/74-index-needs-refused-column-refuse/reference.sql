-- covers: index on a missing column whose addition is refused
-- tests: the index needs the column, which no plan adds: refused with it, not planned to fail
CREATE TABLE public.people (id int PRIMARY KEY, full_name text NOT NULL);
CREATE INDEX people_name_idx ON public.people (full_name);

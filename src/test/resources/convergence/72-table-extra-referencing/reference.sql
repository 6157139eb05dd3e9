-- covers: extra tables referencing each other
-- tests: extra tables are dropped after the extra tables whose foreign keys reference them, whatever their names
CREATE TABLE public.keep (id int PRIMARY KEY);

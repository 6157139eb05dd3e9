-- covers: table, inheritance
-- tests: a child INHERITS the parent in the reference only, another in the target only
CREATE TABLE public.people (id integer NOT NULL, name text);
CREATE TABLE public.staff (salary numeric) INHERITS (public.people);
CREATE TABLE public.contractors (id integer NOT NULL, name text, rate numeric);

-- covers: function result type change, column default and CHECK constraint using the function
-- tests: functions whose result type differs are dropped and created again; the default and the CHECK that call
-- them go first and come back after (the CHECK NOT VALID, then validated); a view over another replaced function too
CREATE TABLE public.items (id int PRIMARY KEY, price numeric NOT NULL);
CREATE FUNCTION public.items_between(lo numeric, hi numeric) RETURNS TABLE(id int, price numeric) LANGUAGE sql STABLE AS $$ SELECT id, price FROM public.items WHERE price BETWEEN lo AND hi $$;
CREATE VIEW public.cheap AS SELECT * FROM public.items_between(0, 10);
CREATE FUNCTION public.next_code() RETURNS bigint LANGUAGE sql AS $$ SELECT 42::bigint $$;
CREATE TABLE public.codes (id int PRIMARY KEY, code bigint DEFAULT public.next_code());
CREATE FUNCTION public.lim() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 100::bigint $$;
CREATE TABLE public.t (id int PRIMARY KEY, q int CHECK (q < public.lim()));

CREATE FUNCTION public.add_tax(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 1.19 $$;
CREATE FUNCTION public.legacy_hash(val text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT md5(val) $$;
CREATE TABLE public.prices (id integer PRIMARY KEY, amount numeric);
INSERT INTO public.prices VALUES (1, 10), (2, 20);

CREATE TABLE public.orders (id integer PRIMARY KEY, placed_on date, archived boolean NOT NULL DEFAULT false);
CREATE FUNCTION public.fmt(val integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT val::text $$;
CREATE FUNCTION public.fmt(val numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT round(val, 2)::text $$;
INSERT INTO public.orders (id, placed_on) VALUES (1, '2020-01-01'), (2, '2024-01-01');

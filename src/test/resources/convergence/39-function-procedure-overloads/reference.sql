-- covers: function overloads, procedure
-- tests: a procedure missing; overloads: one missing, one extra, one shared
CREATE TABLE public.orders (id integer PRIMARY KEY, placed_on date, archived boolean NOT NULL DEFAULT false);
CREATE FUNCTION public.fmt(val integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT val::text $$;
CREATE FUNCTION public.fmt(val text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT trim(val) $$;
CREATE PROCEDURE public.archive_orders(cutoff date) LANGUAGE sql AS $$
    UPDATE public.orders SET archived = true WHERE placed_on < cutoff
$$;

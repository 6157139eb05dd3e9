-- covers: function volatility, SECURITY DEFINER, SET search_path, language
-- tests: same name and arguments, one attribute differs per function
CREATE FUNCTION public.f_volatility(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x + 1 $$;
CREATE FUNCTION public.f_secdef() RETURNS text LANGUAGE sql SECURITY DEFINER AS $$ SELECT current_user::text $$;
CREATE FUNCTION public.f_path(x integer) RETURNS integer LANGUAGE sql SET search_path = public, pg_temp AS $$ SELECT x * 2 $$;
CREATE FUNCTION public.f_lang(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x - 1 $$;
CREATE FUNCTION public.f_same(x integer) RETURNS integer LANGUAGE sql STABLE AS $$ SELECT x $$;

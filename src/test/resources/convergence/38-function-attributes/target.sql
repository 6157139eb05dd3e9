CREATE FUNCTION public.f_volatility(x integer) RETURNS integer LANGUAGE sql VOLATILE AS $$ SELECT x + 1 $$;
CREATE FUNCTION public.f_secdef() RETURNS text LANGUAGE sql AS $$ SELECT current_user::text $$;
CREATE FUNCTION public.f_path(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x * 2 $$;
CREATE FUNCTION public.f_lang(x integer) RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN x - 1; END $$;
CREATE FUNCTION public.f_same(x integer) RETURNS integer LANGUAGE sql STABLE AS $$ SELECT x $$;

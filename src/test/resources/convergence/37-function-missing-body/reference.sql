-- covers: function
-- tests: function missing, function body differs, function extra
CREATE FUNCTION public.add_tax(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 1.2 $$;
CREATE FUNCTION public.full_name(first_name text, last_name text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN first_name || ' ' || last_name;
END
$$;
CREATE TABLE public.prices (id integer PRIMARY KEY, amount numeric);

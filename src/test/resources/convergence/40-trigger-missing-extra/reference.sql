-- covers: trigger
-- tests: a trigger missing in the target, another extra in the target
CREATE TABLE public.customers (id integer PRIMARY KEY, name text, updated_at timestamptz);
CREATE TABLE public.orders (id integer PRIMARY KEY, status text, updated_at timestamptz);
CREATE FUNCTION public.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER orders_set_updated_at BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE public.customers (id integer PRIMARY KEY, name text, updated_at timestamptz);
CREATE TABLE public.orders (id integer PRIMARY KEY, status text, updated_at timestamptz);
CREATE FUNCTION public.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER customers_touch BEFORE UPDATE ON public.customers FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
INSERT INTO public.customers VALUES (1, 'Ada', NULL);
INSERT INTO public.orders VALUES (1, 'new', NULL);

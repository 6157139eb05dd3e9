CREATE TABLE public.orders (id integer PRIMARY KEY, status text);
CREATE FUNCTION public.log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_events BEFORE INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log_change();
CREATE TRIGGER t_timing BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log_change();
CREATE TRIGGER t_when AFTER UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log_change();
CREATE TRIGGER t_disabled AFTER INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log_change();
CREATE TRIGGER t_same AFTER DELETE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log_change();
ALTER TABLE public.orders DISABLE TRIGGER t_disabled;
INSERT INTO public.orders VALUES (1, 'new'), (2, 'paid');

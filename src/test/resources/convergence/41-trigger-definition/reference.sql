-- covers: trigger events, timing, WHEN, enabled state
-- tests: events differ, BEFORE vs AFTER, WHEN condition, disabled in the target
CREATE TABLE public.orders (id integer PRIMARY KEY, status text);
CREATE FUNCTION public.log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_events BEFORE INSERT OR UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log_change();
CREATE TRIGGER t_timing AFTER UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log_change();
CREATE TRIGGER t_when AFTER UPDATE ON public.orders FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION public.log_change();
CREATE TRIGGER t_disabled AFTER INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log_change();
CREATE TRIGGER t_same AFTER DELETE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log_change();
